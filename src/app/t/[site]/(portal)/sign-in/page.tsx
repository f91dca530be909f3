import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { activeStudentOf, requireSite, servedCustomDomain } from "@/lib/site/portal";
import { afterSignIn, HANDOFF_NONCE_PARAM } from "@/lib/tenant/account-host";
import { nextOnThisOrigin, withParams } from "@/lib/urls/request-origin";

export const metadata = { title: "Sign in" };

/**
 * A student's sign-in on the school's host — its subdomain, also for a school with a custom domain (see
 * src/lib/tenant/account-host.ts): afterwards the session is handed to the custom domain. A student who is
 * already signed in here goes straight on.
 */
export default async function StudentSignIn({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<{ next?: string; handoff?: string; hn?: string }>;
}) {
  const site = await requireSite((await params).site);
  const { next, handoff, hn } = await searchParams;
  const back = await nextOnThisOrigin(next, "");
  const destination = afterSignIn({ customDomain: await servedCustomDomain(site), next: back || "/library", nonce: hn });
  if (handoff !== "failed" && (await activeStudentOf(site))) redirect(destination);
  // The other account page keeps where to go and the browser nonce of a handoff (src/lib/tenant/account-host.ts).
  const otherPage = withParams("/sign-up", { next: back, [HANDOFF_NONCE_PARAM]: hn });
  return (
    <main>
      <AuthCard title={`Sign in to ${site.name}`}>
        {handoff === "failed" ? (
          <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            That sign-in link has expired or was already used. Sign in again to continue.
          </p>
        ) : null}
        <SignInForm destination={destination} signUpHref={otherPage} brand />
      </AuthCard>
    </main>
  );
}
