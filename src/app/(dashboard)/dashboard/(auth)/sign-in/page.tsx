import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/lib/auth/session";
import { nextOnThisOrigin, withNext } from "@/lib/urls/request-origin";

export const metadata = { title: "Sign in" };

/** The creators' sign-in (app host). Someone already signed in here goes straight on. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const destination = await nextOnThisOrigin(next, "/");
  if (await getSessionUser()) redirect(destination);
  return (
    <main>
      <AuthCard title="Sign in to Courseforge" subtitle="Manage your school, courses and students.">
        <SignInForm destination={destination} signUpHref={withNext("/sign-up", await nextOnThisOrigin(next, ""))} />
      </AuthCard>
    </main>
  );
}
