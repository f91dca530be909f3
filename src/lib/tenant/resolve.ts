import "server-only";
import { unstable_cache } from "next/cache";
import { findSiteRecord, siteScopeFor, type SiteRecord, type TenantScope } from "@/db/scope";
import { PLATFORM_BRAND, type EmailBrand } from "@/emails/components/email-layout";
import { emailImageUrl } from "@/lib/site/email-image";
import { env } from "@/lib/env";
import { parseHost, parseSiteSegment, siteKeyOf, siteSegment } from "./host";
import { siteTag } from "./tags";

/** The site segment (src/app/t/[site]) of a request's host: `acme`, `~learn.example.com`, or null for other host kinds. */
export function siteSegmentOfHost(host: string | null | undefined): string | null {
  const key = siteKeyOf(parseHost(host, env().rootHostname));
  return key ? siteSegment(key) : null;
}

/**
 * Site segment → tenant, cached across requests and invalidated by tag (siteTag) when the slug, a domain
 * or the branding changes. Returns plain data (safe to serialize). A segment siteSegment could not have
 * made is nobody.
 */
export function getSite(segment: string): Promise<SiteRecord | null> {
  const key = parseSiteSegment(segment.toLowerCase());
  if (!key) return Promise.resolve(null);
  const seg = siteSegment(key);
  // Only a school is kept: "nobody here" is not cached, so a host asked about before its domain was
  // verified (through /api, which the proxy does not screen) answers as soon as it is.
  return unstable_cache(
    async () => {
      const site = await findSiteRecord(key);
      if (!site) throw new NobodyHere();
      return site;
    },
    ["site", seg],
    { tags: [siteTag(seg)], revalidate: 3600 },
  )().catch((err: unknown) => {
    if (err instanceof NobodyHere) return null;
    throw err;
  });
}

class NobodyHere extends Error {}

export async function resolveHostTenant(host: string | null | undefined): Promise<{ scope: TenantScope; site: SiteRecord } | null> {
  const seg = siteSegmentOfHost(host);
  if (!seg) return null;
  const site = await getSite(seg);
  return site ? { scope: siteScopeFor(site), site } : null;
}

/** Branding for mail sent because of a request on `host`: the tenant's, or the platform's. */
export async function brandForHost(host: string | null | undefined): Promise<{ brand: EmailBrand; scope: TenantScope | null }> {
  const t = await resolveHostTenant(host);
  if (!t) return { brand: PLATFORM_BRAND, scope: null };
  return {
    brand: { name: t.site.name, primaryColor: t.site.branding.primaryColor, logoUrl: emailImageUrl(t.site.slug, t.site.branding.logoUrl) },
    scope: t.scope,
  };
}
