import type Stripe from "stripe";
import { applyStripeRefund, failPendingOrder, markStripeOrderPaid } from "@/db/queries/orders";
import { findCreatorOfStripeAccount, updateStripeAccountState } from "@/db/queries/stripe-accounts";
import { ensureStudentSubscription, recordPaidInvoice, setStudentSubscriptionStatus } from "@/db/queries/student-subscriptions";
import { markWebhookEvent, recordWebhookEvent } from "@/db/queries/webhook-events";
import { systemScope, type TenantScope } from "@/db/scope";
import { sendEvent } from "@/inngest/send";
import { logger } from "@/lib/logger";
import { accountState, type StripeConnect } from "./stripe-connect";

/**
 * A verified event from the Connect endpoint (students paying schools on their own Stripe accounts).
 *
 * Whose: the event names the connected account; the school is the one that connected it, and every write
 * below is scoped to that school (an event about another school's account changes nothing of this one).
 * Once: each event is recorded in `webhook_events_in` (provider + event id unique) before it is handled; a
 * redelivery is a no-op, and one that failed is handled again on Stripe's retry.
 * In any order: handlers re-read the object from Stripe (on the connected account) instead of trusting the
 * snapshot, and each effect is idempotent (a pending order is paid once; an invoice is counted once; a
 * refund never goes backwards).
 */
export type ConnectOutcome = { handled: "duplicate" | "in_progress" | "ignored" | "processed"; type: string; creatorId?: string };

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

export async function handleConnectEvent(connect: StripeConnect, event: Stripe.Event): Promise<ConnectOutcome> {
  const account = event.account ?? null;
  const creatorId = account ? await findCreatorOfStripeAccount(account) : null;
  const rec = await recordWebhookEvent({ provider: "stripe-connect", eventId: event.id, type: event.type, account, creatorId });
  if (rec.state === "done") return { handled: "duplicate", type: event.type };
  if (rec.state === "in_progress") return { handled: "in_progress", type: event.type };
  if (!account || !creatorId) {
    await markWebhookEvent(rec.id, { error: null });
    return { handled: "ignored", type: event.type };
  }
  const scope = systemScope(creatorId);
  const on = { stripeAccount: account };
  try {
    await apply({ connect, event, scope, on });
    await markWebhookEvent(rec.id, { error: null });
    return { handled: "processed", type: event.type, creatorId };
  } catch (err) {
    // The object is not on this school's account (Stripe answers "no such …"): nothing here to change.
    if ((err as { code?: string }).code === "resource_missing") {
      await markWebhookEvent(rec.id, { error: null });
      return { handled: "ignored", type: event.type, creatorId };
    }
    await markWebhookEvent(rec.id, { error: err instanceof Error ? err.message : String(err) });
    logger.error("connect_webhook.failed", { type: event.type, event: event.id, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

type Ctx = { connect: StripeConnect; event: Stripe.Event; scope: TenantScope; on: { stripeAccount: string } };

async function apply({ connect, event, scope, on }: Ctx): Promise<void> {
  const stripe = connect.client;
  switch (event.type) {
    case "account.updated": {
      const a = await stripe.accounts.retrieve(on.stripeAccount);
      await updateStripeAccountState(scope, { stripeAccountId: a.id, state: accountState(a) });
      return;
    }
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = await stripe.checkout.sessions.retrieve(event.data.object.id, {}, on);
      const orderId = session.client_reference_id ?? session.metadata?.orderId ?? null;
      if (!orderId || (session.payment_status !== "paid" && session.payment_status !== "no_payment_required")) return;
      await markStripeOrderPaid(scope, {
        orderId,
        sessionId: session.id,
        paymentIntentId: idOf(session.payment_intent),
        amountTotal: session.amount_total ?? 0,
      });
      const subscriptionId = idOf(session.subscription);
      if (subscriptionId) await mirrorSubscription({ stripe, scope, on }, subscriptionId);
      return;
    }
    case "checkout.session.expired": {
      const session = await stripe.checkout.sessions.retrieve(event.data.object.id, {}, on);
      const orderId = session.client_reference_id ?? session.metadata?.orderId ?? null;
      if (orderId && session.status === "expired") await failPendingOrder(scope, orderId);
      return;
    }
    case "invoice.paid": {
      const invoice = await stripe.invoices.retrieve(event.data.object.id!, {}, on);
      const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
      if (!subscriptionId || invoice.status !== "paid") return;
      await mirrorSubscription({ stripe, scope, on }, subscriptionId);
      const s = await recordPaidInvoice(scope, { stripeSubscriptionId: subscriptionId, invoiceId: invoice.id! });
      // A payment plan ends by itself after its last instalment: the access stays, the charges stop.
      if (s && s.installmentsTotal !== null && s.paidInvoices.length >= s.installmentsTotal && s.status !== "completed") {
        await setStudentSubscriptionStatus(scope, { stripeSubscriptionId: subscriptionId, status: "completed" });
        await stripe.subscriptions.cancel(subscriptionId, {}, { ...on, idempotencyKey: `plan-complete:${subscriptionId}` });
      }
      return;
    }
    case "invoice.payment_failed": {
      const invoice = await stripe.invoices.retrieve(event.data.object.id!, {}, on);
      const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
      if (!subscriptionId || invoice.status === "paid") return;
      const s = await mirrorSubscription({ stripe, scope, on }, subscriptionId);
      await setStudentSubscriptionStatus(scope, { stripeSubscriptionId: subscriptionId, status: "past_due" });
      const email = invoice.customer_email;
      if (email && invoice.hosted_invoice_url) {
        await sendEvent(null, {
          name: "commerce/payment.failed",
          data: {
            creatorId: scope.creatorId,
            email,
            offerName: s?.offerName ?? "your course",
            amount: { amountMinor: invoice.amount_due, currency: invoice.currency },
            fixUrl: invoice.hosted_invoice_url,
          },
        });
      }
      return;
    }
    case "charge.refunded": {
      const charge = await stripe.charges.retrieve(event.data.object.id, {}, on);
      const paymentIntentId = idOf(charge.payment_intent);
      if (paymentIntentId) await applyStripeRefund(scope, { paymentIntentId, amountRefunded: charge.amount_refunded });
      return;
    }
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const sub = await stripe.subscriptions.retrieve(event.data.object.id, {}, on);
      await mirrorSubscription({ stripe, scope, on }, sub.id, sub);
      const status =
        sub.status === "canceled" || sub.status === "incomplete_expired"
          ? "canceled"
          : sub.status === "past_due" || sub.status === "unpaid"
            ? "past_due"
            : "active";
      await setStudentSubscriptionStatus(scope, { stripeSubscriptionId: sub.id, status });
      return;
    }
    default:
      return;
  }
}

/** The mirror of a subscription the school's checkout created (its metadata names the order and offer). */
async function mirrorSubscription(
  ctx: { stripe: Stripe; scope: TenantScope; on: { stripeAccount: string } },
  subscriptionId: string,
  known?: Stripe.Subscription,
) {
  const sub = known ?? (await ctx.stripe.subscriptions.retrieve(subscriptionId, {}, ctx.on));
  const md = sub.metadata ?? {};
  if (!md.offerId || md.creatorId !== ctx.scope.creatorId) return null;
  const periodEnd = sub.items?.data?.[0]?.current_period_end;
  const row = await ensureStudentSubscription(ctx.scope, {
    stripeSubscriptionId: sub.id,
    offerId: md.offerId,
    orderId: md.orderId ?? null,
    userId: md.userId ?? null,
    installmentsTotal: md.installments ? Number(md.installments) : null,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
  });
  return { ...row, offerName: md.offerName ?? null };
}
