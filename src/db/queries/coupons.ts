import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { coupons } from "../schema";
import type { TenantScope } from "../scope";
import type { Discount } from "@/lib/commerce/pricing";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";

/**
 * Coupons: a case-insensitive code per school, a percentage or a fixed amount (in one currency), for
 * every offer or some, with an expiry and a redemption limit. A redemption is taken when an order is
 * placed (reserveCoupon, one conditional UPDATE: under any concurrency it never passes the limit) and
 * given back if that order fails (releaseCoupon).
 */
export type Coupon = typeof coupons.$inferSelect;

export async function listCoupons(scope: TenantScope) {
  const db = await getDb();
  return db.select().from(coupons).where(eq(coupons.creatorId, scope.creatorId)).orderBy(desc(coupons.createdAt));
}

export async function createCoupon(
  scope: TenantScope,
  input: {
    actorUserId: string;
    code: string;
    percentOff: number | null;
    amountOff: number | null;
    currency: string | null;
    offerIds: string[] | null;
    maxRedemptions: number | null;
    expiresAt: Date | null;
  },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: coupons.id })
      .from(coupons)
      .where(and(eq(coupons.creatorId, scope.creatorId), sql`lower(${coupons.code}) = lower(${input.code})`));
    if (taken)
      throw new DomainError("conflict", `The code ${input.code.toUpperCase()} is already used.`, {
        fieldErrors: { code: ["Already used: pick another code."] },
      });
    const { actorUserId, ...fields } = input;
    const [row] = await tx
      .insert(coupons)
      .values({ creatorId: scope.creatorId, ...fields, currency: fields.currency?.toLowerCase() ?? null })
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "coupon.created", targetType: "coupon", targetId: row!.id, data: { code: row!.code } });
    return row!;
  });
}

/** Archived codes stop working at once; orders that used them keep their discount. */
export async function archiveCoupon(scope: TenantScope, change: { actorUserId: string; couponId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(coupons)
      .set({ archivedAt: new Date() })
      .where(and(eq(coupons.id, change.couponId), eq(coupons.creatorId, scope.creatorId), isNull(coupons.archivedAt)))
      .returning();
    if (!row) throw new DomainError("not_found", "Coupon not found");
    await writeAudit(tx, scope, { actorUserId: change.actorUserId, action: "coupon.archived", targetType: "coupon", targetId: row.id });
    return row;
  });
}

/** Why a code cannot be used on an offer now, in the buyer's words; null when it can. */
export function couponProblem(c: Coupon, at: { offerId: string; now?: Date }): string | null {
  const now = at.now ?? new Date();
  if (c.archivedAt) return "This code is no longer valid.";
  if (c.expiresAt && c.expiresAt <= now) return "This code has expired.";
  if (c.maxRedemptions !== null && c.redeemed >= c.maxRedemptions) return "This code has been used up.";
  if (c.offerIds && !c.offerIds.includes(at.offerId)) return "This code does not apply to this offer.";
  return null;
}

/** The school's coupon with this code (any case), whether or not it can be used. */
export async function findCouponByCode(scope: TenantScope, code: string): Promise<Coupon | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(coupons)
    .where(and(eq(coupons.creatorId, scope.creatorId), sql`lower(${coupons.code}) = lower(${code.trim()})`));
  return row ?? null;
}

export const discountOf = (c: Coupon): Discount => ({ percentOff: c.percentOff, amountOff: c.amountOff, currency: c.currency });

/**
 * Take one redemption of a coupon for an order on `offerId`, inside the order's transaction. The UPDATE's
 * own WHERE decides (not a read before it), so ten checkouts racing for the last redemption get exactly one.
 */
export async function reserveCoupon(tx: DbOrTx, scope: TenantScope, use: { couponId: string; offerId: string }): Promise<Coupon> {
  const [row] = await tx
    .update(coupons)
    .set({ redeemed: sql`${coupons.redeemed} + 1` })
    .where(
      and(
        eq(coupons.id, use.couponId),
        eq(coupons.creatorId, scope.creatorId),
        isNull(coupons.archivedAt),
        sql`(${coupons.expiresAt} is null or ${coupons.expiresAt} > now())`,
        sql`(${coupons.maxRedemptions} is null or ${coupons.redeemed} < ${coupons.maxRedemptions})`,
        sql`(${coupons.offerIds} is null or ${use.offerId}::uuid = any(${coupons.offerIds}))`,
      ),
    )
    .returning();
  if (row) return row;
  const [c] = await tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.id, use.couponId), eq(coupons.creatorId, scope.creatorId)));
  throw new DomainError("conflict", (c && couponProblem(c, { offerId: use.offerId })) ?? "This code is no longer valid.", {
    fieldErrors: { coupon: ["Not applied."] },
  });
}

/** Give a redemption back (the order it was taken for did not go through). */
export async function releaseCoupon(tx: DbOrTx, scope: TenantScope, couponId: string): Promise<void> {
  await tx
    .update(coupons)
    .set({ redeemed: sql`greatest(${coupons.redeemed} - 1, 0)` })
    .where(and(eq(coupons.id, couponId), eq(coupons.creatorId, scope.creatorId)));
}
