import { and, desc, eq, isNull, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../client";
import { creators, stripeEvents, subscription } from "../schema";
import type { TenantScope } from "../scope";

/** The tenant's most recent Stripe subscription mirror (null in test mode or before the first checkout). */
export async function latestSubscription(scope: TenantScope) {
  const db = await getDb();
  const [s] = await db
    .select({
      plan: subscription.plan,
      status: subscription.status,
      periodEnd: subscription.periodEnd,
      cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
      cancelAt: subscription.cancelAt,
      pastDueSince: subscription.pastDueSince,
    })
    .from(subscription)
    .where(eq(subscription.referenceId, scope.creatorId))
    .orderBy(desc(subscription.updatedAt))
    .limit(1);
  return s ?? null;
}

// ---- The school's Stripe customer ----

/** The school's Stripe customer id, or null before its first Checkout or portal visit. */
export async function schoolStripeCustomerId(scope: TenantScope): Promise<string | null> {
  const db = await getDb();
  const [c] = await db.select({ id: creators.stripeCustomerId }).from(creators).where(eq(creators.id, scope.creatorId));
  return c?.id ?? null;
}

/**
 * Remember the school's Stripe customer if it has none yet, and return the one it has (a concurrent
 * first call may have stored it first; with the per-school idempotency key it is the same customer).
 */
export async function claimSchoolStripeCustomer(scope: TenantScope, customerId: string): Promise<string> {
  const db = await getDb();
  await db
    .update(creators)
    .set({ stripeCustomerId: customerId })
    .where(and(eq(creators.id, scope.creatorId), isNull(creators.stripeCustomerId)));
  const stored = await schoolStripeCustomerId(scope);
  if (!stored) throw new Error("school not found");
  return stored;
}

/** The subscriptions mirrored for this school that Stripe may still bill (for plan changes and cancellation). */
export async function schoolSubscriptionMirrors(scope: TenantScope) {
  const db = await getDb();
  return db
    .select({
      stripeSubscriptionId: subscription.stripeSubscriptionId,
      stripeCustomerId: subscription.stripeCustomerId,
      status: subscription.status,
      plan: subscription.plan,
    })
    .from(subscription)
    .where(eq(subscription.referenceId, scope.creatorId));
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

/** The school whose Stripe customer this is, if any. */
export async function creatorIdForStripeCustomer(customerId: string | null | undefined): Promise<string | null> {
  if (!customerId) return null;
  const db = await getDb();
  const [c] = await db.select({ id: creators.id }).from(creators).where(eq(creators.stripeCustomerId, customerId));
  return c?.id ?? null;
}

export async function findSubscriptionMirror(stripeSubscriptionId: string) {
  const db = await getDb();
  const [s] = await db.select().from(subscription).where(eq(subscription.stripeSubscriptionId, stripeSubscriptionId));
  return s ?? null;
}

export type MirrorState = Pick<
  typeof subscription.$inferInsert,
  "status" | "stripeCustomerId" | "cancelAtPeriodEnd" | "cancelAt" | "canceledAt" | "endedAt" | "periodStart" | "periodEnd" | "trialStart" | "trialEnd"
> & {
  /** Our plan for the subscription's price; null keeps the mirrored one (a price that is not one of ours). */
  plan: string | null;
  /** The time to record if the subscription is past_due and was not before. */
  now: Date;
};

/**
 * Write Stripe's current state of a subscription into the school's mirror (insert or update by
 * Stripe subscription id). `past_due_since` keeps the first time we saw it past_due and is cleared
 * when it is anything else. A row that belongs to another school is left alone (returns null).
 */
export async function upsertSubscriptionMirror(scope: TenantScope, stripeSubscriptionId: string, state: MirrorState) {
  const db = await getDb();
  const { plan, now, ...rest } = state;
  const pastDue = rest.status === "past_due";
  const [row] = await db
    .insert(subscription)
    .values({
      id: stripeSubscriptionId,
      referenceId: scope.creatorId,
      stripeSubscriptionId,
      plan: plan ?? "unknown",
      ...rest,
      pastDueSince: pastDue ? now : null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: subscription.stripeSubscriptionId,
      set: {
        ...rest,
        plan: plan ? plan : sql`${subscription.plan}`,
        pastDueSince: pastDue ? sql`coalesce(${subscription.pastDueSince}, ${now.toISOString()}::timestamptz)` : null,
        updatedAt: now,
      },
      setWhere: eq(subscription.referenceId, scope.creatorId),
    })
    .returning();
  return row ?? null;
}

/** The school's other mirrored subscriptions (to apply the best plan it still pays for). */
export async function otherSubscriptions(scope: TenantScope, stripeSubscriptionId: string) {
  const db = await getDb();
  return db
    .select({
      stripeSubscriptionId: subscription.stripeSubscriptionId,
      status: subscription.status,
      plan: subscription.plan,
      pastDueSince: subscription.pastDueSince,
    })
    .from(subscription)
    .where(and(eq(subscription.referenceId, scope.creatorId), ne(subscription.stripeSubscriptionId, stripeSubscriptionId)));
}

/** Subscriptions past_due since before `cutoff` (system use: the daily grace check re-reads each from Stripe). */
export async function pastDueSince(cutoff: Date) {
  const db = await getDb();
  return db
    .select({ stripeSubscriptionId: subscription.stripeSubscriptionId, referenceId: subscription.referenceId })
    .from(subscription)
    .where(and(eq(subscription.status, "past_due"), lte(subscription.pastDueSince, cutoff)));
}
