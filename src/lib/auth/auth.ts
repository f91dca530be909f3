import "server-only";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { magicLink } from "better-auth/plugins";
import { stripe as stripePlugin } from "@better-auth/stripe";
import { authDatabaseAdapter } from "@/db/auth-adapter";
import { verifiedHostnames } from "@/db/queries/domains";
import { ensureStudent } from "@/db/queries/students";
import { revokeHostSessions, revokeUnprovenAccess, verifiedWithoutPassword } from "@/db/queries/users";
import { noteNewStudent } from "@/lib/platform-billing/warnings";
import { handleStripeEvent } from "@/lib/platform-billing/stripe-events";
import { stripeBilling, type StripeBilling } from "@/lib/platform-billing/stripe";
import { sendEvent } from "@/inngest/send";
import { sealEventLink } from "@/inngest/links";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { CLIENT_IP_HEADER } from "@/lib/net/client-ip";
import { parseHost } from "@/lib/tenant/host";
import { resolveHostTenant } from "@/lib/tenant/resolve";
import { firstProblem, magicLinkFieldsSchema, signUpFieldsSchema, updateUserFieldsSchema } from "./profile";
import { sessionHandoff } from "./handoff";
import { authSecret } from "./secret";
import { afterSignIn, beforeEmailLink, beforeSignIn } from "./rate-limit";

function headersOf(req?: Request | Headers | null): Headers | null {
  if (!req) return null;
  return req instanceof Headers ? req : req.headers;
}

function hostOf(req?: Request | Headers | null): string | null {
  return headersOf(req)?.get("host") ?? null;
}

/**
 * The host name a session belongs to (lower case, no port): sessions are valid only on the host that
 * issued them (see sessionHostMatches in ./session-host.ts).
 */
export function sessionHostOf(req?: Request | Headers | null): string | null {
  const info = parseHost(hostOf(req), env().rootHostname);
  return info.kind === "invalid" ? null : info.hostname;
}

/** The client address the auth route resolved (src/lib/net/client-ip.ts); null for server-side calls. */
function clientIpOf(req?: Request | Headers | null): string | null {
  return headersOf(req)?.get(CLIENT_IP_HEADER) ?? null;
}

function badRequest(message: string) {
  return new APIError("BAD_REQUEST", { message });
}

function tooMany(seconds: number, what: string) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new APIError("TOO_MANY_REQUESTS", { message: `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` });
}

/**
 * Better Auth's Stripe plugin, for one thing: it verifies the signature of the webhooks Stripe sends
 * to /api/auth/stripe/webhook (bad → 400, nothing written) and hands each event to our handler
 * (src/lib/platform-billing/stripe-events.ts), which owns the subscription mirror. Its subscription feature
 * stays off: it bills a person (the signed-in user's Stripe customer), while Courseforge bills the
 * school — Checkout, plan changes, cancellation and the portal are our own calls for the school's
 * customer (src/lib/platform-billing/checkout.ts), and the plugin's /subscription/* endpoints are not served.
 */
function creatorBilling(billing: StripeBilling) {
  return stripePlugin({
    stripeClient: billing.client,
    stripeWebhookSecret: billing.webhookSecret,
    createCustomerOnSignUp: false,
    onEvent: async (event) => {
      await handleStripeEvent(billing, event);
    },
  });
}

/**
 * Signing out of a school ends the user's sessions on all its hosts — its subdomain, where they signed in,
 * and its custom domains, which got the session by handoff (src/lib/auth/handoff.ts): otherwise "Sign in"
 * would hand them straight back in, or the other host would stay signed in.
 */
async function endSchoolSessions(req?: Request | Headers | null): Promise<void> {
  const h = headersOf(req);
  const kind = h ? parseHost(hostOf(h), env().rootHostname).kind : null;
  if (!h || (kind !== "custom" && kind !== "tenant")) return;
  const { sessionForRequest } = await import("./session");
  const [current, tenant] = await Promise.all([sessionForRequest(h), resolveHostTenant(hostOf(h))]);
  if (!current || !tenant) return;
  const hosts = [`${tenant.site.slug}.${env().rootHostname}`, ...(await verifiedHostnames(tenant.scope))];
  await revokeHostSessions({ userId: current.user.id, hosts });
}

type AuthOptions = {
  database: Awaited<ReturnType<typeof authDatabaseAdapter>>;
  /** The school host (subdomain or verified custom domain) this instance also serves; see getAuthForHost. */
  siteHost?: string;
};

function createAuth({ database, siteHost }: AuthOptions) {
  const e = env();
  const billing = stripeBilling();
  return betterAuth({
    appName: "Courseforge",
    secret: authSecret(),
    // The hosts this instance serves, and so the only ones it builds links for and trusts as origins and
    // redirect targets (each allowed host is also a trusted origin): the app host and — in a school's own
    // instance — that school's host (its subdomain, or a verified custom domain). No wildcard: a reset
    // link asked for on one school can never land on another school or a host nobody serves; a foreign
    // Origin, callbackURL or redirectTo gets 403.
    baseURL: { allowedHosts: [`app.${e.rootDomain}`, ...(siteHost ? [siteHost] : [])], fallback: `${e.protocol}://app.${e.rootDomain}`, protocol: e.protocol },
    database,
    // Endpoints no page of ours uses, which act on the whole account from any host (list every session with
    // its token, sign out the dashboard from a school's site, social and account links we do not offer).
    disabledPaths: [
      "/list-sessions",
      "/revoke-session",
      "/revoke-sessions",
      "/revoke-other-sessions",
      "/update-session",
      "/list-accounts",
      "/account-info",
      "/link-social",
      "/unlink-account",
      "/get-access-token",
      "/refresh-token",
      "/sign-in/social",
      "/delete-user",
      "/delete-user/callback",
    ],
    // A student (or creator) changes their address from their account page: the link goes to the new address,
    // and the address changes only when it is clicked (a verified account cannot switch without proof).
    user: { changeEmail: { enabled: true, updateEmailWithoutVerification: false } },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      requireEmailVerification: false,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }, request) => {
        const tenant = await resolveHostTenant(hostOf(request));
        await sendEvent(null, {
          name: "auth/password-reset.requested",
          data: { creatorId: tenant?.scope.creatorId ?? null, email: user.email, name: user.name, sealedUrl: sealEventLink(url) },
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      // The link proves the mailbox, not the password someone chose when they typed the address. Unless the
      // click comes from a browser already signed in as this account, earlier access is revoked first.
      beforeEmailVerification: async (u, request) => {
        const { sessionForRequest } = await import("./session");
        const current = request ? await sessionForRequest(request.headers) : null;
        if (current?.user.id === u.id) return;
        await revokeUnprovenAccess(u.id);
        logger.info("auth.unproven_access_revoked", { host: hostOf(request) });
      },
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, url }, request) => {
        const tenant = await resolveHostTenant(hostOf(request));
        await sendEvent(null, {
          name: "auth/email-verification.requested",
          data: { creatorId: tenant?.scope.creatorId ?? null, email: user.email, name: user.name, sealedUrl: sealEventLink(url) },
        });
      },
    },
    // cookieCache: the session is also kept for 60 s in a signed cookie, so most requests (every
    // autosave of the course builder) skip the session lookup. A revoked session (sign-out
    // elsewhere, password reset) therefore ends within a minute; tenant roles are always read
    // from the database.
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
      cookieCache: { enabled: true, maxAge: 60 },
      // The host that issued the session; a session is honoured on that host only.
      additionalFields: { host: { type: "string", required: false, input: false } },
    },
    databaseHooks: {
      session: { create: { before: async (session, ctx) => ({ data: { ...session, host: sessionHostOf(ctx?.request ?? ctx?.headers) } }) } },
      user: {
        // Whatever path writes a user, its name stays a bounded string.
        create: {
          before: async (u) => {
            if (typeof u.name !== "string" || u.name.length > 100) throw badRequest("Use at most 100 characters for your name");
          },
        },
        update: {
          before: async (u, ctx) => {
            if (u.name !== undefined && (typeof u.name !== "string" || u.name.length > 100)) throw badRequest("Use at most 100 characters for your name");
            // A changed address arrives through the link sent to it: clicking that link proves the new mailbox.
            if (ctx?.path === "/verify-email" && typeof u.email === "string") return { data: { ...u, emailVerified: true } };
          },
        },
      },
    },
    rateLimit: {
      enabled: e.AUTH_RATE_LIMIT,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 5 },
        "/request-password-reset": { window: 60, max: 3 },
        "/sign-in/magic-link": { window: 60, max: 3 },
        "/change-email": { window: 60, max: 3 },
        "/change-password": { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: e.protocol === "https",
      cookiePrefix: "cf",
      // Explicit, so tests run what production runs (Better Auth skips both checks when NODE_ENV=test).
      disableOriginCheck: false,
      disableCSRFCheck: false,
      // The auth route puts the client address it resolved (trusted proxies only) in this header,
      // after removing any value a client sent; Better Auth's per-IP limiter reads nothing else.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        if (ctx.path === "/sign-up/email" || ctx.path === "/update-user" || ctx.path === "/sign-in/magic-link") {
          const schema = ctx.path === "/sign-up/email" ? signUpFieldsSchema : ctx.path === "/update-user" ? updateUserFieldsSchema : magicLinkFieldsSchema;
          const parsed = schema.safeParse(body);
          if (!parsed.success) throw badRequest(firstProblem(parsed.error));
        }
        if (ctx.path === "/sign-out") await endSchoolSessions(ctx.request ?? ctx.headers);
        const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : null;
        if (!email) return;
        const ip = clientIpOf(ctx.request ?? ctx.headers);
        if (ctx.path === "/sign-in/email") {
          const wait = await beforeSignIn({ email, ip });
          if (wait !== null) {
            logger.warn("auth.sign_in_rate_limited", { host: hostOf(ctx.request ?? ctx.headers) });
            throw tooMany(wait, "sign-in attempts for this account");
          }
        }
        if (ctx.path === "/sign-in/magic-link" || ctx.path === "/request-password-reset" || ctx.path === "/send-verification-email") {
          const wait = await beforeEmailLink({ path: ctx.path, email, ip });
          if (wait !== null) throw tooMany(wait, "emails requested for this address");
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const created = ctx.context.newSession;
        if (ctx.path === "/sign-in/email") {
          const body = (ctx.body ?? {}) as Record<string, unknown>;
          const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : null;
          if (email) await afterSignIn({ email, ip: clientIpOf(ctx.request ?? ctx.headers), ok: !!created });
          // Say why a password cannot work when the account has none (cleared when its email was confirmed
          // from another browser): "wrong password" would send the owner round in circles.
          if (!created && email && (await verifiedWithoutPassword(email))) {
            throw new APIError("UNAUTHORIZED", {
              code: "PASSWORD_NOT_SET",
              message:
                "This account has no password: it was removed for safety when the email address was confirmed from another browser (or none was ever set). Use “Email me a sign-in link”, or “Forgot password?” to set a new one.",
            });
          }
        }
        if (!created) return;
        // Signing in or up on a tenant's site makes you a student of that tenant (only that one).
        const tenant = await resolveHostTenant(hostOf(ctx.request ?? ctx.headers));
        if (!tenant) return;
        const student = await ensureStudent(tenant.scope, created.user.id);
        if (student.created) {
          await noteNewStudent(tenant.scope, { studentId: student.id, schoolName: tenant.site.name, slug: tenant.site.slug }).catch((err) =>
            logger.error("students.note_failed", { error: err instanceof Error ? err.message : String(err) }),
          );
        }
      }),
    },
    plugins: [
      magicLink({
        expiresIn: 5 * 60,
        sendMagicLink: async ({ email, url }, ctx) => {
          const tenant = await resolveHostTenant(hostOf(ctx?.request ?? ctx?.headers));
          await sendEvent(null, {
            name: "auth/magic-link.requested",
            data: { creatorId: tenant?.scope.creatorId ?? null, email, sealedUrl: sealEventLink(url) },
          });
        },
      }),
      sessionHandoff(),
      ...(billing ? [creatorBilling(billing)] : []),
      nextCookies(),
    ],
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __courseforgeAuth?: Promise<Auth>; __courseforgeCustomAuth?: Map<string, Promise<Auth>> };

/** Better Auth for the app host (and for reading sessions anywhere: the host rule is sessionForRequest's). */
export function getAuth(): Promise<Auth> {
  g.__courseforgeAuth ??= authDatabaseAdapter().then((database) => createAuth({ database }));
  return g.__courseforgeAuth;
}

const MAX_SITE_INSTANCES = 500;

/**
 * Better Auth for a request's host. A school's host (a subdomain, or a verified custom domain: the caller
 * has checked it is served) gets an instance of its own whose allowed hosts are the app host and that
 * host, so its reset and magic links point back to it and nowhere else; instances are kept for the most
 * recently used hosts.
 */
export async function getAuthForHost(host: string | null): Promise<Auth> {
  const info = parseHost(host, env().rootHostname);
  if ((info.kind !== "custom" && info.kind !== "tenant") || !host) return getAuth();
  const key = host.trim().toLowerCase();
  const map = (g.__courseforgeCustomAuth ??= new Map());
  let instance = map.get(key);
  if (instance) {
    map.delete(key);
  } else {
    instance = authDatabaseAdapter().then((database) => createAuth({ database, siteHost: key }));
    if (map.size >= MAX_SITE_INSTANCES) map.delete(map.keys().next().value!);
  }
  map.set(key, instance);
  return instance;
}
