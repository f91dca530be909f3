import { headers } from "next/headers";
import { APIError } from "better-auth/api";
import type { TenantScope } from "@/db/scope";
import { ActionError } from "@/lib/actions/result";
import { getAuth } from "@/lib/auth/auth";
import type { SessionUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { CREDIT_PACKS, type CreditPack } from "@/lib/plans/credits";
import type { PlanId } from "@/lib/plans/plans";
import type { StripeBilling } from "./stripe";

/**
 * Where the billing page sends an owner in Stripe mode: Checkout for a first subscription or a
 * top-up pack, the customer portal to confirm a plan change, cancel, or manage cards and invoices.
 * Stripe's webhooks then apply the result (src/lib/billing/stripe-events.ts).
 */
const billingUrl = (org: string, query = "") => appUrl(`/${org}/settings/billing${query}`);

async function viaAuth(what: string, call: () => Promise<{ url?: string | null }>) {
  try {
    const r = await call();
    if (!r.url) throw new ActionError("unavailable", `Stripe did not return a page to ${what}. Please try again.`);
    return r.url;
  } catch (err) {
    if (err instanceof APIError) {
      logger.warn("billing.stripe_refused", { what, status: err.status, message: err.message });
      throw new ActionError("conflict", err.message || `Stripe could not ${what}.`);
    }
    throw err;
  }
}

export async function subscriptionCheckoutUrl(scope: TenantScope, org: string, plan: Exclude<PlanId, "free">, billing: StripeBilling) {
  if (!billing.prices[plan]) throw new ActionError("unavailable", `The ${plan} plan has no Stripe price configured (STRIPE_PRICE_${plan.toUpperCase()}).`);
  const auth = await getAuth();
  const h = await headers();
  return viaAuth("change the plan", () =>
    auth.api.upgradeSubscription({
      headers: h,
      body: { plan, referenceId: scope.creatorId, successUrl: billingUrl(org, "?checkout=success"), cancelUrl: billingUrl(org, "?checkout=cancelled"), returnUrl: billingUrl(org), disableRedirect: true },
    }),
  );
}

export async function cancelSubscriptionUrl(scope: TenantScope, org: string) {
  const auth = await getAuth();
  const h = await headers();
  return viaAuth("cancel the plan", () => auth.api.cancelSubscription({ headers: h, body: { referenceId: scope.creatorId, returnUrl: billingUrl(org), disableRedirect: true } }));
}

export async function billingPortalUrl(scope: TenantScope, org: string) {
  const auth = await getAuth();
  const h = await headers();
  return viaAuth("open the billing portal", () => auth.api.createBillingPortal({ headers: h, body: { referenceId: scope.creatorId, returnUrl: billingUrl(org), disableRedirect: true } }));
}

export async function creditPackCheckoutUrl(scope: TenantScope, org: string, user: SessionUser, pack: CreditPack, requestId: string, billing: StripeBilling) {
  const p = CREDIT_PACKS[pack];
  const session = await billing.client.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: p.priceCents, product_data: { name: `Courseforge AI credits: ${p.label}` } } }],
      client_reference_id: scope.creatorId,
      customer_email: user.email,
      metadata: { kind: "credit_pack", creatorId: scope.creatorId, pack },
      success_url: billingUrl(org, "?credits=success"),
      cancel_url: billingUrl(org, "?credits=cancelled"),
    },
    // A double click opens the same Checkout Session.
    { idempotencyKey: `credit-pack:${scope.creatorId}:${requestId}` },
  );
  if (!session.url) throw new ActionError("unavailable", "Stripe did not return a checkout page. Please try again.");
  return session.url;
}
