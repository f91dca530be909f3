import "server-only";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { stripeBilling } from "@/lib/platform-billing/stripe";

/**
 * Stripe Connect for student payments: the platform's Stripe client (the same key as creator billing) and
 * the Connect endpoint's own signing secret. Null when either is missing; schools then cannot connect and
 * paid offers use the test-payment mode where it is allowed (src/lib/commerce/payments.ts).
 */
export type StripeConnect = { client: Stripe; webhookSecret: string };

export function stripeConnect(): StripeConnect | null {
  const billing = stripeBilling();
  const secret = env().STRIPE_CONNECT_WEBHOOK_SECRET;
  return billing && secret ? { client: billing.client, webhookSecret: secret } : null;
}

/** The account facts we keep, read from Stripe's account object. */
export function accountState(a: Stripe.Account) {
  return {
    detailsSubmitted: a.details_submitted ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    requirementsDue: a.requirements?.currently_due ?? [],
    disabledReason: a.requirements?.disabled_reason ?? null,
  };
}
