import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Create your school" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const after = await nextOnThisOrigin(next, "/onboarding");
  // Already signed in: nothing to create — on to where they were going (or their schools).
  if (await getSessionUser()) redirect(await nextOnThisOrigin(next, "/"));
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
