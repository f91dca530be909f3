import { getAuth, getAuthForHost, sessionHostOf } from "@/lib/auth/auth";
import { env, tenantUrl } from "@/lib/env";
import { authPathServed } from "@/lib/tenant/account-host";
import { logger } from "@/lib/logger";
import { CLIENT_IP_HEADER, PEER_HEADER } from "@/lib/net/client-ip";
import { readLimited } from "@/lib/http/read-limited";
import { requestClientIp } from "@/lib/net/request-ip";
import { parseHost, siteKeyOf, siteSegment } from "@/lib/tenant/host";
import { getSite } from "@/lib/tenant/resolve";

/** Auth requests are small JSON bodies (and Stripe's webhooks); anything bigger is refused unread. */
const MAX_BODY = 1024 * 1024;
const SESSION_COOKIE = /^(__Secure-)?cf\./;

const refuse = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

/** The Cookie header without our session cookies. */
function withoutSessionCookies(cookie: string): string {
  return cookie
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c && !SESSION_COOKIE.test(c.split("=")[0] ?? ""))
    .join("; ");
}

/**
 * Better Auth on every served host, behind four checks of our own:
 *  1. The host: unknown subdomains, unverified custom domains and the bare platform host are refused
 *     before Better Auth builds any URL from the Host header; a custom domain answers only the endpoints
 *     account-host.ts allows there (no passwords, one-time links or account changes on a host whose DNS
 *     the school controls).
 *  2. The Origin of a state-changing request must be this very host's origin (403 otherwise), whatever
 *     cookies it carries; Better Auth then checks every callbackURL / redirectTo against the served hosts.
 *  3. The client address: forwarding headers count only as far as trusted proxies vouch for them
 *     (src/lib/net/client-ip.ts); Better Auth's per-IP limiter reads the result and nothing a client sent.
 *  4. A session cookie issued on another host is removed, so it is nobody here (sessions are per host).
 */
async function handle(request: Request): Promise<Response> {
  const e = env();
  const rawHost = request.headers.get("host") ?? new URL(request.url).host;
  const info = parseHost(rawHost, e.rootHostname);
  if (info.kind === "invalid") return refuse(400, "INVALID_HOST", "Unrecognised host");
  if (info.kind === "root") return refuse(404, "NOT_FOUND", "Not found");
  if (info.kind === "tenant" || info.kind === "custom") {
    const site = await getSite(siteSegment(siteKeyOf(info)!));
    if (!site) return refuse(404, "NOT_FOUND", "Not found");
    // A custom domain's DNS is the school's: passwords, one-time links and account changes stay on its subdomain.
    const authPath = new URL(request.url).pathname.replace(/^\/api\/auth/, "");
    if (!authPathServed(info.kind === "custom" ? "custom" : "subdomain", authPath)) {
      return refuse(403, "USE_SCHOOL_ADDRESS", `Sign in and change your account at ${tenantUrl(site.slug, "")}.`);
    }
  }

  const method = request.method.toUpperCase();
  const origin = request.headers.get("origin");
  const ownOrigin = `${e.protocol}://${rawHost.trim().toLowerCase()}`;
  if (method !== "GET" && method !== "HEAD" && origin !== null && origin !== ownOrigin) {
    logger.warn("auth.foreign_origin", { host: info.hostname, origin: origin.slice(0, 200) });
    return refuse(403, "INVALID_ORIGIN", "This request came from another site.");
  }

  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY) return refuse(413, "PAYLOAD_TOO_LARGE", "Request body too large");
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD" && request.body) {
    const read = await readLimited(request.body, MAX_BODY);
    if (!read) return refuse(413, "PAYLOAD_TOO_LARGE", "Request body too large");
    body = read as Uint8Array<ArrayBuffer>;
  }

  const headers = new Headers(request.headers);
  headers.delete(PEER_HEADER);
  headers.delete(CLIENT_IP_HEADER);
  const ip = requestClientIp(request.headers);
  if (ip) headers.set(CLIENT_IP_HEADER, ip);

  const cookie = headers.get("cookie");
  if (cookie && cookie.split(";").some((c) => SESSION_COOKIE.test(c.trim()))) {
    const session = await (await getAuth()).api.getSession({ headers: request.headers });
    if (session && session.session.host !== sessionHostOf(request.headers)) {
      logger.warn("auth.foreign_session", { host: info.hostname });
      const rest = withoutSessionCookies(cookie);
      if (rest) headers.set("cookie", rest);
      else headers.delete("cookie");
    }
  }

  const auth = await getAuthForHost(rawHost);
  const res = await auth.handler(new Request(request.url, { method, headers, body }));
  return res.status === 429 ? await explainLimit(res, new URL(request.url).pathname.replace(/^\/api\/auth/, "")) : res;
}

/** What each per-address limit holds back, in the words a person reads under the form. */
const LIMITED: Record<string, string> = {
  "/sign-in/email": "sign-in attempts from your network",
  "/sign-up/email": "accounts created from your network",
  "/request-password-reset": "password reset emails requested from your network",
  "/sign-in/magic-link": "sign-in links requested from your network",
  "/change-email": "email changes requested from your network",
  "/change-password": "password changes from your network",
};

/**
 * Better Auth's per-address limiter answers a bare "Too many requests. Please try again later.": say what
 * was limited and when to try again (its X-Retry-After, in seconds). Our own per-account limits already
 * speak for themselves and are passed through.
 */
async function explainLimit(res: Response, authPath: string): Promise<Response> {
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { message?: string } | null;
  if (body?.message !== "Too many requests. Please try again later.") return res;
  const seconds = Number(res.headers.get("x-retry-after") ?? 60);
  const minutes = Math.max(1, Math.ceil((Number.isFinite(seconds) ? seconds : 60) / 60));
  const what = LIMITED[authPath] ?? "requests from your network";
  const message = `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  const out = new Headers(res.headers);
  out.delete("content-length");
  return new Response(JSON.stringify({ code: "TOO_MANY_REQUESTS", message }), { status: 429, headers: out });
}

export const GET = handle;
export const POST = handle;
