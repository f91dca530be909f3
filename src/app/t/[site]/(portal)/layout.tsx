import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { TenantShell } from "@/components/site/tenant-shell";
import { getSessionUser } from "@/lib/auth/session";
import { requireSite } from "@/lib/site/portal";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ site: string }> }): Promise<Metadata> {
  const site = await requireSite((await params).site);
  return { title: { default: site.name, template: `%s · ${site.name}` }, robots: { index: false } };
}

export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ site: string }> }) {
  const site = await requireSite((await params).site);
  const user = await getSessionUser();
  return (
    <TenantShell
      site={site}
      nav={
        <>
          <Link href="/" className="hover:underline">
            Courses
          </Link>
          {user ? (
            <>
              <Link href="/library" className="hover:underline">
                My library
              </Link>
              <Link href="/account" className="hover:underline">
                Account
              </Link>
              <SignOutButton className="hover:underline" />
            </>
          ) : (
            <Link href="/sign-in" className="rounded-md bg-brand px-3 py-1.5 font-medium text-white">
              Sign in
            </Link>
          )}
        </>
      }
    >
      {children}
    </TenantShell>
  );
}
