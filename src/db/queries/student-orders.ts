import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "../client";
import { offers, orders } from "../schema";
import type { TenantScope } from "../scope";
import { getOrder } from "./orders";

/** A student's own orders at the school (paid or refunded; abandoned checkouts are not theirs to see), newest first. */
export async function listOrdersOfBuyer(scope: TenantScope, userId: string) {
  const db = await getDb();
  return db
    .select({
      id: orders.id,
      status: orders.status,
      offerName: offers.name,
      amountTotal: orders.amountTotal,
      amountRefunded: orders.amountRefunded,
      currency: orders.currency,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .innerJoin(offers, and(eq(offers.id, orders.offerId), eq(offers.creatorId, scope.creatorId)))
    .where(and(eq(orders.creatorId, scope.creatorId), eq(orders.userId, userId), inArray(orders.status, ["paid", "refunded"])))
    .orderBy(desc(orders.createdAt));
}

/** One of the student's own orders, for its receipt; another student's order, or another school's, is not found. */
export async function receiptOf(scope: TenantScope, of: { orderId: string; userId: string }) {
  const found = await getOrder(scope, of.orderId);
  if (!found || found.order.userId !== of.userId || (found.order.status !== "paid" && found.order.status !== "refunded")) return null;
  return found;
}
