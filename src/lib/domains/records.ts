import { verificationName, verificationValue } from "./hostname";
import { DnsUnavailableError, type DnsLookup } from "./dns";

/**
 * The DNS records a creator creates for a domain, and the check that they are there.
 *  - ownership: a TXT record `_courseforge.<apex>` holding this domain's token. Only someone who controls
 *    the domain's DNS can publish it, so it — not the address typed into the form — is what lets a school
 *    serve the name. Several tokens may sit side by side (several schools' claims, or other services').
 *  - routing: the name points at the platform — a CNAME to the target, or (at an apex, where a CNAME is
 *    not allowed) an ALIAS/ANAME or flattened CNAME, which shows as the target's own A/AAAA addresses.
 */
export type DnsRecord = {
  type: "TXT" | "CNAME";
  /** The full name. */ name: string;
  /** Relative to the apex, as DNS panels ask for it: `@`, `www`, `_courseforge`. */ label: string;
  value: string;
  purpose: string;
};

const labelOf = (name: string, apex: string) => (name === apex ? "@" : name.slice(0, -(apex.length + 1)));

export function recordsFor(domain: { hostname: string; apex: string; token: string; twin: string | null }, target: string): DnsRecord[] {
  const txt = verificationName(domain.apex);
  const routing = (host: string): DnsRecord => ({
    type: "CNAME",
    name: host,
    label: labelOf(host, domain.apex),
    value: target,
    purpose:
      host === domain.apex
        ? "Points the domain at your school. For the bare domain, many DNS hosts offer no CNAME: use the type they offer instead (often called ALIAS, ANAME or “CNAME flattening”)"
        : "Points the domain at your school",
  });
  return [
    { type: "TXT", name: txt, label: labelOf(txt, domain.apex), value: verificationValue(domain.token), purpose: "Proves you own the domain" },
    routing(domain.hostname),
    ...(domain.twin ? [routing(domain.twin)] : []),
  ];
}

export type DomainCheck = {
  ownership: boolean;
  /** Per host (the domain, and its twin): does it point at the platform? */
  routing: Record<string, boolean>;
  verified: boolean;
  /** What is missing, in words a creator can act on; null when verified. */
  problem: string | null;
};

async function pointsAt(dns: DnsLookup, host: string, target: { name: string; addrs: () => Promise<Set<string>> }): Promise<boolean> {
  const cnames = await dns.cname(host);
  if (cnames.length) return cnames.includes(target.name);
  // An apex with ALIAS/ANAME or a flattened CNAME answers the target's own addresses.
  const addrs = [...(await dns.a(host)), ...(await dns.aaaa(host))];
  if (!addrs.length) return false;
  const ours = await target.addrs();
  return addrs.every((a) => ours.has(a));
}

/**
 * Look the records up. The domain is verified when the ownership TXT holds its token and the domain itself
 * points at the platform; its twin is verified with it once it points at the platform too (the same owner
 * proved the apex), and is reported separately so the creator sees if its record is still missing.
 */
export async function checkDomain(
  dns: DnsLookup,
  domain: { hostname: string; apex: string; token: string; twin: string | null },
  target: string,
): Promise<DomainCheck> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DnsUnavailableError(domain.hostname, "ETIMEOUT")), CHECK_BUDGET_MS);
  });
  try {
    return await Promise.race([lookUp(dns, domain, target), budget]);
  } catch (err) {
    if (!(err instanceof DnsUnavailableError)) throw err;
    return { ownership: false, routing: {}, verified: false, problem: "The DNS look-up failed (no answer from the domain's name servers). We will try again." };
  } finally {
    clearTimeout(timer);
  }
}

/** A whole check (every look-up, in parallel) gets this long before it counts as a failed look-up. */
const CHECK_BUDGET_MS = 8_000;

async function lookUp(dns: DnsLookup, domain: { hostname: string; apex: string; token: string; twin: string | null }, target: string): Promise<DomainCheck> {
  let addrs: Promise<Set<string>> | null = null;
  const targetAddrs = () => (addrs ??= Promise.all([dns.a(target), dns.aaaa(target)]).then(([a, b]) => new Set([...a, ...b])));
  const hosts = [domain.hostname, ...(domain.twin ? [domain.twin] : [])];
  const [txt, ...routed] = await Promise.all([
    dns.txt(verificationName(domain.apex)),
    ...hosts.map((host) => pointsAt(dns, host, { name: target, addrs: targetAddrs })),
  ]);
  const ownership = (txt as string[]).some((t) => t.trim() === verificationValue(domain.token));
  const routing = Object.fromEntries(hosts.map((h, i) => [h, routed[i] === true]));
  const verified = ownership && routing[domain.hostname] === true;
  // Named as the table shows them: the record's name within the domain, and the domain.
  const missing = [
    ...(ownership ? [] : [`the TXT record “${labelOf(verificationName(domain.apex), domain.apex)}” on ${domain.apex}`]),
    ...(routing[domain.hostname] ? [] : [`the CNAME record “${labelOf(domain.hostname, domain.apex)}” on ${domain.apex} pointing to ${target}`]),
  ];
  return {
    ownership,
    routing,
    verified,
    problem: verified ? null : `Not found yet: ${missing.join(" and ")}. DNS changes can take a few minutes to an hour to show.`,
  };
}
