import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import type { PlanId } from "@/lib/platform-billing/plans";

/**
 * The Stripe side of creator billing, or null in test mode (no STRIPE_SECRET_KEY). The secret key
 * and webhook secret stay on the server: nothing here is imported by client components.
 */
export type StripeBilling = {
  client: Stripe;
  webhookSecret: string;
  /** Paid plans with a Stripe price configured. */
  prices: Partial<Record<Exclude<PlanId, "free">, string>>;
};

const g = globalThis as unknown as { __courseforgeStripe?: StripeBilling | null };

export function stripeBilling(): StripeBilling | null {
  if (g.__courseforgeStripe !== undefined) return g.__courseforgeStripe;
  const e = env();
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_WEBHOOK_SECRET) return (g.__courseforgeStripe = null);
  const api = e.STRIPE_API_URL ? new URL(e.STRIPE_API_URL) : null;
  const client = new Stripe(e.STRIPE_SECRET_KEY, {
    appInfo: { name: "Courseforge" },
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(api
      ? { host: api.hostname, port: Number(api.port || (api.protocol === "https:" ? 443 : 80)), protocol: api.protocol.replace(":", "") as "http" | "https" }
      : {}),
  });
  const prices: StripeBilling["prices"] = {};
  if (e.STRIPE_PRICE_STARTER) prices.starter = e.STRIPE_PRICE_STARTER;
  if (e.STRIPE_PRICE_PRO) prices.pro = e.STRIPE_PRICE_PRO;
  if (e.STRIPE_PRICE_BUSINESS) prices.business = e.STRIPE_PRICE_BUSINESS;
  return (g.__courseforgeStripe = { client, webhookSecret: e.STRIPE_WEBHOOK_SECRET, prices });
}

export const billingMode = (): "stripe" | "test" => (stripeBilling() ? "stripe" : "test");

/** Our plan for a Stripe price id, or null when the price is not one of ours. */
export function planForPrice(billing: StripeBilling, priceId: string): Exclude<PlanId, "free"> | null {
  for (const [plan, id] of Object.entries(billing.prices)) if (id === priceId) return plan as Exclude<PlanId, "free">;
  return null;
}
