import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { auditLogs, coupons, offers, orders, user } from "../schema";
import type { TenantScope } from "../scope";
import { quote, type Quote } from "@/lib/commerce/pricing";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { couponProblem, discountOf, findCouponByCode, releaseCoupon, reserveCoupon } from "./coupons";
import { findOfferForCheckout } from "./offers";
import { recordFact } from "./outbox";

/**
 * Orders: what a buyer paid for one offer (and its bump), at which price, with which coupon. An order is
 * placed and paid in one transaction in the test-payment mode and for free offers; with Stripe it is
 * placed pending and paid by a verified webhook. Paying records `commerce/order.paid` with the write; the
 * fulfil-order function enrolls and sends the receipt. A refund records `commerce/order.refunded`.
 */
export type Order = typeof orders.$inferSelect;

export type CheckoutChoice = { offerId: string; currency: string; withBump: boolean; couponCode: string | null };

/** The price of a checkout as the page shows it and the order will store it; refuses what cannot be bought. */
export async function quoteCheckout(scope: TenantScope, choice: CheckoutChoice & { feeBps: number }) {
  const found = await findOfferForCheckout(scope, choice.offerId);
  if (!found) throw new DomainError("not_found", "This offer is not on sale.");
  const { offer, bump } = found;
  const price = offer.prices.find((p) => p.currency === choice.currency.toLowerCase()) ?? null;
  if (offer.type !== "free" && !price) throw new DomainError("invalid", `This offer has no price in ${choice.currency.toUpperCase()}.`);
  const bumpPrice = choice.withBump && bump ? (bump.prices.find((p) => p.currency === (price?.currency ?? "")) ?? null) : null;
  const coupon = choice.couponCode ? await findCouponByCode(scope, choice.couponCode) : null;
  const couponError = choice.couponCode ? (coupon ? couponProblem(coupon, { offerId: offer.id }) : "This code is not valid.") : null;
  const q: Quote = quote({
    currency: price?.currency ?? "usd",
    amounts: [price?.amount ?? 0, bumpPrice?.amount ?? 0],
    discount: coupon && !couponError ? discountOf(coupon) : null,
    feeBps: choice.feeBps,
  });
  return { offer, bump, price, bumpPrice, coupon: couponError ? null : coupon, couponError, quote: q };
}

type Buyer = { userId: string; email: string; signedIn: boolean };
type Quoted = Awaited<ReturnType<typeof quoteCheckout>>;

/** The row of an order for a quoted checkout (what every way of paying stores the same). */
function orderRow(scope: TenantScope, o: { q: Quoted; buyer: Buyer }) {
  const { q } = o;
  return {
    creatorId: scope.creatorId,
    userId: o.buyer.userId,
    email: o.buyer.email.toLowerCase(),
    buyerSignedIn: o.buyer.signedIn,
    offerId: q.offer.id,
    priceId: q.price?.id ?? null,
    bumpOfferId: q.bumpPrice ? q.bump!.id : null,
    couponId: q.coupon?.id ?? null,
    currency: q.quote.currency,
    amountSubtotal: q.quote.subtotal,
    amountBump: q.bumpPrice?.amount ?? 0,
    amountDiscount: q.quote.discount,
    amountTotal: q.quote.total,
  };
}

/**
 * Place an order that is paid on the spot (the test-payment mode, or a free offer: nothing to charge) and
 * record `commerce/order.paid` in the same transaction. The coupon's redemption is taken here; if any part
 * fails nothing is written.
 */
export async function placePaidOrder(
  scope: TenantScope,
  o: CheckoutChoice & { feeBps: number; buyer: { userId: string; email: string; signedIn: boolean }; paymentMode: "test" | "free"; paymentNote: string | null },
): Promise<Order> {
  const q = await quoteCheckout(scope, o);
  if (o.couponCode && q.couponError) throw new DomainError("conflict", q.couponError, { fieldErrors: { coupon: [q.couponError] } });
  // Only a free offer is free: a coupon that brings a paid offer to 0 today still goes through payment.
  if (o.paymentMode === "free" && (q.offer.type !== "free" || q.quote.total !== 0)) throw new DomainError("invalid", "This offer is not free.");
  if (o.paymentMode === "test" && q.offer.type === "free") throw new DomainError("invalid", "This offer is free: no payment is needed.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (q.coupon) await reserveCoupon(tx, scope, { couponId: q.coupon.id, offerId: q.offer.id });
    const [row] = await tx
      .insert(orders)
      .values({
        ...orderRow(scope, { q, buyer: o.buyer }),
        status: "paid",
        paymentMode: o.paymentMode,
        platformFee: o.paymentMode === "test" ? q.quote.platformFee : 0,
        paidAt: new Date(),
      })
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: o.buyer.userId,
      action: "order.paid",
      targetType: "order",
      targetId: row!.id,
      data: { mode: o.paymentMode, total: q.quote.total, currency: q.quote.currency, ...(o.paymentNote ? { payment: o.paymentNote } : {}) },
    });
    await recordFact(tx, {
      name: "commerce/order.paid",
      data: { creatorId: scope.creatorId, orderId: row!.id, studentUserId: o.buyer.userId, total: { amountMinor: q.quote.total, currency: q.quote.currency } },
    });
    return row!;
  });
}

/** The offers an order grants courses from: the offer itself and its bump when bought with it. */
export function offersOf(order: Pick<Order, "offerId" | "bumpOfferId">): string[] {
  return [order.offerId, ...(order.bumpOfferId ? [order.bumpOfferId] : [])];
}

export async function getOrder(scope: TenantScope, orderId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ order: orders, offerName: offers.name, buyerName: user.name, couponCode: coupons.code })
    .from(orders)
    .innerJoin(offers, and(eq(offers.id, orders.offerId), eq(offers.creatorId, scope.creatorId)))
    .leftJoin(user, eq(user.id, orders.userId))
    .leftJoin(coupons, and(eq(coupons.id, orders.couponId), eq(coupons.creatorId, scope.creatorId)))
    .where(and(eq(orders.id, orderId), eq(orders.creatorId, scope.creatorId)));
  if (!row) return null;
  const history = await db
    .select({ action: auditLogs.action, at: auditLogs.createdAt, data: auditLogs.data, actorUserId: auditLogs.actorUserId })
    .from(auditLogs)
    .where(and(eq(auditLogs.creatorId, scope.creatorId), eq(auditLogs.targetType, "order"), eq(auditLogs.targetId, orderId)))
    .orderBy(auditLogs.createdAt);
  const bumpName = row.order.bumpOfferId
    ? ((
        await db
          .select({ name: offers.name })
          .from(offers)
          .where(and(eq(offers.id, row.order.bumpOfferId), eq(offers.creatorId, scope.creatorId)))
      )[0]?.name ?? null)
    : null;
  return { ...row, bumpName, history };
}

/** The school's orders, newest first, filtered by status, offer or a search on the buyer. */
export async function listOrders(scope: TenantScope, filter: { status?: Order["status"]; offerId?: string; q?: string; limit?: number } = {}) {
  const db = await getDb();
  const conds = [eq(orders.creatorId, scope.creatorId)];
  if (filter.status) conds.push(eq(orders.status, filter.status));
  if (filter.offerId) conds.push(eq(orders.offerId, filter.offerId));
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(orders.email, like), ilike(user.name, like))!);
  }
  return db
    .select({ order: orders, offerName: offers.name, buyerName: user.name, couponCode: coupons.code })
    .from(orders)
    .innerJoin(offers, and(eq(offers.id, orders.offerId), eq(offers.creatorId, scope.creatorId)))
    .leftJoin(user, eq(user.id, orders.userId))
    .leftJoin(coupons, and(eq(coupons.id, orders.couponId), eq(coupons.creatorId, scope.creatorId)))
    .where(and(...conds))
    .orderBy(desc(orders.createdAt))
    .limit(filter.limit ?? 200);
}

async function lockOrder(tx: Tx, scope: TenantScope, orderId: string): Promise<Order> {
  const [o] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.creatorId, scope.creatorId)))
    .for("update");
  if (!o) throw new DomainError("not_found", "Order not found");
  return o;
}

/**
 * Refund an order in full or in part (test-payment and free orders here; Stripe orders through Stripe
 * once connected). A full refund revokes the access the order gave (the fulfil function handles
 * `commerce/order.refunded`); a partial one keeps it. Never more than what is left.
 */
export async function refundOrder(scope: TenantScope, refund: { actorUserId: string; orderId: string; amount: number | null; reason: string | null }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const o = await lockOrder(tx, scope, refund.orderId);
    if (o.status !== "paid")
      throw new DomainError("conflict", o.status === "refunded" ? "This order is already refunded." : "Only a paid order can be refunded.");
    if (o.paymentMode === "stripe") throw new DomainError("unavailable", "Refunds of card payments go through Stripe, which is not connected here.");
    const left = o.amountTotal - o.amountRefunded;
    const amount = refund.amount ?? left;
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > left) {
      throw new DomainError("invalid", `Refund between 0 and ${(left / 100).toFixed(2)} ${o.currency.toUpperCase()}.`, {
        fieldErrors: { amount: ["More than what is left."] },
      });
    }
    const full = amount === left;
    const [row] = await tx
      .update(orders)
      .set({ amountRefunded: o.amountRefunded + amount, ...(full ? { status: "refunded" as const, refundedAt: new Date() } : {}) })
      .where(and(eq(orders.id, o.id), eq(orders.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: refund.actorUserId,
      action: full ? "order.refunded" : "order.partially_refunded",
      targetType: "order",
      targetId: o.id,
      data: { amount, currency: o.currency, ...(refund.reason ? { reason: refund.reason } : {}) },
    });
    if (full)
      await recordFact(tx, {
        name: "commerce/order.refunded",
        data: { creatorId: scope.creatorId, orderId: o.id, refunded: { amountMinor: amount, currency: o.currency } },
      });
    return row!;
  });
}

/** Totals for the orders page header. */
export async function orderTotals(scope: TenantScope) {
  const db = await getDb();
  return db
    .select({
      currency: orders.currency,
      paid: sql<number>`count(*) filter (where ${orders.status} = 'paid')::int`,
      revenue: sql<number>`coalesce(sum(${orders.amountTotal} - ${orders.amountRefunded}), 0)::int`,
    })
    .from(orders)
    .where(eq(orders.creatorId, scope.creatorId))
    .groupBy(orders.currency);
}

/** Whether the buyer's order has been fulfilled (the library waits for it right after a purchase). */
export async function isOrderFulfilled(scope: TenantScope, of: { orderId: string; userId: string }): Promise<boolean> {
  const db = await getDb();
  const [o] = await db
    .select({ fulfilledAt: orders.fulfilledAt, status: orders.status })
    .from(orders)
    .where(and(eq(orders.id, of.orderId), eq(orders.creatorId, scope.creatorId), eq(orders.userId, of.userId)));
  return !o || o.status !== "paid" || o.fulfilledAt !== null;
}

/**
 * With Stripe: the order is placed pending (its coupon redemption taken) before the buyer goes to Stripe
 * Checkout; a verified webhook pays it (markStripeOrderPaid) or lets it lapse (failPendingOrder).
 */
export async function placePendingOrder(
  scope: TenantScope,
  o: CheckoutChoice & { feeBps: number; buyer: { userId: string; email: string; signedIn: boolean } },
) {
  const q = await quoteCheckout(scope, o);
  if (o.couponCode && q.couponError) throw new DomainError("conflict", q.couponError, { fieldErrors: { coupon: [q.couponError] } });
  const db = await getDb();
  const order = await db.transaction(async (tx) => {
    if (q.coupon) await reserveCoupon(tx, scope, { couponId: q.coupon.id, offerId: q.offer.id });
    const [row] = await tx
      .insert(orders)
      .values({ ...orderRow(scope, { q, buyer: o.buyer }), status: "pending", paymentMode: "stripe", platformFee: q.quote.platformFee })
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: o.buyer.userId,
      action: "order.placed",
      targetType: "order",
      targetId: row!.id,
      data: { total: q.quote.total, currency: q.quote.currency },
    });
    return row!;
  });
  return { order, quote: q };
}

export async function attachCheckoutSession(scope: TenantScope, link: { orderId: string; sessionId: string }) {
  const db = await getDb();
  await db
    .update(orders)
    .set({ stripeCheckoutSessionId: link.sessionId })
    .where(and(eq(orders.id, link.orderId), eq(orders.creatorId, scope.creatorId), eq(orders.status, "pending")));
}

/**
 * A verified Checkout Session of this school's account was paid: the pending order becomes paid, once,
 * and `commerce/order.paid` is recorded with it. The session must be the one the order was sent to.
 * Returns the order when this call paid it, null when it already was (or is not this school's).
 */
export async function markStripeOrderPaid(
  scope: TenantScope,
  paid: { orderId: string; sessionId: string; paymentIntentId: string | null; amountTotal: number },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const o = await lockOrder(tx, scope, paid.orderId).catch(() => null);
    if (!o || o.status !== "pending" || (o.stripeCheckoutSessionId && o.stripeCheckoutSessionId !== paid.sessionId)) return null;
    const [row] = await tx
      .update(orders)
      .set({
        status: "paid",
        paidAt: new Date(),
        stripeCheckoutSessionId: paid.sessionId,
        stripePaymentIntentId: paid.paymentIntentId,
        amountTotal: paid.amountTotal,
      })
      .where(and(eq(orders.id, o.id), eq(orders.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: null,
      action: "order.paid",
      targetType: "order",
      targetId: o.id,
      data: { mode: "stripe", total: paid.amountTotal, currency: o.currency, payment: "card (Stripe)" },
    });
    if (o.userId) {
      await recordFact(tx, {
        name: "commerce/order.paid",
        data: { creatorId: scope.creatorId, orderId: o.id, studentUserId: o.userId, total: { amountMinor: paid.amountTotal, currency: o.currency } },
      });
    }
    return row!;
  });
}

/** A Checkout Session that lapsed unpaid: its order fails and gives its coupon redemption back. */
export async function failPendingOrder(scope: TenantScope, orderId: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const o = await lockOrder(tx, scope, orderId).catch(() => null);
    if (!o || o.status !== "pending") return false;
    await tx
      .update(orders)
      .set({ status: "failed" })
      .where(and(eq(orders.id, o.id), eq(orders.creatorId, scope.creatorId)));
    if (o.couponId) await releaseCoupon(tx, scope, o.couponId);
    await writeAudit(tx, scope, { actorUserId: null, action: "order.failed", targetType: "order", targetId: o.id });
    return true;
  });
}

/**
 * Stripe says how much of a payment is refunded now (`charge.refunded`, re-read): the order follows,
 * whatever the order of deliveries — never less than it already records. Fully refunded: access ends.
 */
export async function applyStripeRefund(scope: TenantScope, refund: { paymentIntentId: string; amountRefunded: number }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.creatorId, scope.creatorId), eq(orders.stripePaymentIntentId, refund.paymentIntentId)))
      .for("update");
    if (!o || o.status === "pending" || refund.amountRefunded <= o.amountRefunded) return null;
    const amount = Math.min(refund.amountRefunded, o.amountTotal);
    const full = amount >= o.amountTotal;
    const [row] = await tx
      .update(orders)
      .set({ amountRefunded: amount, ...(full ? { status: "refunded" as const, refundedAt: new Date() } : {}) })
      .where(and(eq(orders.id, o.id), eq(orders.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: null,
      action: full ? "order.refunded" : "order.partially_refunded",
      targetType: "order",
      targetId: o.id,
      data: { amount: amount - o.amountRefunded, currency: o.currency },
    });
    if (full && o.status === "paid")
      await recordFact(tx, {
        name: "commerce/order.refunded",
        data: { creatorId: scope.creatorId, orderId: o.id, refunded: { amountMinor: amount, currency: o.currency } },
      });
    return row!;
  });
}
