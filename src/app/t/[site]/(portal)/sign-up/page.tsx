import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { activeStudentOf, requireSite, servedCustomDomain } from "@/lib/site/portal";
import { afterSignIn, HANDOFF_NONCE_PARAM } from "@/lib/tenant/account-host";
import { nextOnThisOrigin, withParams } from "@/lib/urls/request-origin";

export const metadata = { title: "Create your account" };

/**
 * A student's sign-up on the school's host (its subdomain when it has a custom domain, which gets the
 * session by handoff); `?next=` (this host only) is where they go afterwards, e.g. back to a free offer's
 * checkout. A student already signed in here goes straight on.
 */
export default async function StudentSignUp({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<{ next?: string; hn?: string }>;
}) {
  const site = await requireSite((await params).site);
  const { next, hn } = await searchParams;
  const back = await nextOnThisOrigin(next, "");
  const destination = afterSignIn({ customDomain: await servedCustomDomain(site), next: back || "/library", nonce: hn });
  if (await activeStudentOf(site)) redirect(destination);
  // The other account page keeps where to go and the browser nonce of a handoff (src/lib/tenant/account-host.ts).
  const otherPage = withParams("/sign-in", { next: back, [HANDOFF_NONCE_PARAM]: hn });
  return (
    <main>
      <AuthCard title={`Join ${site.name}`} subtitle="Create your student account." footer={<Link href={otherPage}>Already have an account? Sign in</Link>}>
        <SignUpForm afterSignUp={destination} callbackURL={destination} brand />
      </AuthCard>
    </main>
  );
}
