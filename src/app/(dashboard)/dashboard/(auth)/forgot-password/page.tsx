import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main>
      <AuthCard title="Reset your password" footer={<Link href="/sign-in">Back to sign in</Link>}>
        <ForgotPasswordForm />
      </AuthCard>
    </main>
  );
}
