import Stripe from "stripe";
import { claimSchoolStripeCustomer, schoolStripeCustomerId, schoolSubscriptionMirrors } from "@/db/queries/platform-billing";
import type { TenantScope } from "@/db/scope";
import { DomainError } from "@/lib/errors";
import { appUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { CREDIT_PACKS, type CreditPack } from "@/lib/platform-billing/credits";
import { PLANS, type PlanId } from "@/lib/platform-billing/plans";
import { planForPrice, type StripeBilling } from "./stripe";

/**
 * Where the billing page sends an owner in Stripe mode — always for the SCHOOL's Stripe customer
 * (`creators.stripe_customer_id`, one per school, created on first need): Checkout for a first
 * subscription or a top-up pack, the customer portal to confirm a plan change, cancel, or manage
 * cards and invoices. Every co-owner reaches the same customer; a person who owns two schools
 * reaches two. Stripe's webhooks then apply the result (src/lib/platform-billing/stripe-events.ts).
 *
 * Our own Stripe calls (Better Auth's Stripe plugin would use the signed-in person's customer).
 */
export type School = { slug: string; name: string };

const billingUrl = (org: string, query = "") => appUrl(`/${org}/settings/billing${query}`);

/** Stripe refused or could not be reached: a clear message for the creator, the details in the log. */
async function stripeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) {
      logger.warn("billing.stripe_refused", { what, type: err.type, code: err.code, status: err.statusCode, requestId: err.requestId });
      const down = err.type === "StripeConnectionError" || err.type === "StripeAPIError" || err.type === "StripeRateLimitError";
      throw new DomainError(down ? "unavailable" : "conflict", `Stripe could not ${what} just now. Please try again in a moment.`);
    }
    throw err;
  }
}

function pageUrl(what: string, url: string | null | undefined) {
  if (!url) throw new DomainError("unavailable", `Stripe did not return a page to ${what}. Please try again.`);
  return url;
}

/**
 * The school's Stripe customer, created on first need with the school's id in its metadata. The
 * idempotency key is per school (and the parameters fixed), so concurrent first calls — two
 * co-owners clicking at once — get the same customer, and only one is stored.
 */
export async function schoolCustomer(scope: TenantScope, school: School, billing: StripeBilling): Promise<string> {
  const known = await schoolStripeCustomerId(scope);
  if (known) return known;
  const customer = await stripeCall("set up billing for this school", () =>
    billing.client.customers.create({ name: school.name, metadata: { creatorId: scope.creatorId } }, { idempotencyKey: `school-customer:${scope.creatorId}` }),
  );
  return claimSchoolStripeCustomer(scope, customer.id);
}

const LIVE = new Set(["active", "trialing", "past_due", "unpaid", "paused"]);

/**
 * The school's subscription Stripe still bills, read from Stripe (on the school's customer). A live
 * subscription mirrored for this school on another customer (started before schools had their own)
 * cannot be changed from here without opening that person's portal: refused with what to do.
 */
async function liveSubscription(scope: TenantScope, customer: string, billing: StripeBilling): Promise<Stripe.Subscription | null> {
  const { data } = await stripeCall("read this school's subscription", () => billing.client.subscriptions.list({ customer, status: "all", limit: 20 }));
  const live = data.filter((s) => LIVE.has(s.status) && s.items.data.some((i) => planForPrice(billing, i.price.id))).sort((a, b) => b.created - a.created);
  if (live[0]) return live[0];
  const elsewhere = (await schoolSubscriptionMirrors(scope)).some((m) => m.stripeCustomerId !== customer && LIVE.has(m.status));
  if (elsewhere) {
    throw new DomainError(
      "conflict",
      "This school's subscription was started before each school had its own billing account, so it cannot be changed here. Contact support to move it to this school.",
    );
  }
  return null;
}

/**
 * A move to a paid plan: Checkout for the school's first subscription, or the customer portal's
 * confirmation page for a change of the school's live subscription. `requestId` (one per click)
 * makes a double click open the same Checkout Session.
 */
export async function changePlanUrl(scope: TenantScope, input: { school: School; plan: Exclude<PlanId, "free">; requestId?: string }, billing: StripeBilling) {
  const { school, plan, requestId } = input;
  const price = billing.prices[plan];
  if (!price) throw new DomainError("unavailable", `The ${PLANS[plan].name} plan has no Stripe price configured (STRIPE_PRICE_${plan.toUpperCase()}).`);
  const customer = await schoolCustomer(scope, school, billing);
  const current = await liveSubscription(scope, customer, billing);
  if (!current) {
    const session = await stripeCall("start the checkout", () =>
      billing.client.checkout.sessions.create(
        {
          mode: "subscription",
          customer,
          line_items: [{ price, quantity: 1 }],
          client_reference_id: scope.creatorId,
          metadata: { kind: "subscription", referenceId: scope.creatorId, plan },
          subscription_data: { metadata: { referenceId: scope.creatorId, plan } },
          success_url: billingUrl(school.slug, "?checkout=success"),
          cancel_url: billingUrl(school.slug, "?checkout=cancelled"),
        },
        requestId ? { idempotencyKey: `plan-checkout:${scope.creatorId}:${plan}:${requestId}` } : undefined,
      ),
    );
    return pageUrl("pay", session.url);
  }
  const item = current.items.data.find((i) => planForPrice(billing, i.price.id))!;
  if (item.price.id === price) {
    throw new DomainError(
      "conflict",
      current.status === "active" || current.status === "trialing"
        ? `This school is already subscribed to ${PLANS[plan].name}.`
        : `This school's ${PLANS[plan].name} subscription has an unpaid invoice: pay it under "Manage billing" to keep (or get back) the plan.`,
    );
  }
  const returnUrl = billingUrl(school.slug);
  const portal = await stripeCall("open the plan change", () =>
    billing.client.billingPortal.sessions.create({
      customer,
      return_url: returnUrl,
      flow_data: {
        type: "subscription_update_confirm",
        after_completion: { type: "redirect", redirect: { return_url: billingUrl(school.slug, "?checkout=success") } },
        subscription_update_confirm: { subscription: current.id, items: [{ id: item.id, price, quantity: 1 }] },
      },
    }),
  );
  return pageUrl("change the plan", portal.url);
}

/**
 * Cancelling (a move to Free): the customer portal's cancellation page for the school's live
 * subscription, or null when Stripe bills nothing for this school (the move can apply at once).
 */
export async function cancelSubscriptionUrl(scope: TenantScope, school: School, billing: StripeBilling): Promise<string | null> {
  const customer = await schoolStripeCustomerId(scope);
  if (!customer) {
    if ((await schoolSubscriptionMirrors(scope)).some((m) => LIVE.has(m.status))) {
      throw new DomainError(
        "conflict",
        "This school's subscription was started before each school had its own billing account, so it cannot be cancelled here. Contact support to move it to this school.",
      );
    }
    return null;
  }
  const current = await liveSubscription(scope, customer, billing);
  if (!current) return null;
  const portal = await stripeCall("open the cancellation", () =>
    billing.client.billingPortal.sessions.create({
      customer,
      return_url: billingUrl(school.slug),
      flow_data: {
        type: "subscription_cancel",
        after_completion: { type: "redirect", redirect: { return_url: billingUrl(school.slug) } },
        subscription_cancel: { subscription: current.id },
      },
    }),
  );
  return pageUrl("cancel the plan", portal.url);
}

/** The customer portal (cards, invoices, plan, cancellation) of the school's customer: nobody else's. */
export async function billingPortalUrl(scope: TenantScope, school: School, billing: StripeBilling) {
  const customer = await schoolCustomer(scope, school, billing);
  const portal = await stripeCall("open the billing portal", () =>
    billing.client.billingPortal.sessions.create({ customer, return_url: billingUrl(school.slug) }),
  );
  return pageUrl("manage billing", portal.url);
}

/** A top-up pack: our own Checkout Session in payment mode, paid by the school's customer. */
export async function creditPackCheckoutUrl(scope: TenantScope, input: { school: School; pack: CreditPack; requestId: string }, billing: StripeBilling) {
  const { school, pack, requestId } = input;
  const p = CREDIT_PACKS[pack];
  const customer = await schoolCustomer(scope, school, billing);
  const session = await stripeCall("start the checkout", () =>
    billing.client.checkout.sessions.create(
      {
        mode: "payment",
        customer,
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: p.priceCents, product_data: { name: `Courseforge AI credits: ${p.label}` } } }],
        client_reference_id: scope.creatorId,
        metadata: { kind: "credit_pack", creatorId: scope.creatorId, pack },
        success_url: billingUrl(school.slug, "?credits=success"),
        cancel_url: billingUrl(school.slug, "?credits=cancelled"),
      },
      // A double click opens the same Checkout Session.
      { idempotencyKey: `credit-pack:${scope.creatorId}:${requestId}` },
    ),
  );
  return pageUrl("pay", session.url);
}
