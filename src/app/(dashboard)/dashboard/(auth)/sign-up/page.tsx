import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Create your school" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const after = await nextOnThisOrigin(next, "/onboarding");
  return (
    <main>
      <AuthCard
        title="Create your school"
        subtitle="Start free. No card needed."
        footer={<Link href={withNext("/sign-in", await nextOnThisOrigin(next, ""))}>Already have an account? Sign in</Link>}
      >
        <SignUpForm afterSignUp={after} callbackURL={after} />
      </AuthCard>
    </main>
  );
}
