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
 * Which school a tenant host names, as parseHost decided it: a subdomain's slug, or a custom domain's
 * hostname (a verified domain of some school, looked up later). Decided once, here, from the host kind.
 */
export type SiteKey = { kind: "subdomain"; slug: string } | { kind: "custom"; hostname: string };

export function siteKeyOf(info: HostInfo): SiteKey | null {
  if (info.kind === "tenant") return { kind: "subdomain", slug: info.slug };
  if (info.kind === "custom") return { kind: "custom", hostname: info.hostname };
  return null;
}

/** A custom domain's segment starts with this mark, so a segment says which kind of key it is without guessing. */
const CUSTOM_MARK = "~";

/** The `[site]` segment of the tenant tree (`/t/<segment>/…`) and of cache tags: `acme` or `~learn.example.com`. */
export function siteSegment(key: SiteKey): string {
  return key.kind === "subdomain" ? key.slug : `${CUSTOM_MARK}${key.hostname}`;
}

/** The inverse of siteSegment, for pages under src/app/t/[site]; anything siteSegment could not have made is null. */
export function parseSiteSegment(segment: string): SiteKey | null {
  let seg: string;
  try {
    seg = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (seg.startsWith(CUSTOM_MARK)) {
    const hostname = seg.slice(CUSTOM_MARK.length);
    return hostname.includes(".") && normalizeHostname(hostname) === hostname ? { kind: "custom", hostname } : null;
  }
  return LABEL.test(seg) ? { kind: "subdomain", slug: seg } : null;
}

/**
 * Top-level segments of the student area (src/app/t/[site]/(portal)); everything else on a tenant host is
 * the public site. Only the framing guard reads it: which group answers a path is decided by the file tree.
 * host.test.ts walks that folder and fails when this list and the folders differ.
 */
export const PORTAL_SEGMENTS = ["account", "certificate", "checkout", "forgot-password", "learn", "library", "reset-password", "sign-in", "sign-up"] as const;

export function isPortalPath(pathname: string): boolean {
  const first = pathname.split("/")[1] ?? "";
  return (PORTAL_SEGMENTS as readonly string[]).includes(first);
}

/**
 * The internal path a request is rewritten to. Every path on every host gets a prefix, so no path can
 * reach another host kind's routes (e.g. acme.<root>/t/beta → /t/acme/t/beta → 404): the app host lives
 * under /dashboard, the platform's own site under /platform, and every school's site and student area
 * under /t/<site segment>, where the route groups (sites) and (portal) answer with their own layouts.
 */
export function rewritePath(info: HostInfo, pathname: string): string | null {
  const path = pathname === "/" ? "" : pathname;
  // The platform's icon answers /favicon.ico on both of its own hosts (the dashboard host has no public pages).
  if (pathname === "/favicon.ico" && (info.kind === "app" || info.kind === "root")) return "/platform/favicon.ico";
  switch (info.kind) {
    case "app":
      return `/dashboard${path}`;
    case "root":
      return `/platform${path}`;
    case "tenant":
    case "custom":
      return `/t/${siteSegment(siteKeyOf(info)!)}${path}`;
    case "invalid":
      return null;
  }
}
