import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ResendVerification } from "@/components/onboarding/resend-verification";
import { AcceptInvite } from "@/components/team/accept-invite";
import { findOpenInvitationByTokenHash } from "@/db/queries/invitations";
import { getSessionUser } from "@/lib/auth/session";
import { hashToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = token.length >= 20 && token.length <= 100 ? await findOpenInvitationByTokenHash(hashToken(token)) : null;
  if (!found) {
    return (
      <main>
        <AuthCard title="Invitation not valid" subtitle="It may have expired, been revoked or already been used. Ask for a new one." />
      </main>
    );
  }
  const user = await getSessionUser();
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <main>
      <AuthCard title={`Join ${found.creator.name}`} subtitle={`You were invited as ${found.invitation.role} (${found.invitation.email}).`}>
        {user ? (
          user.email === found.invitation.email ? (
            user.emailVerified ? (
              <AcceptInvite token={token} />
            ) : (
              <div className="flex flex-col gap-3 text-sm text-zinc-700">
                <p>Confirm your email address first: open the link we sent to {user.email}, then come back to this page.</p>
                <ResendVerification email={user.email} callbackURL={`/invite/${token}`} />
              </div>
            )
          ) : (
            <div className="flex flex-col gap-3 text-sm text-zinc-700">
              <p>
                You are signed in as {user.email}. This invitation is for {found.invitation.email}; sign out, then sign in (or create an account) with that
                address.
              </p>
              <SignOutButton redirectTo={`/sign-in?next=${back}`} />
            </div>
          )
        ) : (
          <div className="flex flex-col gap-2 text-sm">
            <Link className="rounded-md bg-zinc-900 px-4 py-2 text-center font-medium text-white" href={`/sign-in?next=${back}`}>
              Sign in to accept
            </Link>
            <Link className="text-center underline" href={`/sign-up?next=${back}`}>
              New to Courseforge? Create an account
            </Link>
          </div>
        )}
      </AuthCard>
    </main>
  );
}
