import { NextResponse, type NextRequest } from "next/server";
import { env, tenantUrl } from "@/lib/env";
import { checkActionHeaders, checkActionJson, checkActionParts, checkFormActionParts, type ActionRefusal } from "@/lib/http/action-guard";
import { HANDOFF_NONCE_PARAM, handoffNonceCookie, NONCE_PATTERN, schoolRoute, singleCookie } from "@/lib/tenant/account-host";
import { siteHostStatus } from "@/lib/tenant/canonical";
import { isPortalPath, parseHost, rewritePath, siteKeyOf, type HostInfo } from "@/lib/tenant/host";

/**
 * Host → internal route prefix (src/lib/tenant/host.ts); a school's host that nobody owns is answered 404
 * here; the canonical host of a school with a verified custom domain (its subdomain redirects there, but
 * for the account pages, which live on the subdomain: src/lib/tenant/account-host.ts); and two guards that need nothing but the request itself:
 *  - Server Action requests with a foreign Origin, a wrong content type, an oversized or malformed body
 *    are answered 403/415/413/400 here, before the framework decodes them (it would answer 500).
 *  - The dashboard, the platform pages and the student area may not be framed (clickjacking).
 * Every matched path is rewritten under its host's prefix (see rewritePath), so no path falls through
 * un-rewritten. /api and Next's own assets are not matched; route handlers under /api resolve the host
 * themselves.
 */
export async function proxy(request: NextRequest) {
  const info = parseHost(request.headers.get("host"), env().rootHostname);
  const target = rewritePath(info, request.nextUrl.pathname);
  if (target === null) return plain(400, "Bad Request: unrecognised host name.");

  const siteKey = siteKeyOf(info);
  if (siteKey) {
    // Nobody's host: answered here, before any body is read or page rendered.
    const site = await siteHostStatus(siteKey);
    if (!site.known) return plain(404, "Not Found: no school answers at this address.");
    // Account pages live on the subdomain, everything else on the canonical host (src/lib/tenant/account-host.ts).
    const route = schoolRoute({
      host: siteKey.kind,
      method: request.method,
      pathname: request.nextUrl.pathname,
      search: request.nextUrl.search,
      subdomainOrigin: tenantUrl(site.slug!, ""),
      canonicalOrigin: site.canonical ? tenantUrl(site.canonical, "") : null,
    });
    if (!route.serve) {
      if (!route.bindBrowser) return NextResponse.redirect(route.location, route.status);
      // Leaving the custom domain to sign in: mark this browser there, so the session handed back lands in it only.
      // A mark it already has is kept (another tab, a prefetch of the sign-in link must not change it under a form being filled in).
      const name = handoffNonceCookie(env().protocol);
      const held = singleCookie(request.headers.get("cookie"), name);
      const nonce = held && NONCE_PATTERN.test(held) ? held : randomNonce();
      const to = new URL(route.location);
      to.searchParams.set(HANDOFF_NONCE_PARAM, nonce);
      const res = NextResponse.redirect(to, route.status);
      res.cookies.set(name, nonce, { httpOnly: true, sameSite: "lax", secure: env().protocol === "https", path: "/", maxAge: 60 * 60 });
      return res;
    }
  }

  const actionId = request.method === "POST" ? request.headers.get("next-action") : null;
  const formPost =
    request.method === "POST" && actionId === null && (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  if (actionId !== null || formPost) {
    const refusal = actionId !== null ? await checkAction(request, actionId) : await checkFormPost(request);
    if (refusal) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "action.refused",
          status: refusal.status,
          reason: refusal.reason,
          host: info.kind === "invalid" ? null : info.hostname,
          time: new Date().toISOString(),
        }),
      );
      return plain(refusal.status, `${refusal.status === 403 ? "Forbidden" : "Bad Request"}: ${refusal.reason}.`);
    }
  }

  const url = request.nextUrl.clone();
  url.pathname = target;
  const res = NextResponse.rewrite(url);
  if (notFramable(info, request.nextUrl.pathname)) {
    res.headers.set("X-Frame-Options", "DENY");
    res.headers.set("Content-Security-Policy", "frame-ancestors 'none'");
  }
  return res;
}

/** 32 random bytes, base64url (Web Crypto: the proxy may run where node:crypto does not). */
function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function plain(status: number, text: string) {
  return new NextResponse(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Everything but a school's public pages (which a creator may embed elsewhere). */
function notFramable(info: HostInfo, pathname: string): boolean {
  if (info.kind === "tenant" || info.kind === "custom") return isPortalPath(pathname);
  return true;
}

/** A form posted without JavaScript: the framework decodes it as an action (see checkFormActionParts). */
async function checkFormPost(request: NextRequest): Promise<ActionRefusal | null> {
  const h = request.headers;
  const refusal = checkActionHeaders(actionHeaders(h, "00"));
  if (refusal) return refusal;
  const form = await formCopy(request);
  return form ? checkFormActionParts(form) : { status: 400, reason: "malformed multipart form" };
}

const actionHeaders = (h: Headers, actionId: string) => ({
  host: h.get("host"),
  origin: h.get("origin"),
  contentType: h.get("content-type"),
  contentLength: h.get("content-length"),
  actionId,
});

/** Parse a copy of a multipart body (the route still gets the original); null when it does not parse. */
async function formCopy(request: NextRequest): Promise<FormData | null> {
  try {
    return await request.clone().formData();
  } catch {
    return null;
  }
}

async function checkAction(request: NextRequest, actionId: string): Promise<ActionRefusal | null> {
  const h = request.headers;
  const refusal = checkActionHeaders(actionHeaders(h, actionId));
  if (refusal) return refusal;
  // The proxy reads a copy of the body; the route still gets the original.
  if ((h.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    const form = await formCopy(request);
    return form ? checkActionParts(form) : { status: 400, reason: "malformed multipart action body" };
  }
  let text: string;
  try {
    text = await request.clone().text();
  } catch {
    return { status: 400, reason: "unreadable action body" };
  }
  if (text.length > 1024 * 1024) return { status: 413, reason: "action body too large" };
  return checkActionJson(text);
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|_next/webpack-hmr).*)"] };
