import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { nextOnThisOrigin } from "@/lib/urls/request-origin";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <main>
      <AuthCard title="Sign in to Courseforge" subtitle="Manage your school, courses and students." footer={<Link href="/sign-up">New here? Create your school</Link>}>
        <SignInForm destination={await nextOnThisOrigin(next, "/")} signUpHref="/sign-up" />
      </AuthCard>
    </main>
  );
}
