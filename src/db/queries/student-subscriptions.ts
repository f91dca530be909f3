import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { studentSubscriptions } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";
import { recordFact } from "./outbox";

/**
 * Students' subscriptions and payment plans on the school's connected Stripe account, mirrored from what
 * Stripe says (every handler re-reads the subscription, so deliveries may come in any order). A payment
 * plan counts its paid invoices and ends itself after the last; a subscription that ends takes its access back.
 */
export type StudentSubscription = typeof studentSubscriptions.$inferSelect;

/** The mirror of a Stripe subscription, made on first sight (checkout completed or its first invoice, whichever comes first). */
export async function ensureStudentSubscription(
  scope: TenantScope,
  s: {
    stripeSubscriptionId: string;
    offerId: string;
    orderId: string | null;
    userId: string | null;
    installmentsTotal: number | null;
    currentPeriodEnd: Date | null;
  },
): Promise<StudentSubscription> {
  const db = await getDb();
  const [row] = await db
    .insert(studentSubscriptions)
    .values({ creatorId: scope.creatorId, ...s })
    .onConflictDoUpdate({
      target: studentSubscriptions.stripeSubscriptionId,
      set: { orderId: sql`coalesce(${studentSubscriptions.orderId}, excluded.order_id)`, currentPeriodEnd: s.currentPeriodEnd, updatedAt: new Date() },
      setWhere: eq(studentSubscriptions.creatorId, scope.creatorId),
    })
    .returning();
  if (row) return row;
  // The subscription id is another school's: nothing here changes.
  throw new Error("subscription belongs to another school");
}

/** Count one paid invoice (once, however often it is delivered). Returns the subscription as it is now. */
export async function recordPaidInvoice(scope: TenantScope, paid: { stripeSubscriptionId: string; invoiceId: string }): Promise<StudentSubscription | null> {
  const db = await getDb();
  await db
    .update(studentSubscriptions)
    .set({
      paidInvoices: sql`array_append(${studentSubscriptions.paidInvoices}, ${paid.invoiceId})`,
      status: sql`case when ${studentSubscriptions.status} = 'past_due' then 'active'::student_subscription_status else ${studentSubscriptions.status} end`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(studentSubscriptions.creatorId, scope.creatorId),
        eq(studentSubscriptions.stripeSubscriptionId, paid.stripeSubscriptionId),
        sql`not (${paid.invoiceId} = any(${studentSubscriptions.paidInvoices}))`,
      ),
    );
  const [row] = await db
    .select()
    .from(studentSubscriptions)
    .where(and(eq(studentSubscriptions.creatorId, scope.creatorId), eq(studentSubscriptions.stripeSubscriptionId, paid.stripeSubscriptionId)));
  return row ?? null;
}

/**
 * Move a subscription to a new state. Ending one that was not a completed payment plan records
 * `commerce/subscription.ended` (its access goes); a completed plan keeps its access.
 */
export async function setStudentSubscriptionStatus(scope: TenantScope, change: { stripeSubscriptionId: string; status: StudentSubscription["status"] }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [s] = await tx
      .select()
      .from(studentSubscriptions)
      .where(and(eq(studentSubscriptions.creatorId, scope.creatorId), eq(studentSubscriptions.stripeSubscriptionId, change.stripeSubscriptionId)))
      .for("update");
    if (!s || s.status === change.status || s.status === "completed" || s.status === "canceled") return s ?? null;
    const [row] = await tx
      .update(studentSubscriptions)
      .set({ status: change.status, updatedAt: new Date() })
      .where(eq(studentSubscriptions.id, s.id))
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: null,
      action: `subscription.${change.status}`,
      targetType: "order",
      targetId: s.orderId ?? s.id,
      data: { subscription: s.stripeSubscriptionId },
    });
    if (change.status === "canceled" && s.orderId)
      await recordFact(tx, { name: "commerce/subscription.ended", data: { creatorId: scope.creatorId, orderId: s.orderId } });
    return row!;
  });
}
