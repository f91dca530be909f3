import "server-only";
import { parse } from "tldts";
import { findDomain, recordDomainCheck, type DomainEntry } from "@/db/queries/domains";
import { getCreatorOrThrow } from "@/db/queries/tenants";
import type { TenantScope } from "@/db/scope";
import { env } from "@/lib/env";
import { forgetSiteHost } from "@/lib/tenant/canonical";
import { systemDns, type DnsLookup } from "./dns";
import { checkDomain, recordsFor, type DnsRecord, type DomainCheck } from "./records";

/** The registrable domain of a stored name (where its ownership record lives). */
export const apexOf = (hostname: string) => parse(hostname, { allowPrivateDomains: true }).domain ?? hostname;

/** The records to show for an entry: the ownership TXT, then a CNAME per name. */
export function dnsRecordsOf(entry: Pick<DomainEntry, "hostname" | "verificationToken"> & { twin: { hostname: string } | null }): DnsRecord[] {
  return recordsFor(
    { hostname: entry.hostname, apex: apexOf(entry.hostname), token: entry.verificationToken, twin: entry.twin?.hostname ?? null },
    env().customDomainTarget,
  );
}

/**
 * Check a domain's DNS now and record the result ("Verify now", the scheduled retries of a new domain and
 * the daily re-check of verified ones share it). When the domain starts or stops serving the school, this
 * process's host cache forgets its names (and the school's subdomain) at once; others follow within their
 * cache's minute.
 */
export async function verifyDomain(
  scope: TenantScope,
  opts: { id: string; actorUserId: string | null; dns?: DnsLookup; now?: Date },
): Promise<{ entry: DomainEntry; check: DomainCheck; changed: "verified" | "lost" | null }> {
  const entry = await findDomain(scope, opts.id);
  const check = await checkDomain(
    opts.dns ?? systemDns(),
    { hostname: entry.hostname, apex: apexOf(entry.hostname), token: entry.verificationToken, twin: entry.twin?.hostname ?? null },
    env().customDomainTarget,
  );
  const result = await recordDomainCheck(scope, opts.id, { ...check, actorUserId: opts.actorUserId, now: opts.now });
  if (result.changed) forgetHosts(result.entry, (await getCreatorOrThrow(scope)).slug);
  return { ...result, check };
}

/** Drop cached host answers in this process: the names of a domain, and the school's subdomain (which starts or stops redirecting). */
export function forgetHosts(entry: { hostname: string; twin: { hostname: string } | null } | string[], slug?: string) {
  const names = Array.isArray(entry) ? entry : [entry.hostname, ...(entry.twin ? [entry.twin.hostname] : [])];
  for (const hostname of names) forgetSiteHost({ kind: "custom", hostname });
  if (slug) forgetSiteHost({ kind: "subdomain", slug });
}
