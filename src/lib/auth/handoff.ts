import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint, getSessionFromCtx } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { createHash } from "node:crypto";
import { z } from "zod";
import { env, tenantUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { handoffNonceCookie, singleCookie } from "@/lib/tenant/account-host";
import { siteHostStatus } from "@/lib/tenant/canonical";
import { parseHost } from "@/lib/tenant/host";
import { safeNext } from "@/lib/urls/safe-next";
import { handoffConfirmPage } from "./handoff-page";

/**
 * Signing in to a school that has a custom domain (src/lib/tenant/account-host.ts): the password or link is
 * used on the school's subdomain, and the session is then handed to the custom domain with a one-time code.
 *
 *  GET <subdomain>/api/auth/handoff/start?next=/library[&hn=…] — needs a session on the subdomain (read
 *    from the table, not the cookie cache). When the school's custom domain is served (the proxy's own
 *    answer, siteHostStatus), mints a code (random, kept hashed, 60 s, one use, bound to the user, to that
 *    domain and to the school) and redirects to the domain's accept endpoint; without one it goes to `next`.
 *    The target is the school's own domain, looked up here: nothing in the request names it.
 *  GET <custom domain>/api/auth/handoff/accept?code=…&next=… — the code must have been minted for this very
 *    host by the school that serves it now. The browser that left this domain to sign in carries a nonce
 *    cookie (set by the proxy, `hn` on the way; exactly one, or it counts as none): when it matches the code's, the code is consumed
 *    (atomically: a second use finds nothing) and the browser is signed in here, with a session bound to
 *    this host. Without it — a link opened from an email, or someone else's code pushed at this browser
 *    (login CSRF) — a page asks "Continue as <email>?", whose button POSTs the code back from this origin.
 *  A missing, used, expired or foreign code signs nobody in and goes back to the sign-in page, which says so.
 * `next` is always a path on the host it lands on (safeNext); anything else becomes /library.
 */
const CODE_TTL_S = 60;
const sha = (s: string) => createHash("sha256").update(s).digest("base64url");
const codeIdentifier = (code: string) => `handoff:${sha(code)}`;
const recordSchema = z
  .object({ type: z.literal("handoff"), userId: z.string().min(1), host: z.string().min(1), slug: z.string().min(1), nonce: z.string().nullable() })
  .strict();
type HandoffRecord = z.infer<typeof recordSchema>;

const hostInfo = (h: Headers | undefined) => {
  const info = parseHost(h?.get("host"), env().rootHostname);
  return info.kind === "invalid" ? null : info;
};

const nextOn = (origin: string, next: string | undefined) => safeNext(next, { origin, fallback: "/library" });

function parseRecord(value: string): HandoffRecord | null {
  try {
    return recordSchema.parse(JSON.parse(value));
  } catch {
    return null;
  }
}

const acceptInput = z.object({ code: z.string().max(200).optional(), next: z.string().max(2048).optional() });

export function sessionHandoff(): BetterAuthPlugin {
  return {
    id: "session-handoff",
    endpoints: {
      handoffStart: createAuthEndpoint(
        "/handoff/start",
        { method: "GET", query: z.object({ next: z.string().max(2048).optional(), hn: z.string().max(200).optional() }), requireHeaders: true },
        async (ctx) => {
          const info = hostInfo(ctx.headers);
          const next = info?.kind === "tenant" ? nextOn(tenantUrl(info.slug, ""), ctx.query.next) : "/library";
          const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
          if (!session || info?.kind !== "tenant") throw ctx.redirect(`/sign-in?next=${encodeURIComponent(next)}`);
          const target = (await siteHostStatus({ kind: "subdomain", slug: info.slug })).canonical;
          if (!target) throw ctx.redirect(next);
          const code = generateRandomString(43, "a-z", "A-Z", "0-9");
          const record: HandoffRecord = {
            type: "handoff",
            userId: session.user.id,
            host: target,
            slug: info.slug,
            nonce: ctx.query.hn ? sha(ctx.query.hn) : null,
          };
          await ctx.context.internalAdapter.createVerificationValue({
            identifier: codeIdentifier(code),
            value: JSON.stringify(record),
            expiresAt: new Date(Date.now() + CODE_TTL_S * 1000),
          });
          throw ctx.redirect(tenantUrl(target, `/api/auth/handoff/accept?code=${code}&next=${encodeURIComponent(next)}`));
        },
      ),
      handoffAccept: createAuthEndpoint(
        "/handoff/accept",
        {
          method: ["GET", "POST"],
          query: acceptInput.optional(),
          body: acceptInput.optional(),
          requireHeaders: true,
          // The confirmation page's button is a plain form.
          metadata: { allowedMediaTypes: ["application/x-www-form-urlencoded", "application/json"] },
        },
        async (ctx) => {
          const input = (ctx.method === "POST" ? ctx.body : ctx.query) ?? {};
          const info = hostInfo(ctx.headers);
          // This request's own origin, as the browser names it (the port included, where there is one).
          const origin = info ? `${env().protocol}://${(ctx.headers?.get("host") ?? "").trim().toLowerCase()}` : "";
          const next = info ? nextOn(origin, input.next) : "/library";
          const failed = () => ctx.redirect(`/sign-in?handoff=failed&next=${encodeURIComponent(next)}`);
          if (info?.kind !== "custom" || !input.code) throw failed();
          // The school that serves this host now (the proxy's answer) must be the one that minted the code.
          const here = await siteHostStatus({ kind: "custom", hostname: info.hostname });
          const identifier = codeIdentifier(input.code);
          const pending = await ctx.context.internalAdapter.findVerificationValue(identifier);
          const record = pending && pending.expiresAt.getTime() > Date.now() ? parseRecord(pending.value) : null;
          if (!record || !here.known || record.host !== info.hostname || record.slug !== here.slug) {
            if (record) {
              await ctx.context.internalAdapter.consumeVerificationValue(identifier);
              logger.warn("auth.handoff_foreign_host", { host: info.hostname });
            }
            throw failed();
          }
          const user = await ctx.context.internalAdapter.findUserById(record.userId);
          if (!user) throw failed();

          const nonce = singleCookie(ctx.headers?.get("cookie"), handoffNonceCookie(env().protocol));
          const sameBrowser = record.nonce !== null && nonce !== null && sha(nonce) === record.nonce;
          const confirmed = ctx.method === "POST" && ctx.headers?.get("origin") === origin;
          if (!sameBrowser && !confirmed) {
            if (ctx.method === "POST") throw failed();
            return new Response(handoffConfirmPage({ email: user.email, code: input.code, next, schoolHost: info.hostname }), {
              headers: {
                "content-type": "text/html; charset=utf-8",
                "cache-control": "no-store",
                "x-frame-options": "DENY",
                "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
                // same-origin: the button's POST carries this page's Origin (with no-referrer a browser sends "null").
                "referrer-policy": "same-origin",
              },
            });
          }
          if (!(await ctx.context.internalAdapter.consumeVerificationValue(identifier))) throw failed();
          const session = await ctx.context.internalAdapter.createSession(user.id);
          if (!session) throw failed();
          await setSessionCookie(ctx, { session, user });
          ctx.setCookie(handoffNonceCookie(env().protocol), "", { path: "/", maxAge: 0, secure: env().protocol === "https" });
          throw ctx.redirect(next);
        },
      ),
    },
  } satisfies BetterAuthPlugin;
}
