import fc from "fast-check";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creditAccounts, creditHolds, creditPostings, creditTransactions, creators } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { createCreatorWithOwner } from "./tenants";
import {
  adjustCredits,
  getBalances,
  grantCredits,
  holdCredits,
  IdempotencyConflictError,
  InsufficientCreditsError,
  LedgerError,
  listLedger,
  listOpenHolds,
  purchaseCredits,
  refundCredits,
  releaseHold,
  reversePurchase,
  settleHold,
  type Hold,
} from "./credits";

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
  const drift = await db.execute(
    sql`select a.id from ${creditAccounts} a left join ${creditPostings} p on p.account_id = a.id where a.creator_id is not null group by a.id, a.balance having a.balance <> coalesce(sum(p.amount), 0)`,
  );
  expect(drift.rows).toEqual([]);
  const negative = await db.execute(sql`select id from ${creditAccounts} where creator_id is not null and balance < 0`);
  expect(negative.rows).toEqual([]);
  const heldMismatch = await db.execute(sql`
    select a.creator_id from ${creditAccounts} a
    left join (select creator_id, sum(amount - captured - released) as open from credit_holds where status = 'open' group by creator_id) h on h.creator_id = a.creator_id
    where a.kind = 'held' and a.balance <> coalesce(h.open, 0)`);
  expect(heldMismatch.rows).toEqual([]);
  // Refunds give back part of one capture, never more than it captured.
  const overRefunded = await db.execute(sql`
    select c.id from ${creditTransactions} c join ${creditTransactions} r on r.reverses_id = c.id and r.kind = 'refund'
    group by c.id, c.kind, c.amount having c.kind <> 'capture' or sum(r.amount) > c.amount`);
  expect(overRefunded.rows).toEqual([]);
  const strayRefunds = await db.execute(sql`select id from ${creditTransactions} where kind = 'refund' and reverses_id is null`);
  expect(strayRefunds.rows).toEqual([]);
  // A purchase is taken back by one reversal at most, never by more than it bought.
  const overReversed = await db.execute(sql`
    select p.id from ${creditTransactions} p join ${creditTransactions} r on r.reverses_id = p.id and r.kind = 'purchase_reversal'
    group by p.id, p.kind, p.amount having p.kind <> 'purchase' or sum(r.amount) > p.amount or count(*) filter (where r.amount > 0) > 1`);
  expect(overReversed.rows).toEqual([]);
}

/** A creator's transaction count and balances, to show that a refused call wrote nothing. */
async function ledgerRows(t: TenantScope) {
  const db = await getDb();
  const txs = await db.select({ id: creditTransactions.id }).from(creditTransactions).where(eq(creditTransactions.creatorId, t.creatorId));
  return { transactions: txs.length, balances: await getBalances(t) };
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
    await grantCredits(t, { amount: 100, key: "grant:2026-11" });
    const hold = await holdCredits(t, { amount: 30, key: "gen-1:hold", reason: "AI course generation" });
    expect(await getBalances(t)).toEqual({ available: 70, held: 30 });
    await settleHold(t, { holdId: hold.id, used: 12, key: "gen-1:settle" });
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
    await grantCredits(acme, { amount: 100, key: "idem:grant" });
    const before = await getBalances(acme);
    await grantCredits(acme, { amount: 100, key: "idem:grant" });
    const h1 = await holdCredits(acme, { amount: 5, key: "gen-2:hold", reason: "x" });
    const h2 = await holdCredits(acme, { amount: 5, key: "gen-2:hold", reason: "x" });
    expect(h2.id).toBe(h1.id);
    await settleHold(acme, { holdId: h1.id, used: 5, key: "gen-2:settle" });
    await settleHold(acme, { holdId: h1.id, used: 5, key: "gen-2:settle" });
    expect((await getBalances(acme)).available).toBe(before.available - 5);
  });

  it("refuses a hold that would overdraw, with a clear message, and changes nothing", async () => {
    const t = await freshTenant("ledger-poor");
    await grantCredits(t, { amount: 10, key: "g" });
    await expect(holdCredits(t, { amount: 11, key: "h", reason: "avatar render" })).rejects.toThrow(InsufficientCreditsError);
    await expect(holdCredits(t, { amount: 11, key: "h2", reason: "avatar render" })).rejects.toThrow(/needs 11 and 10 are available/);
    expect(await getBalances(t)).toEqual({ available: 10, held: 0 });
    await expect(adjustCredits(t, { amount: -11, key: "adj", reason: "correction", actorUserId: ownerId })).rejects.toThrow(InsufficientCreditsError);
    await checkInvariants();
  });

  it("the database itself refuses an unbalanced transaction and edits of postings", async () => {
    const db = await getDb();
    await grantCredits(beta, { amount: 5, key: "g-beta" });
    const before = (await getBalances(beta)).available;
    const [acct] = await db.select().from(creditAccounts).where(eq(creditAccounts.creatorId, beta.creatorId));
    await expect(
      db.transaction(async (tx) => {
        const [t] = await tx
          .insert(creditTransactions)
          .values({ creatorId: beta.creatorId, kind: "adjustment", idempotencyKey: "forged", amount: 1000, reason: "forged" })
          .returning();
        await tx.insert(creditPostings).values({ transactionId: t!.id, accountId: acct!.id, amount: 1000 });
      }),
    ).rejects.toThrow();
    expect((await getBalances(beta)).available).toBe(before);
    await expect(db.update(creditPostings).set({ amount: 1 })).rejects.toThrow();
    await checkInvariants();
  });

  it("a hold settles once: over-capture, a second settle and a replayed key are handled", async () => {
    const t = await freshTenant("ledger-settle");
    await grantCredits(t, { amount: 20, key: "g" });
    const hold = await holdCredits(t, { amount: 8, key: "s:hold", reason: "job" });
    expect(await holdCredits(t, { amount: 8, key: "s:hold", reason: "job" })).toMatchObject({ id: hold.id, amount: 8 }); // replay: same hold
    await expect(settleHold(t, { holdId: hold.id, used: 9, key: "s:settle-too-much" })).rejects.toThrow(/Cannot capture 9 credits from a hold of 8/);
    expect(await settleHold(t, { holdId: hold.id, used: 5, key: "s:settle" })).toMatchObject({ captured: 5, released: 3, status: "settled" });
    expect(await settleHold(t, { holdId: hold.id, used: 5, key: "s:settle" })).toMatchObject({ captured: 5, released: 3 }); // replay
    await expect(settleHold(t, { holdId: hold.id, used: 1, key: "s:settle-again" })).rejects.toThrow(/already settled/);
    await expect(settleHold(t, { holdId: crypto.randomUUID(), used: 1, key: "s:ghost" })).rejects.toThrow(/Hold not found/);
    expect(await getBalances(t)).toEqual({ available: 15, held: 0 });
    await checkInvariants();
  });

  it("keeps tenants apart: beta cannot settle acme's hold or see its ledger", async () => {
    const hold = await holdCredits(acme, { amount: 3, key: "iso:hold", reason: "x" });
    await expect(settleHold(beta, { holdId: hold.id, used: 3, key: "iso:steal" })).rejects.toThrow(/Hold not found/);
    expect((await listOpenHolds(beta)).map((h) => h.id)).not.toContain(hold.id);
    expect((await listLedger(beta)).every((l) => l.creatorId === beta.creatorId)).toBe(true);
    await releaseHold(acme, hold.id, "iso:release");
  });

  it("1,000 concurrent holds of 1 against a balance of 100: exactly 100 succeed", async () => {
    const t = await freshTenant("ledger-race");
    await grantCredits(t, { amount: 100, key: "g" });
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => holdCredits(t, { amount: 1, key: `race-${i}`, reason: "race" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(100);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.every((r) => r.reason instanceof InsufficientCreditsError)).toBe(true);
    expect(await getBalances(t)).toEqual({ available: 0, held: 100 });
    await checkInvariants();
  }, 120_000);

  // ── Refunds are tied to a capture (issue #9, item 13) ──────────────────────────────────────────

  it("a refund gives back part of one capture: more than the hold captured is refused and writes nothing", async () => {
    const t = await freshTenant("refund-capture");
    await grantCredits(t, { amount: 100, key: "g" });
    const hold = await holdCredits(t, { amount: 10, key: "job:hold", reason: "AI lesson" });
    await settleHold(t, { holdId: hold.id, used: 4, key: "job:settle" });
    const before = await ledgerRows(t);
    const huge = refundCredits(t, { holdId: hold.id, amount: 50_000, key: "r-huge", reason: "failed job" });
    await expect(huge).rejects.toThrow(LedgerError);
    await expect(huge).rejects.toThrow(/Cannot refund 50000 credits of hold .+: 4 were used and 0 already refunded, so at most 4 can be refunded/);
    expect(await ledgerRows(t)).toEqual(before);

    const r1 = await refundCredits(t, { holdId: hold.id, amount: 3, key: "r1", reason: "partly failed" });
    expect(r1).toMatchObject({ kind: "refund", amount: 3, holdId: hold.id });
    const captureId = r1.reversesId!;
    expect((await listLedger(t)).find((l) => l.id === captureId)).toMatchObject({ kind: "capture", amount: 4, holdId: hold.id });
    // How a refund by hold finds the capture in one index probe: the settle stamps both with its now().
    const db = await getDb();
    const stamp = await db.execute<{ same: boolean }>(
      sql`select t.created_at = h.settled_at as same from ${creditTransactions} t join ${creditHolds} h on h.id = t.hold_id where t.id = ${captureId}`,
    );
    expect(stamp.rows).toEqual([{ same: true }]);
    await expect(refundCredits(t, { captureId, amount: 2, key: "r2", reason: "x" })).rejects.toThrow(
      /4 were used and 3 already refunded, so at most 1 can be refunded/,
    );
    expect(await refundCredits(t, { captureId, amount: 1, key: "r3", reason: "the rest" })).toMatchObject({
      amount: 1,
      reversesId: captureId,
      holdId: hold.id,
    });
    await expect(refundCredits(t, { holdId: hold.id, amount: 1, key: "r4", reason: "x" })).rejects.toThrow(/at most 0 can be refunded/);
    expect(await getBalances(t)).toEqual({ available: 100, held: 0 });
    await checkInvariants();
  });

  it("a refund needs a capture: an open hold, a fully released hold, a non-capture or another tenant's hold is refused", async () => {
    const t = await freshTenant("refund-nothing");
    await grantCredits(t, { amount: 100, key: "g" });
    const open = await holdCredits(t, { amount: 5, key: "open", reason: "job" });
    const released = await holdCredits(t, { amount: 5, key: "rel", reason: "job" });
    await releaseHold(t, released.id, "rel:release");
    const theirs = await holdCredits(acme, { amount: 2, key: "xt:hold", reason: "x" });
    await settleHold(acme, { holdId: theirs.id, used: 2, key: "xt:settle" });
    const grant = (await listLedger(t)).find((l) => l.kind === "grant")!;
    const before = await ledgerRows(t);
    await expect(refundCredits(t, { holdId: open.id, amount: 1, key: "a", reason: "x" })).rejects.toThrow(/not settled yet/);
    await expect(refundCredits(t, { holdId: released.id, amount: 1, key: "b", reason: "x" })).rejects.toThrow(/Nothing was used on this hold/);
    await expect(refundCredits(t, { holdId: crypto.randomUUID(), amount: 1, key: "c", reason: "x" })).rejects.toThrow(/Hold not found/);
    await expect(refundCredits(t, { holdId: "not-a-uuid", amount: 1, key: "c", reason: "x" })).rejects.toThrow(/Hold not found/);
    await expect(refundCredits(t, { captureId: grant.id, amount: 1, key: "d", reason: "x" })).rejects.toThrow(/Capture not found/);
    await expect(refundCredits(t, { holdId: theirs.id, amount: 1, key: "e", reason: "x" })).rejects.toThrow(/Hold not found/);
    await expect(refundCredits(t, { holdId: open.id, amount: 0, key: "f", reason: "x" })).rejects.toThrow(/positive whole number/);
    expect(await ledgerRows(t)).toEqual(before);
    await checkInvariants();
  });

  it("concurrent refunds of one capture never add up to more than it captured", async () => {
    const t = await freshTenant("refund-race");
    await grantCredits(t, { amount: 100, key: "g" });
    const hold = await holdCredits(t, { amount: 20, key: "h", reason: "job" });
    await settleHold(t, { holdId: hold.id, used: 10, key: "s" });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => refundCredits(t, { holdId: hold.id, amount: 1, key: `r${i}`, reason: "race" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.every((r) => r.reason instanceof LedgerError && /at most 0 can be refunded/.test(r.reason.message))).toBe(true);
    expect(await getBalances(t)).toEqual({ available: 100, held: 0 });
    await checkInvariants();
  }, 60_000);

  // ── Concurrent retries get the stored result (item 14) ─────────────────────────────────────────

  it("concurrent retries of one settle with the same key all return the stored result (16 holds × 20 retries)", async () => {
    const t = await freshTenant("settle-retries");
    await grantCredits(t, { amount: 1000, key: "g" });
    const db = await getDb();
    // Open the pool's connections first, so the retries really run side by side.
    await Promise.all(Array.from({ length: 20 }, () => db.execute(sql`select pg_sleep(0.02)`)));
    const failures: string[] = [];
    for (let round = 0; round < 16; round++) {
      const hold = await holdCredits(t, { amount: 8, key: `h${round}`, reason: "job" });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => settleHold(t, { holdId: hold.id, used: 5, key: `s${round}` })));
      for (const r of results) {
        if (r.status === "rejected") failures.push(String(r.reason instanceof Error ? r.reason.message : r.reason));
        else expect(r.value).toMatchObject({ id: hold.id, captured: 5, released: 3, status: "settled" });
      }
    }
    expect(failures, `${failures.length} of 320 retries failed`).toEqual([]);
    const captures = await db
      .select()
      .from(creditTransactions)
      .where(and(eq(creditTransactions.creatorId, t.creatorId), eq(creditTransactions.kind, "capture")));
    expect(captures).toHaveLength(16);
    expect(await getBalances(t)).toEqual({ available: 1000 - 16 * 5, held: 0 });
    await checkInvariants();
  }, 120_000);

  it("concurrent retries of one hold, grant, refund or purchase reversal with the same key all return the one stored result", async () => {
    const t = await freshTenant("other-retries");
    await grantCredits(t, { amount: 1000, key: "g" });
    await purchaseCredits(t, { amount: 50, key: "purchase:1" });
    const same = async <T>(call: () => Promise<T>, id: (v: T) => string) => new Set((await Promise.all(Array.from({ length: 30 }, call))).map(id));
    const holds = await same(
      () => holdCredits(t, { amount: 7, key: "same-hold", reason: "job" }),
      (h) => h.id,
    );
    expect(holds.size).toBe(1);
    const [holdId] = [...holds];
    await settleHold(t, { holdId: holdId!, used: 7, key: "settle" });
    expect(
      (
        await same(
          () => refundCredits(t, { holdId: holdId!, amount: 2, key: "same-refund", reason: "retry" }),
          (r) => r.id,
        )
      ).size,
    ).toBe(1);
    expect(
      (
        await same(
          () => grantCredits(t, { amount: 5, key: "same-grant" }),
          (r) => r.id,
        )
      ).size,
    ).toBe(1);
    expect(
      (
        await same(
          () => reversePurchase(t, { purchaseKey: "purchase:1", key: "same-reversal", reason: "Stripe refund" }),
          (r) => r.transaction.id,
        )
      ).size,
    ).toBe(1);
    expect(await getBalances(t)).toEqual({ available: 1000 + 50 - 7 + 2 + 5 - 50, held: 0 });
    await checkInvariants();
  }, 60_000);

  // ── A key is bound to its operation (item 15) ──────────────────────────────────────────────────

  it("a key replays only the same operation: a hold replayed with another amount is a conflict, not the first hold", async () => {
    const t = await freshTenant("conflict-hold");
    await grantCredits(t, { amount: 100, key: "g" });
    const hold = await holdCredits(t, { amount: 8, key: "k", reason: "job" });
    const before = await ledgerRows(t);
    const other = holdCredits(t, { amount: 9, key: "k", reason: "job" });
    await expect(other).rejects.toThrow(IdempotencyConflictError);
    await expect(other).rejects.toThrow('Idempotency key "k" was already used for a hold of 8 credits; this request is a hold of 9 credits.');
    expect(await ledgerRows(t)).toEqual(before);
    expect(await holdCredits(t, { amount: 8, key: "k", reason: "job" })).toMatchObject({ id: hold.id, amount: 8 });
  });

  it("a settle with a hold's key, or with the same key for another hold or amount, is a conflict; the same settle replays", async () => {
    const t = await freshTenant("conflict-settle");
    await grantCredits(t, { amount: 100, key: "g" });
    const h1 = await holdCredits(t, { amount: 8, key: "h1", reason: "job" });
    const h2 = await holdCredits(t, { amount: 8, key: "h2", reason: "job" });
    await expect(settleHold(t, { holdId: h1.id, used: 5, key: "h1" })).rejects.toThrow(
      new RegExp(`key "h1" was already used for a hold of 8 credits; this request is settling hold ${h1.id} with 5 credits used`),
    );
    expect(await settleHold(t, { holdId: h1.id, used: 5, key: "s" })).toMatchObject({ captured: 5, released: 3, status: "settled" });
    const before = await ledgerRows(t);
    await expect(settleHold(t, { holdId: h1.id, used: 6, key: "s" })).rejects.toThrow(
      new RegExp(`already used for settling hold ${h1.id} with 5 credits used; this request is settling hold ${h1.id} with 6 credits used`),
    );
    await expect(settleHold(t, { holdId: h2.id, used: 5, key: "s" })).rejects.toThrow(IdempotencyConflictError);
    await expect(releaseHold(t, h1.id, "s")).rejects.toThrow(IdempotencyConflictError);
    expect(await settleHold(t, { holdId: h1.id, used: 5, key: "s" })).toMatchObject({ id: h1.id, captured: 5, released: 3 });
    await releaseHold(t, h2.id, "r");
    await expect(settleHold(t, { holdId: h2.id, used: 1, key: "r" })).rejects.toThrow(new RegExp(`already used for releasing 8 credits of hold ${h2.id}`));
    expect(await releaseHold(t, h2.id, "r")).toMatchObject({ id: h2.id, captured: 0, released: 8 });
    expect((await ledgerRows(t)).balances).toEqual({ available: 95, held: 0 });
    expect((await ledgerRows(t)).transactions).toBe(before.transactions + 1);
    await checkInvariants();
  });

  it("every keyed operation refuses a key already used for another kind or amount, and writes nothing", async () => {
    const t = await freshTenant("conflict-all");
    await grantCredits(t, { amount: 100, key: "g" });
    await purchaseCredits(t, { amount: 30, key: "p" });
    await purchaseCredits(t, { amount: 10, key: "p2" });
    await adjustCredits(t, { amount: -5, key: "adj", reason: "correction", actorUserId: ownerId });
    const hold = await holdCredits(t, { amount: 10, key: "h", reason: "job" });
    await settleHold(t, { holdId: hold.id, used: 6, key: "s" });
    const other = await holdCredits(t, { amount: 4, key: "h-other", reason: "job" });
    await settleHold(t, { holdId: other.id, used: 4, key: "s-other" });
    await refundCredits(t, { holdId: hold.id, amount: 1, key: "ref", reason: "x" });
    await reversePurchase(t, { purchaseKey: "p2", key: "rev", reason: "Stripe refund" });
    const before = await ledgerRows(t);
    const conflicts: Array<[string, () => Promise<unknown>]> = [
      ["grant, other amount", () => grantCredits(t, { amount: 50, key: "g" })],
      ["purchase with a grant's key", () => purchaseCredits(t, { amount: 100, key: "g" })],
      ["adjustment with a grant's key", () => adjustCredits(t, { amount: 100, key: "g", reason: "x", actorUserId: ownerId })],
      ["hold with a grant's key", () => holdCredits(t, { amount: 100, key: "g", reason: "job" })],
      ["settle with a grant's key", () => settleHold(t, { holdId: other.id, used: 1, key: "g" })],
      ["refund with a grant's key", () => refundCredits(t, { holdId: hold.id, amount: 1, key: "g", reason: "x" })],
      ["reversal with a grant's key", () => reversePurchase(t, { purchaseKey: "p", key: "g", reason: "x" })],
      ["purchase, other amount", () => purchaseCredits(t, { amount: 31, key: "p" })],
      ["adjustment, other amount", () => adjustCredits(t, { amount: 5, key: "adj", reason: "correction", actorUserId: ownerId })],
      ["refund, other amount", () => refundCredits(t, { holdId: hold.id, amount: 2, key: "ref", reason: "x" })],
      ["refund, other capture", () => refundCredits(t, { holdId: other.id, amount: 1, key: "ref", reason: "x" })],
      ["reversal of another purchase", () => reversePurchase(t, { purchaseKey: "p", key: "rev", reason: "x" })],
      ["grant with a settle's key", () => grantCredits(t, { amount: 6, key: "s" })],
    ];
    for (const [what, call] of conflicts) await expect(call(), what).rejects.toThrow(IdempotencyConflictError);
    await expect(grantCredits(t, { amount: 50, key: "g" })).rejects.toThrow(LedgerError); // a conflict is a LedgerError too
    expect(await ledgerRows(t)).toEqual(before);
    // The same operations replay.
    await grantCredits(t, { amount: 100, key: "g" });
    await purchaseCredits(t, { amount: 30, key: "p" });
    await adjustCredits(t, { amount: -5, key: "adj", reason: "correction", actorUserId: ownerId });
    await refundCredits(t, { holdId: hold.id, amount: 1, key: "ref", reason: "x" });
    await reversePurchase(t, { purchaseKey: "p2", key: "rev", reason: "Stripe refund" });
    expect(await ledgerRows(t)).toEqual(before);
    await checkInvariants();
  });

  // ── The ledger is append-only, deletes and cascades included (item 16) ──────────────────────────

  it("the ledger is append-only: DELETE, UPDATE and TRUNCATE of transactions, postings and holds are refused", async () => {
    const t = await freshTenant("append-only");
    const db = await getDb();
    const grant = await grantCredits(t, { amount: 1000, key: "g" });
    const hold = await holdCredits(t, { amount: 10, key: "h", reason: "job" });
    await settleHold(t, { holdId: hold.id, used: 4, key: "s" });
    const before = await ledgerRows(t);
    await expect(db.delete(creditTransactions).where(eq(creditTransactions.id, grant.id))).rejects.toThrow();
    await expect(db.delete(creditPostings).where(eq(creditPostings.transactionId, grant.id))).rejects.toThrow();
    await expect(db.update(creditTransactions).set({ amount: 1 }).where(eq(creditTransactions.id, grant.id))).rejects.toThrow();
    await expect(db.update(creditPostings).set({ amount: 1 }).where(eq(creditPostings.transactionId, grant.id))).rejects.toThrow();
    await expect(db.delete(creditHolds).where(eq(creditHolds.id, hold.id))).rejects.toThrow();
    await expect(db.execute(sql`truncate credit_transactions, credit_postings`)).rejects.toThrow();
    await expect(db.execute(sql`truncate credit_holds`)).rejects.toThrow();
    const err = await db
      .delete(creditTransactions)
      .where(eq(creditTransactions.id, grant.id))
      .catch((e: unknown) => e);
    expect(String((err as { cause?: Error }).cause?.message ?? err)).toMatch(/the credit ledger is append-only \(DELETE on credit_transactions\)/);
    expect(await ledgerRows(t)).toEqual(before);
    await checkInvariants();
  });

  it("deleting a school with ledger rows is refused instead of cascading its ledger away", async () => {
    const t = await freshTenant("no-cascade");
    const db = await getDb();
    await grantCredits(t, { amount: 1000, key: "g" });
    const before = await ledgerRows(t);
    await expect(db.delete(creators).where(eq(creators.id, t.creatorId))).rejects.toThrow();
    expect(await db.select({ id: creators.id }).from(creators).where(eq(creators.id, t.creatorId))).toHaveLength(1);
    expect(await ledgerRows(t)).toEqual(before);
    await checkInvariants();
  });

  // ── Purchase reversal (billing, issue #9 item 10) ─────────────────────────────────────────────

  it("reversing a purchase removes what is left of it (never below zero), replays, and a second reversal removes nothing more", async () => {
    const t = await freshTenant("reverse-spent");
    await purchaseCredits(t, { amount: 500, key: "purchase:stripe:cs_1", reason: "Top-up: 500 credits" });
    const hold = await holdCredits(t, { amount: 400, key: "job:hold", reason: "AI course" });
    await settleHold(t, { holdId: hold.id, used: 400, key: "job:settle" });
    expect(await getBalances(t)).toEqual({ available: 100, held: 0 });
    const r = await reversePurchase(t, { purchaseKey: "purchase:stripe:cs_1", key: "reverse:ch_1", reason: "Stripe refund" });
    expect(r).toMatchObject({ removed: 100, unrecovered: 400, purchase: { kind: "purchase", amount: 500, idempotencyKey: "purchase:stripe:cs_1" } });
    expect(r.transaction).toMatchObject({ kind: "purchase_reversal", amount: 100, reversesId: r.purchase.id, reason: "Stripe refund" });
    expect(await getBalances(t)).toEqual({ available: 0, held: 0 });
    expect(await reversePurchase(t, { purchaseKey: "purchase:stripe:cs_1", key: "reverse:ch_1", reason: "Stripe refund" })).toEqual(r);
    await grantCredits(t, { amount: 1000, key: "grant:next-month" });
    const again = await reversePurchase(t, { purchaseKey: "purchase:stripe:cs_1", key: "reverse:dp_1", reason: "Stripe dispute" });
    expect(again).toMatchObject({ removed: 0, unrecovered: 400, transaction: { kind: "purchase_reversal", amount: 0, reversesId: r.purchase.id } });
    expect(await getBalances(t)).toEqual({ available: 1000, held: 0 });
    expect((await listLedger(t)).find((l) => l.id === r.transaction.id)).toMatchObject({ availableDelta: -100, heldDelta: 0 });
    await checkInvariants();
  });

  it("a purchase whose credits are all still available is reversed in full; held credits are left alone", async () => {
    const t = await freshTenant("reverse-full");
    await grantCredits(t, { amount: 50, key: "g" });
    await purchaseCredits(t, { amount: 500, key: "p" });
    const hold = await holdCredits(t, { amount: 30, key: "h", reason: "job" });
    const r = await reversePurchase(t, { purchaseKey: "p", key: "rev", reason: "Stripe refund" });
    expect(r).toMatchObject({ removed: 500, unrecovered: 0 });
    expect(await getBalances(t)).toEqual({ available: 20, held: 30 });
    await settleHold(t, { holdId: hold.id, used: 30, key: "s" });
    expect(await getBalances(t)).toEqual({ available: 20, held: 0 });
    await checkInvariants();
  });

  it("concurrent reversals of one purchase under different keys take it back once", async () => {
    const t = await freshTenant("reverse-race");
    await grantCredits(t, { amount: 1000, key: "g" });
    await purchaseCredits(t, { amount: 300, key: "p" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reversePurchase(t, { purchaseKey: "p", key: `rev-${i}`, reason: i % 2 ? "Stripe refund" : "Stripe dispute" })),
    );
    expect(results.map((r) => r.removed).sort((a, b) => b - a)).toEqual([300, ...Array<number>(19).fill(0)]);
    expect(await getBalances(t)).toEqual({ available: 1000, held: 0 });
    await checkInvariants();
  }, 60_000);

  it("reversing an unknown purchase, or a transaction that is not a purchase, is refused", async () => {
    const t = await freshTenant("reverse-unknown");
    await grantCredits(t, { amount: 100, key: "g" });
    await purchaseCredits(t, { amount: 10, key: "p" });
    const before = await ledgerRows(t);
    await expect(reversePurchase(t, { purchaseKey: "nope", key: "r1", reason: "x" })).rejects.toThrow(/Purchase not found/);
    await expect(reversePurchase(t, { purchaseKey: "g", key: "r2", reason: "x" })).rejects.toThrow(/Purchase not found/);
    await expect(reversePurchase(beta, { purchaseKey: "p", key: "r3", reason: "x" })).rejects.toThrow(/Purchase not found/);
    await expect(reversePurchase(t, { purchaseKey: "p", key: "r4", reason: " " })).rejects.toThrow(/needs a reason/);
    expect(await ledgerRows(t)).toEqual(before);
  });

  // ── Property (item 17) ──────────────────────────────────────────────────────────────────────────

  it("property: refunds only of captures and never more than captured, mismatched replays conflict, the books balance and never go negative", async () => {
    const t = await freshTenant("ledger-prop");
    let k = 0;
    /** Operations that succeeded: each can be replayed (changes nothing) or replayed with other parameters (conflict). */
    const done: Array<{ replay: () => Promise<unknown>; mismatch: () => Promise<unknown> }> = [];
    const holds = new Map<string, { amount: number; captured: number; refunded: number; open: boolean }>();
    const purchases: Array<{ key: string; amount: number; reversed: boolean }> = [];
    const op = fc.oneof(
      fc.record({ op: fc.constant("grant" as const), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant("purchase" as const), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant("hold" as const), n: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ op: fc.constant("settle" as const), pick: fc.nat(), frac: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ op: fc.constant("release" as const), pick: fc.nat() }),
      fc.record({ op: fc.constant("refund" as const), pick: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ op: fc.constant("adjust" as const), n: fc.integer({ min: -30, max: 30 }).filter((n) => n !== 0) }),
      fc.record({ op: fc.constant("reverse" as const), pick: fc.nat() }),
      fc.record({ op: fc.constant("replay" as const), pick: fc.nat() }),
      fc.record({ op: fc.constant("conflict" as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          const key = `p${k++}`;
          try {
            if (o.op === "grant") {
              await grantCredits(t, { amount: o.n, key });
              done.push({ replay: () => grantCredits(t, { amount: o.n, key }), mismatch: () => grantCredits(t, { amount: o.n + 1, key }) });
            } else if (o.op === "purchase") {
              await purchaseCredits(t, { amount: o.n, key });
              purchases.push({ key, amount: o.n, reversed: false });
              done.push({ replay: () => purchaseCredits(t, { amount: o.n, key }), mismatch: () => grantCredits(t, { amount: o.n, key }) });
            } else if (o.op === "hold") {
              const h: Hold = await holdCredits(t, { amount: o.n, key, reason: "prop" });
              holds.set(h.id, { amount: o.n, captured: 0, refunded: 0, open: true });
              done.push({
                replay: () => holdCredits(t, { amount: o.n, key, reason: "prop" }),
                mismatch: () => holdCredits(t, { amount: o.n + 1, key, reason: "prop" }),
              });
            } else if (o.op === "settle" || o.op === "release") {
              const open = [...holds].filter(([, m]) => m.open);
              if (open.length === 0) continue;
              const [id, m] = open[o.pick % open.length]!;
              const used = o.op === "release" ? 0 : Math.floor(m.amount * o.frac);
              await settleHold(t, { holdId: id, used, key });
              Object.assign(m, { open: false, captured: used });
              done.push({ replay: () => settleHold(t, { holdId: id, used, key }), mismatch: () => settleHold(t, { holdId: id, used: used + 1, key }) });
            } else if (o.op === "refund") {
              const all = [...holds];
              if (all.length === 0) continue;
              const [id, m] = all[o.pick % all.length]!;
              const before = await ledgerRows(t);
              const refund = () => refundCredits(t, { holdId: id, amount: o.n, key, reason: "prop" });
              if (!m.open && m.captured > 0 && o.n <= m.captured - m.refunded) {
                await refund();
                m.refunded += o.n;
                done.push({ replay: refund, mismatch: () => refundCredits(t, { holdId: id, amount: o.n + 1, key, reason: "prop" }) });
              } else {
                await expect(refund()).rejects.toThrow(LedgerError);
                expect(await ledgerRows(t)).toEqual(before);
              }
            } else if (o.op === "adjust") {
              await adjustCredits(t, { amount: o.n, key, reason: "prop", actorUserId: ownerId });
              done.push({
                replay: () => adjustCredits(t, { amount: o.n, key, reason: "prop", actorUserId: ownerId }),
                mismatch: () => adjustCredits(t, { amount: -o.n, key, reason: "prop", actorUserId: ownerId }),
              });
            } else if (o.op === "reverse") {
              if (purchases.length === 0) continue;
              const p = purchases[o.pick % purchases.length]!;
              const { available } = await getBalances(t);
              const reverse = () => reversePurchase(t, { purchaseKey: p.key, key, reason: "prop" });
              expect((await reverse()).removed).toBe(p.reversed ? 0 : Math.min(p.amount, available));
              p.reversed = true;
              done.push({ replay: reverse, mismatch: () => holdCredits(t, { amount: 1, key, reason: "prop" }) });
            } else {
              if (done.length === 0) continue;
              const d = done[o.pick % done.length]!;
              const before = await ledgerRows(t);
              if (o.op === "replay") await d.replay();
              else await expect(d.mismatch()).rejects.toThrow(IdempotencyConflictError);
              expect(await ledgerRows(t)).toEqual(before);
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
