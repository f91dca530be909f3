import type Stripe from "stripe";
import { existingCreatorId, findSubscriptionMirror, isStripeEventProcessed, otherSubscriptionStatuses, recordStripeEvent, updateSubscriptionMirror } from "@/db/queries/billing";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { CREDIT_PACKS, type CreditPack } from "@/lib/plans/credits";
import type { PlanId } from "@/lib/plans/plans";
import { applyPlan, fulfilCreditPack } from "./plan-sync";
import { planForPrice, type StripeBilling } from "./stripe";

/**
 * Our side of a verified Stripe webhook event (Better Auth's Stripe plugin checks the signature and
 * keeps its `subscription` mirror, then calls this).
 *
 * Exactly once: an event id already in `stripe_events` is skipped; the effects are themselves
 * idempotent (plan change is a no-op when already applied, credits are keyed ledger operations),
 * so two deliveries racing each other still change things once. The row is written after the
 * effects, so a failure leaves nothing behind and Stripe's retry runs it again.
 *
 * In any order: subscription events do not trust the snapshot they carry. We fetch the
 * subscription's current state from Stripe and apply that, so an old `updated` event arriving after
 * a newer one cannot roll the plan back.
 */
const ACTIVE = new Set(["active", "trialing", "past_due"]);
const ENDED = new Set(["canceled", "unpaid", "incomplete_expired", "paused"]);

export type StripeEventOutcome = { handled: "duplicate" | "ignored" | "plan" | "credits"; creatorId?: string; plan?: string };

export async function handleStripeEvent(billing: StripeBilling, event: Stripe.Event): Promise<StripeEventOutcome> {
  if (await isStripeEventProcessed(event.id)) return { handled: "duplicate" };

  let outcome: StripeEventOutcome = { handled: "ignored" };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.mode === "payment" && session.metadata?.kind === "credit_pack") {
        if (session.payment_status === "paid") outcome = await creditPack(session);
      } else if (session.mode === "subscription" && session.subscription) {
        const id = typeof session.subscription === "string" ? session.subscription : session.subscription.id;
        outcome = await syncSubscription(billing, id, session.client_reference_id);
      }
      break;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed": {
      const sub = event.data.object;
      outcome = await syncSubscription(billing, sub.id, sub.metadata?.referenceId ?? null);
      break;
    }
    default:
      break;
  }

  await recordStripeEvent({ id: event.id, type: event.type, creatorId: outcome.creatorId ?? null, created: new Date(event.created * 1000) });
  logger.info("stripe.event", { id: event.id, type: event.type, handled: outcome.handled, plan: outcome.plan });
  return outcome;
}

async function creditPack(session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  const creatorId = await existingCreatorId(session.metadata?.creatorId ?? session.client_reference_id);
  const pack = session.metadata?.pack;
  if (!creatorId || !pack || !(pack in CREDIT_PACKS)) {
    logger.warn("stripe.credit_pack_unmatched", { session: session.id });
    return { handled: "ignored" };
  }
  // Keyed by the Checkout Session: every delivery of either completion event adds the pack once.
  await fulfilCreditPack(systemScope(creatorId), pack as CreditPack, `stripe:${session.id}`, "stripe");
  return { handled: "credits", creatorId };
}

async function syncSubscription(billing: StripeBilling, subscriptionId: string, referenceHint: string | null): Promise<StripeEventOutcome> {
  const sub = await billing.client.subscriptions.retrieve(subscriptionId);
  const mirror = await findSubscriptionMirror(sub.id);
  const creatorId = await existingCreatorId(sub.metadata?.referenceId ?? referenceHint ?? mirror?.referenceId);
  if (!creatorId) {
    logger.warn("stripe.subscription_unmatched", { subscription: sub.id });
    return { handled: "ignored" };
  }
  const scope = systemScope(creatorId);
  const item = sub.items.data.find((i) => planForPrice(billing, i.price.id));
  const paidPlan = item ? planForPrice(billing, item.price.id) : null;

  // Keep the plugin's mirror at Stripe's current state (its own handler applied the event's snapshot).
  await updateSubscriptionMirror(scope, sub.id, {
    status: sub.status,
    ...(paidPlan ? { plan: paidPlan } : {}),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at ? new Date(sub.cancel_at * 1000) : null,
    canceledAt: sub.canceled_at ? new Date(sub.canceled_at * 1000) : null,
    endedAt: sub.ended_at ? new Date(sub.ended_at * 1000) : null,
    ...(item ? { periodStart: new Date(item.current_period_start * 1000), periodEnd: new Date(item.current_period_end * 1000) } : {}),
  });

  let target: PlanId | null = null;
  if (ACTIVE.has(sub.status) && paidPlan) target = paidPlan;
  // Only fall back to Free if this tenant has no other live subscription (e.g. they re-subscribed).
  else if (ENDED.has(sub.status) && !(await otherSubscriptionStatuses(scope, sub.id)).some((s) => ACTIVE.has(s))) target = "free";
  if (!target) return { handled: "ignored", creatorId };
  // Stripe is the truth for what is paid for: the plan follows even when over the new limits
  // (new courses, seats, ... are then refused until the tenant fits).
  const r = await applyPlan(scope, target, { actorUserId: null, source: "stripe", force: true });
  return { handled: "plan", creatorId, plan: r.to };
}
