import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creditAccounts, creditPostings, creditTransactions, creators } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/db/seed";
import { createCreatorWithOwner } from "./tenants";
import { adjustCredits, getBalances, grantCredits, holdCredits, InsufficientCreditsError, listLedger, listOpenHolds, purchaseCredits, refundCredits, releaseHold, settleHold } from "./credits";

let acme: TenantScope;
let beta: TenantScope;
let ownerId: string;

async function freshTenant(slug: string) {
  const c = await createCreatorWithOwner({ ownerUserId: ownerId, name: slug, slug });
  return systemScope(c.id);
}

/** Invariants that must hold after any sequence of operations. */
async function checkInvariants() {
  const db = await getDb();
  const unbalanced = await db.execute(sql`select transaction_id from ${creditPostings} group by transaction_id having sum(amount) <> 0`);
  expect(unbalanced.rows).toEqual([]);
  const drift = await db.execute(sql`select a.id from ${creditAccounts} a left join ${creditPostings} p on p.account_id = a.id where a.creator_id is not null group by a.id, a.balance having a.balance <> coalesce(sum(p.amount), 0)`);
  expect(drift.rows).toEqual([]);
  const negative = await db.execute(sql`select id from ${creditAccounts} where creator_id is not null and balance < 0`);
  expect(negative.rows).toEqual([]);
  const heldMismatch = await db.execute(sql`
    select a.creator_id from ${creditAccounts} a
    left join (select creator_id, sum(amount - captured - released) as open from credit_holds where status = 'open' group by creator_id) h on h.creator_id = a.creator_id
    where a.kind = 'held' and a.balance <> coalesce(h.open, 0)`);
  expect(heldMismatch.rows).toEqual([]);
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const rows = await db.select().from(creators);
  acme = systemScope(rows.find((r) => r.slug === "acme")!.id);
  beta = systemScope(rows.find((r) => r.slug === "beta")!.id);
  const [u] = await db.execute<{ id: string }>(sql`select id from "user" where email = 'owner@acme.test'`).then((r) => r.rows);
  ownerId = u!.id;
});

describe("credit ledger", () => {
  it("grant → hold → settle moves credits and every transaction sums to zero", async () => {
    const t = await freshTenant("ledger-flow");
    await grantCredits(t, 100, "grant:2026-11");
    const hold = await holdCredits(t, 30, "gen-1:hold", "AI course generation");
    expect(await getBalances(t)).toEqual({ available: 70, held: 30 });
    await settleHold(t, hold.id, 12, "gen-1:settle");
    expect(await getBalances(t)).toEqual({ available: 88, held: 0 });
    const ledger = await listLedger(t);
    expect(ledger.map((l) => [l.kind, l.availableDelta, l.heldDelta]).sort()).toEqual([
      ["capture", 0, -12],
      ["grant", 100, 0],
      ["hold", -30, 30],
      ["release", 18, -18],
    ]);
    await checkInvariants();
  });

  it("is idempotent by key: replays change nothing", async () => {
    const before = await getBalances(acme);
    await grantCredits(acme, 100, "grant:2026-11");
    const h1 = await holdCredits(acme, 5, "gen-2:hold", "x");
    const h2 = await holdCredits(acme, 5, "gen-2:hold", "x");
    expect(h2.id).toBe(h1.id);
    await settleHold(acme, h1.id, 5, "gen-2:settle");
    await settleHold(acme, h1.id, 5, "gen-2:settle");
    expect((await getBalances(acme)).available).toBe(before.available - 5);
  });

  it("refuses a hold that would overdraw, with a clear message, and changes nothing", async () => {
    const t = await freshTenant("ledger-poor");
    await grantCredits(t, 10, "g");
    await expect(holdCredits(t, 11, "h", "avatar render")).rejects.toThrow(InsufficientCreditsError);
    await expect(holdCredits(t, 11, "h2", "avatar render")).rejects.toThrow(/needs 11 and 10 are available/);
    expect(await getBalances(t)).toEqual({ available: 10, held: 0 });
    await expect(adjustCredits(t, -11, "adj", "correction", ownerId)).rejects.toThrow(InsufficientCreditsError);
    await checkInvariants();
  });

  it("the database itself refuses an unbalanced transaction and edits of postings", async () => {
    const db = await getDb();
    await grantCredits(beta, 5, "g-beta");
    const before = (await getBalances(beta)).available;
    const [acct] = await db.select().from(creditAccounts).where(eq(creditAccounts.creatorId, beta.creatorId));
    await expect(
      db.transaction(async (tx) => {
        const [t] = await tx.insert(creditTransactions).values({ creatorId: beta.creatorId, kind: "adjustment", idempotencyKey: "forged", amount: 1000, reason: "forged" }).returning();
        await tx.insert(creditPostings).values({ transactionId: t!.id, accountId: acct!.id, amount: 1000 });
      }),
    ).rejects.toThrow();
    expect((await getBalances(beta)).available).toBe(before);
    await expect(db.update(creditPostings).set({ amount: 1 })).rejects.toThrow();
    await checkInvariants();
  });

  it("a hold settles once: over-capture, a second settle and a replayed key are handled", async () => {
    const t = await freshTenant("ledger-settle");
    await grantCredits(t, 20, "g");
    const hold = await holdCredits(t, 8, "s:hold", "job");
    expect(await holdCredits(t, 8, "s:hold", "job")).toMatchObject({ id: hold.id, amount: 8 }); // replay: same hold
    await expect(settleHold(t, hold.id, 9, "s:settle-too-much")).rejects.toThrow(/Cannot capture 9 credits from a hold of 8/);
    expect(await settleHold(t, hold.id, 5, "s:settle")).toMatchObject({ captured: 5, released: 3, status: "settled" });
    expect(await settleHold(t, hold.id, 5, "s:settle")).toMatchObject({ captured: 5, released: 3 }); // replay
    await expect(settleHold(t, hold.id, 1, "s:settle-again")).rejects.toThrow(/already settled/);
    await expect(settleHold(t, crypto.randomUUID(), 1, "s:ghost")).rejects.toThrow(/Hold not found/);
    expect(await getBalances(t)).toEqual({ available: 15, held: 0 });
    await checkInvariants();
  });

  it("keeps tenants apart: beta cannot settle acme's hold or see its ledger", async () => {
    const hold = await holdCredits(acme, 3, "iso:hold", "x");
    await expect(settleHold(beta, hold.id, 3, "iso:steal")).rejects.toThrow(/Hold not found/);
    expect((await listOpenHolds(beta)).map((h) => h.id)).not.toContain(hold.id);
    expect((await listLedger(beta)).every((l) => l.creatorId === beta.creatorId)).toBe(true);
    await releaseHold(acme, hold.id, "iso:release");
  });

  it("1,000 concurrent holds of 1 against a balance of 100: exactly 100 succeed", async () => {
    const t = await freshTenant("ledger-race");
    await grantCredits(t, 100, "g");
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => holdCredits(t, 1, `race-${i}`, "race")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(100);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.every((r) => r.reason instanceof InsufficientCreditsError)).toBe(true);
    expect(await getBalances(t)).toEqual({ available: 0, held: 100 });
    await checkInvariants();
  }, 120_000);

  it("property: any sequence of operations keeps the books balanced and never negative", async () => {
    const t = await freshTenant("ledger-prop");
    let k = 0;
    const op = fc.oneof(
      fc.record({ op: fc.constant("grant" as const), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant("purchase" as const), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant("hold" as const), n: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ op: fc.constant("settle" as const), pick: fc.nat(), frac: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ op: fc.constant("release" as const), pick: fc.nat() }),
      fc.record({ op: fc.constant("refund" as const), n: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ op: fc.constant("adjust" as const), n: fc.integer({ min: -30, max: 30 }).filter((n) => n !== 0) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          const key = `p${k++}`;
          try {
            if (o.op === "grant") await grantCredits(t, o.n, key);
            else if (o.op === "purchase") await purchaseCredits(t, o.n, key);
            else if (o.op === "hold") await holdCredits(t, o.n, key, "prop");
            else if (o.op === "refund") await refundCredits(t, o.n, key, "prop");
            else if (o.op === "adjust") await adjustCredits(t, o.n, key, "prop", ownerId);
            else {
              const open = await listOpenHolds(t);
              if (open.length === 0) continue;
              const h = open[o.pick % open.length]!;
              if (o.op === "release") await releaseHold(t, h.id, key);
              else await settleHold(t, h.id, Math.floor((h.amount - h.captured - h.released) * o.frac), key);
            }
          } catch (err) {
            if (!(err instanceof InsufficientCreditsError)) throw err;
          }
        }
        await checkInvariants();
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
