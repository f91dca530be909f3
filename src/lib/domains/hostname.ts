import { parse } from "tldts";
import { normalizeHostname } from "@/lib/tenant/host";

/**
 * What a creator typed into "Add a domain", decided by one pure function: the hostname to serve, its
 * registrable domain (from the Public Suffix List, private suffixes included, so `school.github.io` is
 * its owner's and `co.uk` is nobody's), and its apex/`www` twin. A pasted URL (`https://Learn.Example.com/`)
 * is reduced to its host; anything the platform serves itself, an IP, a bare suffix or a local name is
 * refused with a reason a creator can act on.
 */
export type CustomDomain = {
  hostname: string;
  /** The registrable domain: `example.com` for `learn.example.com`. The ownership record lives under it. */
  apex: string;
  /** `www.example.com` for `example.com` and the reverse; null for any other subdomain. */
  twin: string | null;
};

export type CustomDomainCheck = { ok: true; domain: CustomDomain } | { ok: false; reason: string };

const LOCAL_SUFFIXES = ["localhost", "local", "internal", "lan", "home.arpa", "invalid", "onion"];

/**
 * @param opts.rootHostname the platform's root host name (its names are refused)
 * @param opts.allowReservedTlds accept names under suffixes that are not public (`.test`, `.example`…):
 *   only for a local platform (the demo and the tests); a public one takes public names only, so its DNS
 *   checks never ask about internal names.
 */
export function checkCustomDomain(input: string, opts: { rootHostname: string; allowReservedTlds?: boolean }): CustomDomainCheck {
  const rootHostname = opts.rootHostname;
  let raw = input.trim();
  if (!raw) return { ok: false, reason: "Enter a domain, like learn.example.com." };
  // A pasted address: keep only its host.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      raw = new URL(raw).hostname;
    } catch {
      return { ok: false, reason: "That is not a domain name. Enter one like learn.example.com." };
    }
  } else {
    raw = raw.split(/[/?#]/)[0]!;
  }
  if (/:\d*$/.test(raw)) return { ok: false, reason: "Leave out the port: enter just the name, like learn.example.com." };
  const hostname = normalizeHostname(raw);
  if (!hostname || !hostname.includes(".")) return { ok: false, reason: "That is not a domain name. Enter one like learn.example.com." };

  const info = parse(hostname, { allowPrivateDomains: true });
  if (info.isIp) return { ok: false, reason: "Use a domain name, not an IP address." };
  const root = rootHostname.toLowerCase().replace(/\.$/, "");
  if (hostname === root || hostname.endsWith(`.${root}`)) {
    return { ok: false, reason: `${hostname} is one of Courseforge's own addresses; your school already answers there. Add a domain you own.` };
  }
  const suffix = info.publicSuffix ?? "";
  if (LOCAL_SUFFIXES.some((s) => suffix === s || hostname === s || hostname.endsWith(`.${s}`))) {
    return { ok: false, reason: "That name only works on a local network. Add a public domain you own." };
  }
  if (!info.isIcann && !info.isPrivate && !opts.allowReservedTlds) {
    return { ok: false, reason: `.${suffix} is not a public top-level domain. Add a domain registered under one, like .com or .org.` };
  }
  if (!info.domain)
    return {
      ok: false,
      reason: `${hostname} is a public suffix that nobody owns. Add a domain you registered, like example${hostname.startsWith(".") ? "" : "."}${hostname}.`,
    };

  const apex = info.domain;
  const twin = hostname === apex ? `www.${apex}` : hostname === `www.${apex}` ? apex : null;
  if (twin && twin.length > 253) return { ok: true, domain: { hostname, apex, twin: null } };
  return { ok: true, domain: { hostname, apex, twin } };
}

/** The TXT record that proves a school owns a domain: one per apex, so `learn.` and `www.` of a domain prove alike. */
export const VERIFICATION_PREFIX = "_courseforge";
export const verificationName = (apex: string) => `${VERIFICATION_PREFIX}.${apex}`;
export const verificationValue = (token: string) => `courseforge-verify=${token}`;
