import "server-only";
import { unstable_cache } from "next/cache";
import { findSiteRecord, siteScopeFor, type SiteRecord, type TenantScope } from "@/db/scope";
import { PLATFORM_BRAND, type EmailBrand } from "@/emails/components/email-layout";
import { env } from "@/lib/env";
import { parseHost } from "./host";
import { siteTag } from "./tags";

/** Host key used in internal paths and cache tags: the slug, or the custom domain's hostname. */
export function hostKey(host: string | null | undefined): string | null {
  const info = parseHost(host, env().rootHostname);
  if (info.kind === "tenant") return info.slug;
  if (info.kind === "custom") return info.hostname;
  return null;
}

/**
 * Host key → tenant, cached across requests and invalidated by tag (siteTag) when the slug,
 * a domain or the branding changes. Returns plain data (safe to serialize).
 */
export function getSite(siteKey: string): Promise<SiteRecord | null> {
  const key = siteKey.toLowerCase();
  return unstable_cache(() => findSiteRecord(key), ["site", key], { tags: [siteTag(key)], revalidate: 3600 })();
}

export async function resolveHostTenant(host: string | null | undefined): Promise<{ scope: TenantScope; site: SiteRecord } | null> {
  const key = hostKey(host);
  if (!key) return null;
  const site = await getSite(key);
  return site ? { scope: siteScopeFor(site), site } : null;
}

/** Branding for mail sent because of a request on `host`: the tenant's, or the platform's. */
export async function brandForHost(host: string | null | undefined): Promise<{ brand: EmailBrand; scope: TenantScope | null }> {
  const t = await resolveHostTenant(host);
  if (!t) return { brand: PLATFORM_BRAND, scope: null };
  return { brand: { name: t.site.name, primaryColor: t.site.branding.primaryColor, logoUrl: t.site.branding.logoUrl }, scope: t.scope };
}
