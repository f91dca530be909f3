import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../client";
import { stripeAccounts } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";

/** A school's connected Stripe account (Stripe Connect), as Stripe last described it. */
export type StripeAccount = typeof stripeAccounts.$inferSelect;
type State = Pick<StripeAccount, "detailsSubmitted" | "chargesEnabled" | "payoutsEnabled" | "requirementsDue" | "disabledReason">;

export async function getStripeAccount(scope: TenantScope): Promise<StripeAccount | null> {
  const db = await getDb();
  const [row] = await db.select().from(stripeAccounts).where(eq(stripeAccounts.creatorId, scope.creatorId));
  return row ?? null;
}

/** The account new checkouts charge: connected, not disconnected, and able to take charges. */
export async function chargeableStripeAccount(scope: TenantScope): Promise<StripeAccount | null> {
  const a = await getStripeAccount(scope);
  return a && !a.disconnectedAt && a.chargesEnabled ? a : null;
}

/** Keep the school's account (created on connect, reconnected after a disconnect) with its state. */
export async function saveStripeAccount(scope: TenantScope, save: { actorUserId: string | null; stripeAccountId: string; state: State }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(stripeAccounts)
      .values({ creatorId: scope.creatorId, stripeAccountId: save.stripeAccountId, ...save.state })
      .onConflictDoUpdate({
        target: stripeAccounts.creatorId,
        set: { stripeAccountId: save.stripeAccountId, ...save.state, disconnectedAt: null, updatedAt: new Date() },
      })
      .returning();
    if (save.actorUserId)
      await writeAudit(tx, scope, {
        actorUserId: save.actorUserId,
        action: "payments.connected",
        targetType: "stripe_account",
        targetId: save.stripeAccountId,
      });
    return row!;
  });
}

/** What `account.updated` says now (only this school's account of that id). */
export async function updateStripeAccountState(scope: TenantScope, update: { stripeAccountId: string; state: State }) {
  const db = await getDb();
  const [row] = await db
    .update(stripeAccounts)
    .set({ ...update.state, updatedAt: new Date() })
    .where(and(eq(stripeAccounts.creatorId, scope.creatorId), eq(stripeAccounts.stripeAccountId, update.stripeAccountId)))
    .returning();
  return row ?? null;
}

export async function setAutomaticTax(scope: TenantScope, change: { actorUserId: string; enabled: boolean }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(stripeAccounts)
      .set({ automaticTax: change.enabled, updatedAt: new Date() })
      .where(eq(stripeAccounts.creatorId, scope.creatorId))
      .returning();
    if (row)
      await writeAudit(tx, scope, {
        actorUserId: change.actorUserId,
        action: change.enabled ? "payments.tax_on" : "payments.tax_off",
        targetType: "stripe_account",
        targetId: row.stripeAccountId,
      });
    return row ?? null;
  });
}

/** Stop new checkouts through Stripe (what was sold stays; the account itself is the creator's, untouched). */
export async function disconnectStripeAccount(scope: TenantScope, change: { actorUserId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(stripeAccounts)
      .set({ disconnectedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(stripeAccounts.creatorId, scope.creatorId), isNull(stripeAccounts.disconnectedAt)))
      .returning();
    if (row)
      await writeAudit(tx, scope, {
        actorUserId: change.actorUserId,
        action: "payments.disconnected",
        targetType: "stripe_account",
        targetId: row.stripeAccountId,
      });
    return row ?? null;
  });
}

/** Which school a connected account belongs to (a verified webhook names the account). Platform-level. */
export async function findCreatorOfStripeAccount(stripeAccountId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ creatorId: stripeAccounts.creatorId }).from(stripeAccounts).where(eq(stripeAccounts.stripeAccountId, stripeAccountId));
  return row?.creatorId ?? null;
}
