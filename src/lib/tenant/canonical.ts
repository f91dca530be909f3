import "server-only";
import { findSiteRecord } from "@/db/scope";

/**
 * A school with a verified custom domain answers there: its subdomain redirects (308) to the domain, path
 * and query kept, so one address is indexed and shared. The proxy asks here on every GET to a subdomain,
 * so answers are kept in process for a minute (a domain verified or removed shows within that time;
 * `forgetCanonicalHost` applies it at once in the process that changed it).
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { host: string | null; at: number }>();

export async function canonicalHostOf(slug: string): Promise<string | null> {
  const now = Date.now();
  const hit = cache.get(slug);
  if (hit && now - hit.at < TTL_MS) return hit.host;
  const site = await findSiteRecord({ kind: "subdomain", slug });
  const host = site?.customDomain ?? null;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(slug, { host, at: now });
  return host;
}

export function forgetCanonicalHost(slug: string): void {
  cache.delete(slug);
}
