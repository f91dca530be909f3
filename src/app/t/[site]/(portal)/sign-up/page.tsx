import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { requireSite } from "@/lib/site/portal";

export const metadata = { title: "Create your account" };

export default async function StudentSignUp({ params }: { params: Promise<{ site: string }> }) {
  const site = await requireSite((await params).site);
  return (
    <main>
      <AuthCard title={`Join ${site.name}`} subtitle="Create your student account." footer={<Link href="/sign-in">Already have an account? Sign in</Link>}>
        <SignUpForm afterSignUp="/library" callbackURL="/library" />
      </AuthCard>
    </main>
  );
}
