import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint, getSessionFromCtx } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { createHash } from "node:crypto";
import { z } from "zod";
import { env, tenantUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { parseHost } from "@/lib/tenant/host";
import { resolveHostTenant } from "@/lib/tenant/resolve";
import { safeNext } from "@/lib/urls/safe-next";

/**
 * Signing in to a school that has a custom domain (src/lib/tenant/account-host.ts): the password or link is
 * used on the school's subdomain, and the session is then handed to the custom domain with a one-time code.
 *
 *  GET <subdomain>/api/auth/handoff/start?next=/library — needs a session on the subdomain. When the school
 *    has a verified custom domain, mints a code (random, kept hashed, 60 s, one use, bound to the user and
 *    to that domain) and redirects to the domain's accept endpoint; without one it just goes to `next`.
 *    The target is the school's own domain, looked up here: nothing in the request names it.
 *  GET <custom domain>/api/auth/handoff/accept?code=…&next=… — consumes the code (atomically: a second use
 *    finds nothing), checks it was minted for this very host, and signs the browser in here with a new
 *    session bound to this host. A missing, used, expired or foreign code signs nobody in and goes back to
 *    the sign-in page, which says so.
 * `next` is always a path on the host it lands on (safeNext); anything else becomes /library.
 */
const CODE_TTL_S = 60;
const codeIdentifier = (code: string) => `handoff:${createHash("sha256").update(code).digest("base64url")}`;
const recordSchema = z.object({ type: z.literal("handoff"), userId: z.string().min(1), host: z.string().min(1) }).strict();

const hostname = (h: Headers | undefined) => {
  const info = parseHost(h?.get("host"), env().rootHostname);
  return info.kind === "invalid" ? null : info;
};

const nextOn = (origin: string, next: string | undefined) => safeNext(next, { origin, fallback: "/library" });

export function sessionHandoff(): BetterAuthPlugin {
  return {
    id: "session-handoff",
    endpoints: {
      handoffStart: createAuthEndpoint(
        "/handoff/start",
        { method: "GET", query: z.object({ next: z.string().max(2048).optional() }), requireHeaders: true },
        async (ctx) => {
          const info = hostname(ctx.headers);
          const here = info ? tenantUrl(info.kind === "tenant" ? info.slug : info.hostname, "") : null;
          const next = here ? nextOn(here, ctx.query.next) : "/library";
          const session = await getSessionFromCtx(ctx);
          if (!session || !info || info.kind !== "tenant") throw ctx.redirect(`/sign-in?next=${encodeURIComponent(next)}`);
          const tenant = await resolveHostTenant(ctx.headers?.get("host"));
          const target = tenant?.site.customDomain;
          if (!target) throw ctx.redirect(next);
          const code = generateRandomString(43, "a-z", "A-Z", "0-9");
          await ctx.context.internalAdapter.createVerificationValue({
            identifier: codeIdentifier(code),
            value: JSON.stringify({ type: "handoff", userId: session.user.id, host: target }),
            expiresAt: new Date(Date.now() + CODE_TTL_S * 1000),
          });
          throw ctx.redirect(tenantUrl(target, `/api/auth/handoff/accept?code=${code}&next=${encodeURIComponent(next)}`));
        },
      ),
      handoffAccept: createAuthEndpoint(
        "/handoff/accept",
        { method: "GET", query: z.object({ code: z.string().max(200).optional(), next: z.string().max(2048).optional() }), requireHeaders: true },
        async (ctx) => {
          const info = hostname(ctx.headers);
          const next = info ? nextOn(tenantUrl(info.hostname, ""), ctx.query.next) : "/library";
          const failed = () => ctx.redirect(`/sign-in?handoff=failed&next=${encodeURIComponent(next)}`);
          if (!info || info.kind !== "custom" || !ctx.query.code) throw failed();
          const found = await ctx.context.internalAdapter.consumeVerificationValue(codeIdentifier(ctx.query.code));
          if (!found || found.expiresAt.getTime() < Date.now()) throw failed();
          let record: z.infer<typeof recordSchema>;
          try {
            record = recordSchema.parse(JSON.parse(found.value));
          } catch {
            throw failed();
          }
          if (record.host !== info.hostname) {
            logger.warn("auth.handoff_foreign_host", { host: info.hostname });
            throw failed();
          }
          const user = await ctx.context.internalAdapter.findUserById(record.userId);
          if (!user) throw failed();
          const session = await ctx.context.internalAdapter.createSession(user.id);
          if (!session) throw failed();
          await setSessionCookie(ctx, { session, user });
          throw ctx.redirect(next);
        },
      ),
    },
  } satisfies BetterAuthPlugin;
}
