import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { activeStudentOf, requireSite } from "@/lib/site/portal";
import { afterSignIn } from "@/lib/tenant/account-host";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Create your account" };

/**
 * A student's sign-up on the school's host (its subdomain when it has a custom domain, which gets the
 * session by handoff); `?next=` (this host only) is where they go afterwards, e.g. back to a free offer's
 * checkout. A student already signed in here goes straight on.
 */
export default async function StudentSignUp({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ next?: string }> }) {
  const site = await requireSite((await params).site);
  const back = await nextOnThisOrigin((await searchParams).next, "");
  const destination = afterSignIn({ customDomain: site.customDomain, next: back || "/library" });
  if (await activeStudentOf(site)) redirect(destination);
  return (
    <main>
      <AuthCard
        title={`Join ${site.name}`}
        subtitle="Create your student account."
        footer={<Link href={withNext("/sign-in", back)}>Already have an account? Sign in</Link>}
      >
        <SignUpForm afterSignUp={destination} callbackURL={destination} />
      </AuthCard>
    </main>
  );
}
