import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string; error?: string }> }) {
  const { token, error } = await searchParams;
  return (
    <main>
      <AuthCard title="Choose a new password" subtitle={error ? "This reset link is invalid or has expired." : undefined}>
        <ResetPasswordForm token={error ? null : (token ?? null)} />
      </AuthCard>
    </main>
  );
}
