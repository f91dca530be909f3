import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PublicNav, TenantShell } from "@/components/site/tenant-shell";
import { siteOrigin } from "@/lib/site/seo";
import { getSite } from "@/lib/tenant/resolve";

// Public tenant pages are rendered once and served from cache; the creator's changes expire them by tag.
export const revalidate = 3600;

export async function generateMetadata({ params }: { params: Promise<{ site: string }> }): Promise<Metadata> {
  const site = await getSite((await params).site);
  if (!site) return {};
  return {
    // Absolute URLs (canonical, Open Graph images) on the school's canonical host: its verified custom domain if it has one.
    metadataBase: new URL(siteOrigin(site)),
    title: { default: site.name, template: `%s · ${site.name}` },
    description: site.branding.tagline ?? undefined,
    icons: site.branding.faviconUrl ? [{ url: site.branding.faviconUrl }] : undefined,
    openGraph: { siteName: site.name, title: site.name, description: site.branding.tagline ?? undefined, type: "website" },
    twitter: { card: "summary_large_image", title: site.name, description: site.branding.tagline ?? undefined },
  };
}

export default async function SiteLayout({ children, params }: { children: React.ReactNode; params: Promise<{ site: string }> }) {
  const site = await getSite((await params).site);
  if (!site) notFound();
  return (
    <TenantShell site={site} nav={<PublicNav />}>
      {children}
    </TenantShell>
  );
}
