import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <main>
      <AuthCard
        title="Sign in to Courseforge"
        subtitle="Manage your school, courses and students."
        footer={<Link href={withNext("/sign-up", await nextOnThisOrigin(next, ""))}>New here? Create your account</Link>}
      >
        <SignInForm destination={await nextOnThisOrigin(next, "/")} signUpHref={withNext("/sign-up", await nextOnThisOrigin(next, ""))} />
      </AuthCard>
    </main>
  );
}
