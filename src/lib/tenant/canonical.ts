import "server-only";
import { findSiteRecord } from "@/db/scope";
import { siteSegment, type SiteKey } from "./host";

/**
 * What the proxy must know of a school's host before anything renders:
 *  - whether a school answers there at all — an unknown subdomain or custom domain is answered 404 by the
 *    proxy, so it costs one cached look-up and leaves no rendered page behind;
 *  - its canonical host: a school with a verified custom domain answers there (its primary one), and its
 *    subdomain and other names (a www/apex twin, further domains) redirect (308) to it, path and query
 *    kept, so one address is indexed and shared.
 * Answers are kept in process — a school for a minute, "nobody here" for 5 seconds (a school just created
 * answers at once) — at most 10,000 hosts; a domain verified or removed shows within that time, and
 * `forgetSiteHost` applies it at once in the process that changed it. The map lives on globalThis: the proxy
 * and the server actions are bundled apart, and must share it.
 */
const TTL_MS = 60_000;
const UNKNOWN_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** `slug`: the school's subdomain label (where its account pages live, see account-host.ts). */
type Status = { known: boolean; canonical: string | null; slug: string | null };
const store = globalThis as typeof globalThis & { __courseforgeSiteHosts?: Map<string, Status & { at: number }> };
const cache = (store.__courseforgeSiteHosts ??= new Map());

const inFlight = new Map<string, Promise<Status>>();

export async function siteHostStatus(key: SiteKey): Promise<Status> {
  const k = siteSegment(key);
  const now = Date.now();
  const hit = cache.get(k);
  if (hit && now - hit.at < (hit.known ? TTL_MS : UNKNOWN_TTL_MS)) {
    // Least recently used goes first: a hit moves to the back, so a flood of made-up hosts evicts itself, not the schools in use.
    cache.delete(k);
    cache.set(k, hit);
    return hit;
  }
  // One look-up per host at a time, however many requests ask at once.
  const pending = inFlight.get(k);
  if (pending) return pending;
  const lookup = findSiteRecord(key)
    .then((site) => {
      const here = key.kind === "custom" ? key.hostname : null;
      // Every other host of the school (its subdomain, a www/apex twin, another domain) redirects to the canonical one.
      const canonical = site?.customDomain && site.customDomain !== here ? site.customDomain : null;
      const status = { known: site !== null, canonical, slug: site?.slug ?? null };
      cache.delete(k);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(k, { ...status, at: Date.now() });
      return status;
    })
    .finally(() => inFlight.delete(k));
  inFlight.set(k, lookup);
  return lookup;
}

export function forgetSiteHost(key: SiteKey): void {
  cache.delete(siteSegment(key));
}

export function forgetCanonicalHost(slug: string): void {
  forgetSiteHost({ kind: "subdomain", slug });
}
