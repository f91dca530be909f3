import "server-only";
import { Resolver } from "node:dns/promises";
import { env } from "@/lib/env";

/**
 * The DNS look-ups a domain check makes. Production uses the system's resolvers (or `DNS_SERVERS`); the
 * tests point `DNS_SERVERS` at a local DNS server that answers what the test says (test/fake-dns.ts),
 * so the same resolver code runs against real DNS packets.
 *
 * A name with no such record answers an empty list; a resolver that fails (timeout, SERVFAIL, refused)
 * throws DnsUnavailableError, which a check reports as "could not look up" rather than "missing".
 */
export type DnsLookup = {
  txt(name: string): Promise<string[]>;
  cname(name: string): Promise<string[]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
};

export class DnsUnavailableError extends Error {
  constructor(name: string, code: string) {
    super(`DNS look-up of ${name} failed (${code})`);
    this.name = "DnsUnavailableError";
  }
}

const ABSENT = new Set(["ENODATA", "ENOTFOUND", "NXDOMAIN", "ENONAME"]);

async function ask<T>(name: string, fn: () => Promise<T[]>): Promise<T[]> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    if (ABSENT.has(code)) return [];
    throw new DnsUnavailableError(name, code);
  }
}

/** Node's resolver with a short timeout; `DNS_SERVERS` (comma-separated `ip[:port]`) overrides the system's. */
export function systemDns(opts: { servers?: string[] } = {}): DnsLookup {
  const resolver = new Resolver({ timeout: 2500, tries: 2 });
  const servers = opts.servers ?? env().DNS_SERVERS;
  if (servers) resolver.setServers(servers);
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase().replace(/\.$/, ""));
  return {
    txt: (name) => ask(name, async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""))),
    cname: (name) => ask(name, async () => lower(await resolver.resolveCname(name))),
    a: (name) => ask(name, () => resolver.resolve4(name)),
    aaaa: (name) => ask(name, () => resolver.resolve6(name)),
  };
}
