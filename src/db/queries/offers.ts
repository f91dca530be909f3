import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courses, offerCourses, offers, prices } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";

/**
 * Offers: what a student buys. An offer grants one or more courses (a bundle), has one price per currency
 * (one-time, monthly/yearly subscription, or a payment plan of N monthly instalments; none for a free
 * offer), and may carry one order bump (another offer of the school, added with one tick at checkout).
 * Only active offers can be bought; archiving stops new sales and keeps what was sold.
 */
export type Offer = typeof offers.$inferSelect;
export type OfferType = Offer["type"];
export type PriceInput = { currency: string; amount: number; interval: "month" | "year" | null; installments: number | null };
export type OfferFields = {
  name: string;
  description: string | null;
  type: OfferType;
  courseIds: string[];
  prices: PriceInput[];
  bumpOfferId: string | null;
  bumpHeadline: string | null;
};

const notFound = () => new DomainError("not_found", "Offer not found");

/** Every offer of the school with its courses and prices, newest first within each status. */
export async function listOffers(scope: TenantScope) {
  const db = await getDb();
  const rows = await db.select().from(offers).where(eq(offers.creatorId, scope.creatorId)).orderBy(asc(offers.status), asc(offers.name));
  return withDetails(scope, rows);
}

async function withDetails(scope: TenantScope, rows: Offer[]) {
  if (!rows.length) return [];
  const db = await getDb();
  const ids = rows.map((o) => o.id);
  const [cs, ps] = await Promise.all([
    db
      .select({ offerId: offerCourses.offerId, courseId: courses.id, title: courses.title, status: courses.status })
      .from(offerCourses)
      .innerJoin(courses, and(eq(courses.id, offerCourses.courseId), eq(courses.creatorId, scope.creatorId)))
      .where(and(eq(offerCourses.creatorId, scope.creatorId), inArray(offerCourses.offerId, ids)))
      .orderBy(asc(courses.title)),
    db
      .select()
      .from(prices)
      .where(and(eq(prices.creatorId, scope.creatorId), inArray(prices.offerId, ids)))
      .orderBy(asc(prices.currency)),
  ]);
  return rows.map((o) => ({ ...o, courses: cs.filter((c) => c.offerId === o.id), prices: ps.filter((p) => p.offerId === o.id) }));
}

export type OfferDetail = Awaited<ReturnType<typeof withDetails>>[number];

export async function getOffer(scope: TenantScope, offerId: string): Promise<OfferDetail | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.creatorId, scope.creatorId)));
  return row ? ((await withDetails(scope, [row]))[0] ?? null) : null;
}

/** The price shape each offer type takes: the rule, beside the noun it judges. */
export function offerPriceProblems(type: OfferType, ps: PriceInput[]): string[] {
  if (type === "free") return ps.some((p) => p.amount !== 0) ? ["a free offer has no price"] : [];
  const out: string[] = [];
  if (!ps.length) out.push("add a price");
  if (new Set(ps.map((p) => p.currency.toLowerCase())).size !== ps.length) out.push("give each currency one price");
  for (const p of ps) {
    if (p.amount < 50) out.push(`a ${p.currency.toUpperCase()} price of at least 0.50 (Stripe's minimum)`);
    if (type === "one_time" && (p.interval || p.installments)) out.push("a one-time price has no interval");
    if (type === "subscription" && !p.interval) out.push("a subscription price is monthly or yearly");
    if (type === "subscription" && p.installments) out.push("a subscription has no instalment count (that is a payment plan)");
    if (type === "payment_plan" && (!p.installments || p.installments < 2 || p.installments > 36)) out.push("a payment plan has 2 to 36 instalments");
    if (type === "payment_plan" && p.interval && p.interval !== "month") out.push("payment plan instalments are monthly");
  }
  return [...new Set(out)];
}

async function checkFields(tx: Tx, scope: TenantScope, f: OfferFields & { offerId?: string; forSale?: boolean }) {
  const problems = offerPriceProblems(f.type, f.prices);
  if (problems.length) throw new DomainError("invalid", `This offer needs ${problems.join("; ")}.`, { fieldErrors: { prices: problems } });
  if (!f.courseIds.length)
    throw new DomainError("invalid", "Choose at least one course for this offer.", { fieldErrors: { courseIds: ["Choose at least one course."] } });
  const found = await tx
    .select({ id: courses.id, status: courses.status })
    .from(courses)
    .where(and(eq(courses.creatorId, scope.creatorId), inArray(courses.id, f.courseIds)));
  if (found.length !== new Set(f.courseIds).size) throw new DomainError("not_found", "A course of this offer no longer exists.");
  if (f.forSale && found.some((c) => c.status !== "published")) {
    throw new DomainError("invalid", "Publish every course of this offer before putting it on sale (a draft is not shown to buyers).", {
      fieldErrors: { courseIds: ["A course is not published."] },
    });
  }
  if (f.bumpOfferId) {
    if (f.bumpOfferId === f.offerId)
      throw new DomainError("invalid", "An offer cannot be its own order bump.", { fieldErrors: { bumpOfferId: ["Pick another offer."] } });
    const [bump] = await tx
      .select({ id: offers.id, type: offers.type })
      .from(offers)
      .where(and(eq(offers.id, f.bumpOfferId), eq(offers.creatorId, scope.creatorId), ne(offers.status, "archived")));
    if (!bump) throw new DomainError("not_found", "The order bump offer no longer exists.");
    if (bump.type !== "one_time")
      throw new DomainError("invalid", "An order bump is a one-time offer.", { fieldErrors: { bumpOfferId: ["Pick a one-time offer."] } });
    // The bump adds something the offer does not already give, in every currency the offer is sold in.
    const bumpCourses = await tx
      .select({ courseId: offerCourses.courseId })
      .from(offerCourses)
      .where(and(eq(offerCourses.creatorId, scope.creatorId), eq(offerCourses.offerId, bump.id)));
    if (bumpCourses.some((c) => f.courseIds.includes(c.courseId))) {
      throw new DomainError("invalid", "The order bump includes a course this offer already gives: pick another bump.", {
        fieldErrors: { bumpOfferId: ["Already in the offer."] },
      });
    }
    const bumpPrices = await tx
      .select({ currency: prices.currency })
      .from(prices)
      .where(and(eq(prices.creatorId, scope.creatorId), eq(prices.offerId, bump.id)));
    const have = new Set(bumpPrices.map((p) => p.currency));
    const missing = f.prices.map((p) => p.currency.toLowerCase()).filter((c) => !have.has(c));
    if (missing.length) {
      const list = missing.map((c) => c.toUpperCase()).join(", ");
      throw new DomainError("invalid", `The order bump has no price in ${list}: give it one, or buyers paying in ${list} will not see it.`, {
        fieldErrors: { bumpOfferId: ["Needs a price in every currency of this offer."] },
      });
    }
  }
}

async function writeChildren(tx: Tx, scope: TenantScope, of: { offerId: string; fields: OfferFields }) {
  const { offerId, fields: f } = of;
  await tx.delete(offerCourses).where(and(eq(offerCourses.creatorId, scope.creatorId), eq(offerCourses.offerId, offerId)));
  await tx.insert(offerCourses).values([...new Set(f.courseIds)].map((courseId) => ({ creatorId: scope.creatorId, offerId, courseId })));
  // One price per currency, updated in place so orders keep pointing at the price they were sold at.
  const existing = await tx
    .select()
    .from(prices)
    .where(and(eq(prices.creatorId, scope.creatorId), eq(prices.offerId, offerId)));
  const wanted = new Map(f.prices.map((p) => [p.currency.toLowerCase(), p]));
  for (const p of existing) {
    const w = wanted.get(p.currency);
    if (!w) await tx.delete(prices).where(and(eq(prices.id, p.id), eq(prices.creatorId, scope.creatorId)));
    else if (w.amount !== p.amount || w.interval !== p.interval || w.installments !== p.installments) {
      await tx
        .update(prices)
        .set({ amount: w.amount, interval: w.interval, installments: w.installments, stripePriceId: null })
        .where(and(eq(prices.id, p.id), eq(prices.creatorId, scope.creatorId)));
    }
    wanted.delete(p.currency);
  }
  if (wanted.size)
    await tx
      .insert(prices)
      .values(
        [...wanted].map(([currency, p]) => ({
          creatorId: scope.creatorId,
          offerId,
          currency,
          amount: p.amount,
          interval: p.interval,
          installments: p.installments,
        })),
      );
}

/** A new offer, as a draft. */
export async function createOffer(scope: TenantScope, input: OfferFields & { actorUserId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await checkFields(tx, scope, input);
    const [row] = await tx
      .insert(offers)
      .values({
        creatorId: scope.creatorId,
        name: input.name,
        description: input.description,
        type: input.type,
        bumpOfferId: input.bumpOfferId,
        bumpHeadline: input.bumpHeadline,
      })
      .returning();
    await writeChildren(tx, scope, { offerId: row!.id, fields: input });
    await writeAudit(tx, scope, { actorUserId: input.actorUserId, action: "offer.created", targetType: "offer", targetId: row!.id });
    return row!;
  });
}

/** Edit an offer. Its type is fixed once it has sold (orders and subscriptions were made on it). */
export async function updateOffer(scope: TenantScope, input: OfferFields & { actorUserId: string; offerId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(offers)
      .where(and(eq(offers.id, input.offerId), eq(offers.creatorId, scope.creatorId)))
      .for("update");
    if (!current) throw notFound();
    if (current.type !== input.type && current.status !== "draft") {
      throw new DomainError("conflict", "The kind of a published offer cannot change: archive it and create a new one.", {
        fieldErrors: { type: ["Fixed once published."] },
      });
    }
    await checkFields(tx, scope, input);
    const [row] = await tx
      .update(offers)
      .set({
        name: input.name,
        description: input.description,
        type: input.type,
        bumpOfferId: input.bumpOfferId,
        bumpHeadline: input.bumpHeadline,
        updatedAt: new Date(),
      })
      .where(and(eq(offers.id, input.offerId), eq(offers.creatorId, scope.creatorId)))
      .returning();
    await writeChildren(tx, scope, { offerId: input.offerId, fields: input });
    await writeAudit(tx, scope, { actorUserId: input.actorUserId, action: "offer.updated", targetType: "offer", targetId: input.offerId });
    return row!;
  });
}

/** Put an offer on sale (active), back to draft, or archive it. Going on sale checks it again. */
export async function setOfferStatus(scope: TenantScope, change: { actorUserId: string; offerId: string; status: Offer["status"] }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(offers)
      .where(and(eq(offers.id, change.offerId), eq(offers.creatorId, scope.creatorId)))
      .for("update");
    if (!o) throw notFound();
    if (change.status === "active") {
      const [d] = await withDetailsTx(tx, scope, o);
      await checkFields(tx, scope, { ...o, offerId: o.id, courseIds: d.courseIds, prices: d.prices, forSale: true });
    }
    const [row] = await tx
      .update(offers)
      .set({ status: change.status, updatedAt: new Date() })
      .where(and(eq(offers.id, change.offerId), eq(offers.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId: change.actorUserId, action: `offer.${change.status}`, targetType: "offer", targetId: change.offerId });
    return row!;
  });
}

async function withDetailsTx(tx: Tx, scope: TenantScope, o: Offer) {
  const cs = await tx
    .select({ courseId: offerCourses.courseId })
    .from(offerCourses)
    .where(and(eq(offerCourses.creatorId, scope.creatorId), eq(offerCourses.offerId, o.id)));
  const ps = await tx
    .select()
    .from(prices)
    .where(and(eq(prices.creatorId, scope.creatorId), eq(prices.offerId, o.id)));
  return [
    {
      courseIds: cs.map((c) => c.courseId),
      prices: ps.map((p) => ({ currency: p.currency, amount: p.amount, interval: p.interval, installments: p.installments })),
    },
  ] as const;
}

/**
 * What the checkout page sells: an active offer with its published courses and prices, and its bump when
 * that is active too. Null when the offer is not on sale.
 */
export async function findOfferForCheckout(scope: TenantScope, offerId: string) {
  const offer = await getOffer(scope, offerId);
  if (!offer || offer.status !== "active") return null;
  const bump = offer.bumpOfferId ? await getOffer(scope, offer.bumpOfferId) : null;
  return { offer, bump: bump && bump.status === "active" ? bump : null };
}

/** The active offers that include a course, cheapest first, for its sales page. */
export async function listOffersForCourse(scope: TenantScope, courseId: string) {
  const db = await getDb();
  const rows = await db
    .select({ offer: offers })
    .from(offerCourses)
    .innerJoin(offers, and(eq(offers.id, offerCourses.offerId), eq(offers.creatorId, scope.creatorId), eq(offers.status, "active")))
    .where(and(eq(offerCourses.creatorId, scope.creatorId), eq(offerCourses.courseId, courseId)));
  const detailed = await withDetails(
    scope,
    rows.map((r) => r.offer),
  );
  const cheapest = (o: OfferDetail) => Math.min(...o.prices.map((p) => p.amount), o.type === "free" ? 0 : Number.MAX_SAFE_INTEGER);
  return detailed.sort((a, b) => cheapest(a) - cheapest(b));
}
