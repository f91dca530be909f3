import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { magicLink } from "better-auth/plugins";
import { stripe as stripePlugin } from "@better-auth/stripe";
import { z } from "zod";
import { authDatabaseAdapter } from "@/db/auth-adapter";
import { ensureStudent, memberRoleById } from "@/db/queries/tenants";
import { handleStripeEvent } from "@/lib/billing/stripe-events";
import { stripeBilling, type StripeBilling } from "@/lib/billing/stripe";
import { sendEvent } from "@/inngest/send";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { brandForHost, resolveHostTenant } from "@/lib/tenant/resolve";
import { authSecret } from "./secret";
import { consume, emailLinkLimiter, signInLimiter } from "./rate-limit";

function hostOf(req?: Request | Headers | null): string | null {
  if (!req) return null;
  const h = req instanceof Headers ? req : req.headers;
  return h.get("host");
}

function tooMany(seconds: number, what: string) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new APIError("TOO_MANY_REQUESTS", {
    message: `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  });
}

/**
 * Creator subscriptions through Better Auth's Stripe plugin: the school (creator id) is the
 * subscription's reference, its owner the Stripe customer. Webhooks arrive at
 * /api/auth/stripe/webhook; the plugin verifies the signature and then our handler applies the
 * event (src/lib/billing/stripe-events.ts).
 */
function creatorBilling(billing: StripeBilling) {
  return stripePlugin({
    stripeClient: billing.client,
    stripeWebhookSecret: billing.webhookSecret,
    createCustomerOnSignUp: false,
    subscription: {
      enabled: true,
      plans: Object.entries(billing.prices).map(([name, priceId]) => ({ name, priceId })),
      authorizeReference: async ({ user, referenceId, action }) => {
        if (!z.string().uuid().safeParse(referenceId).success) return false;
        const role = await memberRoleById(referenceId, user.id);
        // Only owners pay or cancel; admins may look at the subscription.
        return role === "owner" || (action === "list-subscription" && role === "admin");
      },
    },
    onEvent: async (event) => {
      await handleStripeEvent(billing, event);
    },
  });
}

function createAuth(database: Awaited<ReturnType<typeof authDatabaseAdapter>>) {
  const e = env();
  const billing = stripeBilling();
  return betterAuth({
    appName: "Courseforge",
    secret: authSecret(),
    // Served on the app host, every tenant subdomain and verified custom domains. The auth route
    // (src/app/api/auth/[...all]/route.ts) refuses hosts that are not served before we get here,
    // so building URLs from the request host is safe.
    baseURL: { allowedHosts: ["*"], fallback: `${e.protocol}://app.${e.rootDomain}`, protocol: e.protocol },
    trustedOrigins: async (request) => {
      const host = hostOf(request);
      const origins = [`${e.protocol}://app.${e.rootDomain}`];
      if (host) origins.push(`${e.protocol}://${host}`);
      return origins;
    },
    database,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      requireEmailVerification: false,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }, request) => {
        const { brand, scope } = await brandForHost(hostOf(request));
        await sendEvent("email/send.requested", { creatorId: scope?.creatorId ?? null, to: user.email, template: "reset-password", props: { brand, name: user.name, url } });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, url }, request) => {
        const { brand, scope } = await brandForHost(hostOf(request));
        await sendEvent("email/send.requested", { creatorId: scope?.creatorId ?? null, to: user.email, template: "verify-email", props: { brand, name: user.name, url } });
      },
    },
    // cookieCache: the session is also kept for 60 s in a signed cookie, so most requests (every
    // autosave of the course builder) skip the session lookup. A revoked session (sign-out
    // elsewhere, password reset) therefore ends within a minute; tenant roles are always read
    // from the database.
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: 60 } },
    rateLimit: {
      enabled: e.AUTH_RATE_LIMIT,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 5 },
        "/request-password-reset": { window: 60, max: 3 },
        "/sign-in/magic-link": { window: 60, max: 3 },
      },
    },
    advanced: {
      useSecureCookies: e.protocol === "https",
      cookiePrefix: "cf",
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const email = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase() : null;
        if (!email) return;
        if (ctx.path === "/sign-in/email") {
          const wait = await consume(signInLimiter, email);
          if (wait !== null) {
            logger.warn("auth.sign_in_rate_limited", { host: hostOf(ctx.request ?? ctx.headers) });
            throw tooMany(wait, "sign-in attempts for this account");
          }
        }
        if (ctx.path === "/sign-in/magic-link" || ctx.path === "/request-password-reset" || ctx.path === "/send-verification-email") {
          const wait = await consume(emailLinkLimiter, `${ctx.path}:${email}`);
          if (wait !== null) throw tooMany(wait, "emails requested for this address");
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const created = ctx.context.newSession;
        if (!created) return;
        if (ctx.path === "/sign-in/email") await signInLimiter.delete(created.user.email.toLowerCase());
        // Signing in or up on a tenant's site makes you a student of that tenant (only that one).
        const tenant = await resolveHostTenant(hostOf(ctx.request ?? ctx.headers));
        if (tenant) await ensureStudent(tenant.scope, created.user.id);
      }),
    },
    plugins: [
      magicLink({
        expiresIn: 5 * 60,
        sendMagicLink: async ({ email, url }, ctx) => {
          const { brand, scope } = await brandForHost(hostOf(ctx?.request ?? ctx?.headers));
          await sendEvent("email/send.requested", { creatorId: scope?.creatorId ?? null, to: email, template: "magic-link", props: { brand, url } });
        },
      }),
      ...(billing ? [creatorBilling(billing)] : []),
      nextCookies(),
    ],
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __courseforgeAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  g.__courseforgeAuth ??= authDatabaseAdapter().then(createAuth);
  return g.__courseforgeAuth;
}
