import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";
import { requireSite } from "@/lib/site/portal";

export const metadata = { title: "Sign in" };

export default async function StudentSignIn({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ next?: string }> }) {
  const site = await requireSite((await params).site);
  const { next } = await searchParams;
  return (
    <main>
      <AuthCard
        title={`Sign in to ${site.name}`}
        footer={<Link href={withNext("/sign-up", await nextOnThisOrigin(next, ""))}>New here? Create your account</Link>}
      >
        <SignInForm destination={await nextOnThisOrigin(next, "/library")} signUpHref={withNext("/sign-up", await nextOnThisOrigin(next, ""))} />
      </AuthCard>
    </main>
  );
}
