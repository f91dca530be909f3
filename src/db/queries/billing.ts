import { and, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../client";
import { creators, stripeEvents, subscription } from "../schema";
import type { TenantScope } from "../scope";

/** The tenant's most recent Stripe subscription mirror (null in test mode or before the first checkout). */
export async function latestSubscription(scope: TenantScope) {
  const db = await getDb();
  const [s] = await db
    .select({ plan: subscription.plan, status: subscription.status, periodEnd: subscription.periodEnd, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, cancelAt: subscription.cancelAt })
    .from(subscription)
    .where(eq(subscription.referenceId, scope.creatorId))
    .orderBy(desc(subscription.updatedAt))
    .limit(1);
  return s ?? null;
}

// ---- Stripe webhook bookkeeping (system use: the caller is a verified Stripe event, not a user) ----

export async function isStripeEventProcessed(eventId: string) {
  const db = await getDb();
  const [seen] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, eventId));
  return !!seen;
}

export async function recordStripeEvent(e: { id: string; type: string; creatorId: string | null; created: Date }) {
  const db = await getDb();
  await db.insert(stripeEvents).values({ id: e.id, type: e.type, creatorId: e.creatorId, createdAt: e.created }).onConflictDoNothing();
}

/** The creator id if `id` names an existing creator (ids in Stripe metadata are untrusted strings). */
export async function existingCreatorId(id: string | null | undefined): Promise<string | null> {
  if (!id || !z.string().uuid().safeParse(id).success) return null;
  const db = await getDb();
  const [c] = await db.select({ id: creators.id }).from(creators).where(eq(creators.id, id));
  return c?.id ?? null;
}

export async function findSubscriptionMirror(stripeSubscriptionId: string) {
  const db = await getDb();
  const [s] = await db.select().from(subscription).where(eq(subscription.stripeSubscriptionId, stripeSubscriptionId));
  return s ?? null;
}

export type MirrorState = Partial<Pick<typeof subscription.$inferInsert, "status" | "plan" | "cancelAtPeriodEnd" | "cancelAt" | "canceledAt" | "endedAt" | "periodStart" | "periodEnd">>;

export async function updateSubscriptionMirror(scope: TenantScope, stripeSubscriptionId: string, state: MirrorState) {
  const db = await getDb();
  await db
    .update(subscription)
    .set({ ...state, updatedAt: new Date() })
    .where(and(eq(subscription.referenceId, scope.creatorId), eq(subscription.stripeSubscriptionId, stripeSubscriptionId)));
}

/** Statuses of the tenant's other subscriptions (to not fall back to Free while another one is live). */
export async function otherSubscriptionStatuses(scope: TenantScope, stripeSubscriptionId: string) {
  const db = await getDb();
  const rows = await db
    .select({ status: subscription.status })
    .from(subscription)
    .where(and(eq(subscription.referenceId, scope.creatorId), ne(subscription.stripeSubscriptionId, stripeSubscriptionId)));
  return rows.map((r) => r.status);
}
