import { domainToASCII } from "node:url";

/**
 * What a request's Host header means. One pure function decides it, so the proxy,
 * the auth route and server code all agree.
 *
 * - `app`    app.<root>            → the creator dashboard
 * - `root`   <root>, www.<root>, IP → the platform home
 * - `tenant` <slug>.<root>         → that creator's site and student area
 * - `custom` any other valid name  → maybe a verified custom domain (looked up later)
 * - `invalid` anything malformed   → 400
 */
export type HostInfo =
  | { kind: "app"; hostname: string }
  | { kind: "root"; hostname: string }
  | { kind: "tenant"; hostname: string; slug: string }
  | { kind: "custom"; hostname: string }
  | { kind: "invalid"; reason: string };

const MAX_HOST = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Split "name:port" / "[v6]:port"; returns null if the port part is malformed. */
function stripPort(raw: string): { name: string; port?: string } | null {
  if (raw.startsWith("[")) {
    const end = raw.indexOf("]");
    if (end < 0) return null;
    const rest = raw.slice(end + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return null;
    return { name: raw.slice(0, end + 1), port: rest ? rest.slice(1) : undefined };
  }
  const colon = raw.lastIndexOf(":");
  if (colon < 0) return { name: raw };
  const port = raw.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return null;
  return { name: raw.slice(0, colon), port };
}

/** Normalize a hostname: lower case, no trailing dot, punycode (IDN → xn--). Null if invalid. */
export function normalizeHostname(name: string): string | null {
  let h = name.trim().toLowerCase();
  if (h.endsWith(".")) h = h.slice(0, -1);
  if (!h || h.length > MAX_HOST) return null;
  if (/[^\x00-\x7f]/.test(h)) {
    const ascii = domainToASCII(h);
    if (!ascii) return null;
    h = ascii;
  }
  if (h.length > MAX_HOST) return null;
  const labels = h.split(".");
  if (!labels.every((l) => LABEL.test(l))) return null;
  return h;
}

function isIp(name: string): boolean {
  if (name.startsWith("[") && name.endsWith("]")) return /^[0-9a-f:.]+$/i.test(name.slice(1, -1));
  const m = IPV4.exec(name);
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * @param rawHost the Host header (may be null/garbage)
 * @param rootHostname the platform's root host name without port, e.g. "localhost" or "courseforge.com"
 */
export function parseHost(rawHost: string | null | undefined, rootHostname: string): HostInfo {
  if (!rawHost) return { kind: "invalid", reason: "missing host" };
  if (rawHost.length > MAX_HOST + 7) return { kind: "invalid", reason: "host too long" };
  const split = stripPort(rawHost.trim());
  if (!split) return { kind: "invalid", reason: "malformed port" };
  if (isIp(split.name)) return { kind: "root", hostname: split.name };
  const hostname = normalizeHostname(split.name);
  if (!hostname) return { kind: "invalid", reason: "malformed host name" };
  const root = rootHostname.toLowerCase().replace(/\.$/, "");

  if (hostname === root || hostname === `www.${root}`) return { kind: "root", hostname };
  if (hostname === `app.${root}`) return { kind: "app", hostname };
  if (hostname.endsWith(`.${root}`)) {
    const sub = hostname.slice(0, -(root.length + 1));
    // Only one level of subdomain is a tenant; "a.b.<root>" is nobody.
    if (sub.includes(".")) return { kind: "invalid", reason: "nested subdomain" };
    return { kind: "tenant", hostname, slug: sub };
  }
  // A custom domain must at least look like a public name (has a dot).
  if (!hostname.includes(".")) return { kind: "invalid", reason: "unknown host" };
  return { kind: "custom", hostname };
}

/**
 * Paths on a tenant host that belong to the signed-in student area (portal);
 * everything else is the public site. Keep in step with src/app/(portal).
 */
export const PORTAL_PREFIXES = [
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password",
  "/verify-email",
  "/library",
  "/account",
] as const;

export function isPortalPath(pathname: string): boolean {
  return PORTAL_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * The internal path a request is rewritten to. Every path on every host gets a prefix,
 * so no path can reach another host kind's routes (e.g. acme.<root>/sites/beta → /sites/acme/sites/beta → 404).
 */
export function rewritePath(info: HostInfo, pathname: string): string | null {
  const path = pathname === "/" ? "" : pathname;
  switch (info.kind) {
    case "app":
      return `/dashboard${path}`;
    case "root":
      return `/platform${path}`;
    case "tenant":
      return isPortalPath(pathname) ? `/portal/${info.slug}${path}` : `/sites/${info.slug}${path}`;
    case "custom":
      return isPortalPath(pathname) ? `/portal/${info.hostname}${path}` : `/sites/${info.hostname}${path}`;
    case "invalid":
      return null;
  }
}
