import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { requireSite } from "@/lib/site/portal";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Create your account" };

/** A student's sign-up on the school's host; `?next=` (this host only) is where they go afterwards, e.g. back to a free offer's checkout. */
export default async function StudentSignUp({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ next?: string }> }) {
  const site = await requireSite((await params).site);
  const destination = await nextOnThisOrigin((await searchParams).next, "/library");
  return (
    <main>
      <AuthCard
        title={`Join ${site.name}`}
        subtitle="Create your student account."
        footer={<Link href={withNext("/sign-in", destination === "/library" ? "" : destination)}>Already have an account? Sign in</Link>}
      >
        <SignUpForm afterSignUp={destination} callbackURL={destination} />
      </AuthCard>
    </main>
  );
}
