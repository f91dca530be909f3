import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { requireSite } from "@/lib/site/portal";

export default async function StudentResetPassword({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<{ token?: string; error?: string }>;
}) {
  await requireSite((await params).site);
  const { token, error } = await searchParams;
  return (
    <main>
      <AuthCard title="Choose a new password" subtitle={error ? "This reset link is invalid or has expired." : undefined}>
        <ResetPasswordForm token={error ? null : (token ?? null)} />
      </AuthCard>
    </main>
  );
}
