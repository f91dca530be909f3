import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { OnboardingForm } from "@/components/onboarding/onboarding-form";
import { ResendVerification } from "@/components/onboarding/resend-verification";
import { verifiedWithoutPassword } from "@/db/queries/users";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata = { title: "Set up your school" };
export const dynamic = "force-dynamic";

export default async function OnboardingPage() {
  const user = await requireUser("/onboarding");
  if (!user.emailVerified) {
    return (
      <main>
        <AuthCard
          title="Confirm your email"
          subtitle={
            <>
              We sent a link to <strong>{user.email}</strong>. Open it to continue setting up your school.
            </>
          }
        >
          <div className="flex flex-col gap-3">
            <ResendVerification email={user.email} />
            {env().emailTransport === "outbox" ? (
              <Link href="/dev/outbox" className="text-center text-sm text-zinc-600 underline">
                Open the local outbox (embedded mode)
              </Link>
            ) : null}
          </div>
        </AuthCard>
      </main>
    );
  }
  const noPassword = await verifiedWithoutPassword(user.email);
  return (
    <main>
      <AuthCard title="Name your school" subtitle="You can change the name and branding later.">
        {noPassword ? (
          <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This account has no password — none was set, or it was removed for safety when the address was confirmed from another browser.{" "}
            <Link href="/forgot-password" className="font-medium underline">
              Set a password
            </Link>{" "}
            to sign in with one next time (or use an emailed sign-in link).
          </p>
        ) : null}
        <OnboardingForm rootDomain={env().rootDomain} />
      </AuthCard>
    </main>
  );
}
