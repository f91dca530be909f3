import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { nextOnThisOrigin } from "@/lib/urls/request-origin";
import { requireSite } from "@/lib/site/portal";

export const metadata = { title: "Sign in" };

export default async function StudentSignIn({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ next?: string }> }) {
  const site = await requireSite((await params).site);
  const { next } = await searchParams;
  return (
    <main>
      <AuthCard title={`Sign in to ${site.name}`} footer={<Link href="/sign-up">New here? Create your account</Link>}>
        <SignInForm destination={await nextOnThisOrigin(next, "/library")} signUpHref="/sign-up" />
      </AuthCard>
    </main>
  );
}
