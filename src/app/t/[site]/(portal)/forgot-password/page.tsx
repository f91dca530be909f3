import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { requireSite } from "@/lib/site/portal";

export default async function StudentForgotPassword({ params }: { params: Promise<{ site: string }> }) {
  await requireSite((await params).site);
  return (
    <main>
      <AuthCard title="Reset your password" footer={<Link href="/sign-in">Back to sign in</Link>}>
        <ForgotPasswordForm />
      </AuthCard>
    </main>
  );
}
