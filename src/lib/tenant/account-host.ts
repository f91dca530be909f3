/**
 * Where a school's students type passwords and use one-time links.
 *
 * Accounts are global (one account can study at many schools, and may own a school), while a custom
 * domain's DNS belongs to the school: whoever controls it can point it at their own server at any time.
 * So everything that takes a password, carries a one-time token or changes the account happens on a host
 * the platform controls — the school's subdomain — and never on a custom domain:
 *  - the account pages below redirect from a custom domain to the subdomain (307, path and query kept), and
 *    the subdomain keeps serving them (and the account settings) when everything else there redirects to
 *    the custom domain;
 *  - a custom domain's auth endpoint answers only reading the session, signing out, and accepting a
 *    one-time session handoff from the subdomain (src/lib/auth/handoff.ts); the session it gets is valid on
 *    that domain only, so a harvested cookie can act at that school and nowhere else.
 * Pure: the proxy and the auth route apply it.
 */

/** Pages that take a password or a one-time link. */
export const ACCOUNT_PAGES = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password"] as const;

/** Better Auth endpoints a custom domain answers (everything else is refused there). */
export const CUSTOM_DOMAIN_AUTH_PATHS = ["/get-session", "/sign-out", "/handoff/accept"] as const;

const withoutSlash = (p: string) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);

export function isAccountPage(pathname: string): boolean {
  return (ACCOUNT_PAGES as readonly string[]).includes(withoutSlash(pathname));
}

/** Served on a school's subdomain even when it has a custom domain: the account pages and the account settings. */
function keptOnSubdomain(pathname: string): boolean {
  return isAccountPage(pathname) || withoutSlash(pathname) === "/account";
}

/** Whether a Better Auth endpoint (the path after /api/auth) answers on this kind of school host. */
export function authPathServed(host: "subdomain" | "custom" | "app", authPath: string): boolean {
  if (host !== "custom") return true;
  return (CUSTOM_DOMAIN_AUTH_PATHS as readonly string[]).includes(withoutSlash(authPath));
}

/**
 * `bindBrowser`: the redirect leaves a custom domain for the subdomain's account pages; the proxy marks this
 * browser on the custom domain with a one-time nonce (cookie + `hn` in the address) so that the handoff
 * back signs in this browser only (see src/lib/auth/handoff.ts).
 */
export type SchoolRoute = { serve: true } | { serve: false; location: string; status: 307 | 308; bindBrowser?: true };

export type SchoolRouteInput = {
  /** The kind of host the request came to. */
  host: "subdomain" | "custom";
  method: string;
  pathname: string;
  /** `?…` or "". */
  search: string;
  /** The school's subdomain origin (`https://acme.courseforge.app`). */
  subdomainOrigin: string;
  /** The origin every other host of the school redirects to, when it has a verified custom domain and this is not it. */
  canonicalOrigin: string | null;
};

/** What a school's host does with a request before it renders: serve it, or redirect it (see the module note). */
export function schoolRoute(o: SchoolRouteInput): SchoolRoute {
  if (o.method !== "GET" && o.method !== "HEAD") return { serve: true };
  if (o.host === "custom" && isAccountPage(o.pathname)) {
    // From a www/apex twin, first to the main domain: the browser is marked where the session will be handed back.
    if (o.canonicalOrigin) return { serve: false, status: 308, location: `${o.canonicalOrigin}${o.pathname}${o.search}` };
    return { serve: false, status: 307, location: `${o.subdomainOrigin}${o.pathname}${o.search}`, bindBrowser: true };
  }
  if (!o.canonicalOrigin) return { serve: true };
  if (o.host === "subdomain" && keptOnSubdomain(o.pathname)) return { serve: true };
  // A link carrying a one-time token is used where it was sent, never carried to another host.
  if (new URLSearchParams(o.search).has("token")) return { serve: true };
  return { serve: false, status: 308, location: `${o.canonicalOrigin}${o.pathname}${o.search}` };
}

/**
 * The cookie (on a custom domain) and query parameter that carry the browser nonce of a handoff. Over https
 * the cookie is `__Host-` (Secure, Path=/, no Domain): another host under the school's domain (a blog at
 * x.school.com) cannot set one that shadows it.
 */
export const handoffNonceCookie = (protocol: "http" | "https") => (protocol === "https" ? "__Host-cf_handoff" : "cf_handoff");
export const HANDOFF_NONCE_PARAM = "hn";
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The one value of a cookie in a Cookie header; none, or more than one (a shadowing cookie set from another host), is null. */
export function singleCookie(header: string | null | undefined, name: string): string | null {
  const values = (header ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .filter(([k]) => k === name)
    .map(([, ...v]) => v.join("="));
  return values.length === 1 ? values[0]! : null;
}

/**
 * Where a school's subdomain sends someone who has just signed in (or up): `next` itself, or — when the
 * school has a custom domain — through the session handoff, which lands on `next` there. `/account` stays on
 * the subdomain (it is where the account is changed). `nonce`: the browser nonce the custom domain set
 * (`hn`), passed on so the handoff signs in that browser without asking.
 */
export function afterSignIn(o: { customDomain: string | null; next: string; nonce?: string | null }): string {
  if (!o.customDomain || keptOnSubdomain(o.next.split(/[?#]/)[0]!)) return o.next;
  const nonce = o.nonce && NONCE_PATTERN.test(o.nonce) ? `&${HANDOFF_NONCE_PARAM}=${o.nonce}` : "";
  return `/api/auth/handoff/start?next=${encodeURIComponent(o.next)}${nonce}`;
}
