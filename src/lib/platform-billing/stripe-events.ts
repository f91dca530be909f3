import type Stripe from "stripe";
import {
  creatorIdForStripeCustomer,
  existingCreatorId,
  findSubscriptionMirror,
  isStripeEventProcessed,
  otherSubscriptions,
  recordStripeEvent,
  upsertSubscriptionMirror,
} from "@/db/queries/platform-billing";
import { reversePurchase } from "@/db/queries/credits";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { CREDIT_PACKS, type CreditPack } from "@/lib/platform-billing/credits";
import { PLAN_IDS, type PlanId } from "@/lib/platform-billing/plans";
import { applyPlan, fulfilCreditPack } from "./plan-sync";
import { planForPrice, type StripeBilling } from "./stripe";

/**
 * Our side of a verified Stripe webhook event (Better Auth's Stripe plugin checks the signature and
 * calls this; the subscription mirror is ours, see syncSubscription).
 *
 * Exactly once: an event id already in `stripe_events` is skipped; the effects are themselves
 * idempotent (plan change is a no-op when already applied, credits are keyed ledger operations),
 * so two deliveries racing each other still change things once. The row is written after the
 * effects, so a failure leaves nothing behind and Stripe's retry runs it again.
 *
 * In any order: events do not trust the snapshot they carry. We fetch the subscription's (or the
 * charge's) current state from Stripe and apply that, so an old `updated` event arriving after a
 * newer one cannot roll the plan back, and a refund delivered before the payment's completion event
 * still nets to nothing.
 */

/** How long a past_due subscription keeps its paid plan, from when we first saw it past_due. */
export const PAST_DUE_GRACE_DAYS = 7;
export const PAST_DUE_GRACE_MS = PAST_DUE_GRACE_DAYS * 86_400_000;

const PAYING = new Set(["active", "trialing"]);
const ENDED = new Set(["canceled", "unpaid", "incomplete_expired", "paused"]);

/** Whether a subscription in this state still pays for its plan at `now` (past_due: only inside the grace period). */
export function stillPaying(s: { status: string; pastDueSince: Date | null }, now: Date): boolean {
  if (PAYING.has(s.status)) return true;
  if (s.status !== "past_due") return false;
  return !s.pastDueSince || now.getTime() - s.pastDueSince.getTime() < PAST_DUE_GRACE_MS;
}

export type StripeEventOutcome = { handled: "duplicate" | "ignored" | "plan" | "credits"; creatorId?: string; plan?: string; changed?: boolean };

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

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
        outcome = await syncSubscription(billing, idOf(session.subscription)!, { hint: session.client_reference_id });
      }
      break;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed": {
      const sub = event.data.object;
      outcome = await syncSubscription(billing, sub.id, { hint: sub.metadata?.referenceId ?? null });
      break;
    }
    case "charge.refunded":
      outcome = await reverseCreditPack(billing, { chargeId: event.data.object.id, cause: "refund" });
      break;
    case "charge.dispute.created":
      outcome = await reverseCreditPack(billing, { chargeId: idOf(event.data.object.charge), cause: "dispute" });
      break;
    default:
      break;
  }

  await recordStripeEvent({ id: event.id, type: event.type, creatorId: outcome.creatorId ?? null, created: new Date(event.created * 1000) });
  logger.info("stripe.event", { id: event.id, type: event.type, handled: outcome.handled, plan: outcome.plan });
  return outcome;
}

const isPack = (p: string | undefined): p is CreditPack => !!p && Object.hasOwn(CREDIT_PACKS, p);

async function creditPack(session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  const creatorId = await existingCreatorId(session.metadata?.creatorId ?? session.client_reference_id);
  const pack = session.metadata?.pack;
  if (!creatorId || !isPack(pack)) {
    logger.warn("stripe.credit_pack_unmatched", { session: session.id });
    return { handled: "ignored" };
  }
  // Keyed by the Checkout Session: every delivery of either completion event adds the pack once.
  await fulfilCreditPack(systemScope(creatorId), { pack, key: `stripe:${session.id}`, source: "stripe" });
  return { handled: "credits", creatorId };
}

/**
 * A refunded (in full) or disputed top-up payment takes the pack's credits back: what is left of
 * them on the balance, never below zero (reversePurchase). The charge is re-read from Stripe and
 * mapped to its Checkout Session by its PaymentIntent. A purchase is reversed once, so a refund and
 * a later dispute (or the reverse) remove the credits once. A partial refund keeps the credits: it
 * is a reduction of the price, not a return of the pack (an admin adjustment can remove some).
 */
async function reverseCreditPack(billing: StripeBilling, input: { chargeId: string | null; cause: "refund" | "dispute" }): Promise<StripeEventOutcome> {
  if (!input.chargeId) return { handled: "ignored" };
  const charge = await billing.client.charges.retrieve(input.chargeId);
  if (input.cause === "refund" && !charge.refunded) {
    logger.info("stripe.partial_refund", { charge: charge.id, amount: charge.amount, refunded: charge.amount_refunded });
    return { handled: "ignored" };
  }
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent) return { handled: "ignored" };
  const { data } = await billing.client.checkout.sessions.list({ payment_intent: paymentIntent, limit: 1 });
  const session = data[0];
  if (!session || session.mode !== "payment" || session.metadata?.kind !== "credit_pack") return { handled: "ignored" };
  const creatorId = await existingCreatorId(session.metadata?.creatorId ?? session.client_reference_id);
  const pack = session.metadata?.pack;
  if (!creatorId || !isPack(pack) || session.payment_status !== "paid") {
    logger.warn("stripe.credit_pack_reversal_unmatched", { session: session.id, charge: charge.id });
    return { handled: "ignored", ...(creatorId ? { creatorId } : {}) };
  }
  const scope = systemScope(creatorId);
  // The refund may be delivered before the payment's completion event: the purchase is keyed by the
  // session, so recording it here (or there) adds it once, and the reversal then takes it back.
  await fulfilCreditPack(scope, { pack, key: `stripe:${session.id}`, source: "stripe" });
  const label = CREDIT_PACKS[pack].label;
  const r = await reversePurchase(scope, {
    purchaseKey: `purchase:stripe:${session.id}`,
    key: `purchase-reversal:stripe:${session.id}:${input.cause}`,
    reason: input.cause === "refund" ? `Top-up refunded: ${label}` : `Top-up payment disputed: ${label}`,
  });
  logger.info("stripe.credit_pack_reversed", { session: session.id, cause: input.cause, removed: r.removed, unrecovered: r.unrecovered });
  return { handled: "credits", creatorId };
}

const rank = (p: PlanId) => PLAN_IDS.indexOf(p);
const paidPlanId = (p: string | null): Exclude<PlanId, "free"> | null =>
  p && p !== "free" && (PLAN_IDS as readonly string[]).includes(p) ? (p as Exclude<PlanId, "free">) : null;

/**
 * Re-read a subscription from Stripe, mirror it, and set the school's plan from it. The school is
 * the one whose Stripe customer this is (creators.stripe_customer_id), else the one named by the
 * subscription's metadata `referenceId` (or `hint`: the Checkout Session's client_reference_id, or
 * the mirror's), for subscriptions started before schools had their own customer.
 *
 * The plan is the best one among the school's subscriptions that still pay (active, trialing, or
 * past_due inside its grace period); when none does and this one ended (or its grace ran out),
 * the school moves to Free — forced, even over Free's limits. `now` is the clock for the grace.
 */
export async function syncSubscription(
  billing: StripeBilling,
  subscriptionId: string,
  opts: { hint?: string | null; now?: Date } = {},
): Promise<StripeEventOutcome> {
  const now = opts.now ?? new Date();
  const sub = await billing.client.subscriptions.retrieve(subscriptionId);
  const customerId = idOf(sub.customer);
  const bySchoolCustomer = await creatorIdForStripeCustomer(customerId);
  const creatorId =
    bySchoolCustomer ?? (await existingCreatorId(sub.metadata?.referenceId ?? opts.hint ?? (await findSubscriptionMirror(sub.id))?.referenceId));
  if (!creatorId) {
    logger.warn("stripe.subscription_unmatched", { subscription: sub.id });
    return { handled: "ignored" };
  }
  if (bySchoolCustomer && sub.metadata?.referenceId && sub.metadata.referenceId !== bySchoolCustomer) {
    logger.warn("stripe.subscription_reference_mismatch", { subscription: sub.id, customer: customerId });
  }
  const scope = systemScope(creatorId);
  const item = sub.items.data.find((i) => planForPrice(billing, i.price.id));
  const paidPlan = item ? planForPrice(billing, item.price.id) : null;

  const row = await upsertSubscriptionMirror(scope, sub.id, {
    plan: paidPlan,
    now,
    status: sub.status,
    stripeCustomerId: customerId,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at ? new Date(sub.cancel_at * 1000) : null,
    canceledAt: sub.canceled_at ? new Date(sub.canceled_at * 1000) : null,
    endedAt: sub.ended_at ? new Date(sub.ended_at * 1000) : null,
    trialStart: sub.trial_start ? new Date(sub.trial_start * 1000) : null,
    trialEnd: sub.trial_end ? new Date(sub.trial_end * 1000) : null,
    ...(item ? { periodStart: new Date(item.current_period_start * 1000), periodEnd: new Date(item.current_period_end * 1000) } : {}),
  });
  if (!row) {
    logger.warn("stripe.subscription_of_another_school", { subscription: sub.id });
    return { handled: "ignored" };
  }

  const candidates = [
    { status: sub.status as string, pastDueSince: row.pastDueSince, plan: paidPlan },
    ...(await otherSubscriptions(scope, sub.id)).map((o) => ({ status: o.status, pastDueSince: o.pastDueSince, plan: paidPlanId(o.plan) })),
  ];
  let target: PlanId | null = null;
  for (const c of candidates) if (c.plan && stillPaying(c, now) && (!target || rank(c.plan) > rank(target))) target = c.plan;
  const graceOver = sub.status === "past_due" && !stillPaying({ status: sub.status, pastDueSince: row.pastDueSince }, now);
  if (!target && (ENDED.has(sub.status) || graceOver)) target = "free";
  if (!target) return { handled: "ignored", creatorId };
  // Stripe is the truth for what is paid for: the plan follows even when over the new limits
  // (new courses, seats, ... are then refused until the tenant fits).
  const r = await applyPlan(scope, target, { actorUserId: null, source: "stripe", force: true });
  return { handled: "plan", creatorId, plan: r.to, changed: r.changed };
}
