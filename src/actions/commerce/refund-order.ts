"use server";
import { z } from "zod";
import { applyStripeRefund, getOrder, refundOrder, type Order } from "@/db/queries/orders";
import { getStripeAccount } from "@/db/queries/stripe-accounts";
import type { TenantScope } from "@/db/scope";
import { stripeConnect } from "@/lib/commerce/stripe-connect";
import { DomainError } from "@/lib/errors";
import { orgAction } from "@/lib/actions/chain";

/** Owners and admins refund an order in full (access ends) or in part (access stays). */
export const refundOrderAction = orgAction(
  {
    name: "refund-order",
    schema: z.object({
      orderId: z.string().uuid(),
      amount: z.number().int().min(1, "More than zero").nullable().default(null),
      reason: z
        .string()
        .trim()
        .max(300)
        .nullish()
        .transform((v) => v || null),
    }),
    minRole: "admin",
  },
  async ({ orderId, amount, reason }, { scope, user }) => {
    const found = await getOrder(scope, orderId);
    if (found?.order.paymentMode === "stripe") return refundThroughStripe(scope, { order: found.order, amount, reason, actorUserId: user.id });
    const o = await refundOrder(scope, { actorUserId: user.id, orderId, amount, reason });
    return { status: o.status, refunded: o.amountRefunded };
  },
);

/** A card payment is refunded on the school's Stripe account; the order follows what Stripe then says. */
async function refundThroughStripe(scope: TenantScope, r: { order: Order; amount: number | null; reason: string | null; actorUserId: string }) {
  const connect = stripeConnect();
  const account = await getStripeAccount(scope);
  const { order } = r;
  if (!connect || !account || !order.stripePaymentIntentId)
    throw new DomainError("unavailable", "This payment can only be refunded from the school's Stripe dashboard now.");
  if (order.status !== "paid")
    throw new DomainError("conflict", order.status === "refunded" ? "This order is already refunded." : "Only a paid order can be refunded.");
  const left = order.amountTotal - order.amountRefunded;
  const amount = r.amount ?? left;
  if (amount < 1 || amount > left)
    throw new DomainError("invalid", `Refund between 0.01 and ${(left / 100).toFixed(2)} ${order.currency.toUpperCase()}.`, {
      fieldErrors: { amount: ["More than what is left."] },
    });
  await connect.client.refunds.create(
    { payment_intent: order.stripePaymentIntentId, amount, metadata: { orderId: order.id, ...(r.reason ? { reason: r.reason.slice(0, 400) } : {}) } },
    { stripeAccount: account.stripeAccountId, idempotencyKey: `refund:${order.id}:${order.amountRefunded}:${amount}` },
  );
  const row = await applyStripeRefund(scope, { paymentIntentId: order.stripePaymentIntentId, amountRefunded: order.amountRefunded + amount });
  return { status: row?.status ?? order.status, refunded: row?.amountRefunded ?? order.amountRefunded + amount };
}
