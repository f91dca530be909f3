import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx, type Tx } from "../client";
import { DomainError } from "@/lib/errors";
import { dbErrorInfo } from "../errors";
import { creditAccounts, creditHolds, creditPostings, creditTransactions } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Credit ledger operations. Each one is a single database transaction with postings that sum to
 * zero (the database refuses anything else), idempotent by key: calling it again with the same key
 * and the same parameters returns the first result and changes nothing; reusing a key for a
 * different operation (another kind, hold or amount) is an IdempotencyConflictError.
 *
 *   grant      platform_grants      → available      (monthly plan credits)
 *   purchase   platform_sales       → available      (top-up packs)
 *   hold       available            → held           (before a job)
 *   capture    held                 → consumption    (what the job actually used)
 *   release    held                 → available      (the rest)
 *   refund     consumption          → available      (part of one capture; never more than it captured)
 *   adjustment platform_adjustments → available      (admin, signed amount, with a reason)
 *   purchase_reversal available     → platform_sales (Stripe refunded or disputed a top-up; what is left of it, once)
 *
 * Every operation first locks the creator's two accounts (available, held) in id order — the same
 * locks, in the same order, for every operation, so no deadlocks — and then checks its key again, so
 * concurrent retries of one operation all get the one stored result.
 */
type CreatorKind = "available" | "held";
type PlatformKind = "platform_grants" | "platform_sales" | "platform_consumption" | "platform_adjustments";

export type CreditTransaction = typeof creditTransactions.$inferSelect;

export class InsufficientCreditsError extends DomainError {
  constructor(
    public readonly requested: number,
    public readonly available: number,
  ) {
    super(
      "conflict",
      `Not enough credits: this needs ${requested} and ${available} ${available === 1 ? "is" : "are"} available. Buy a top-up pack or wait for next month's grant.`,
      { details: { kind: "insufficient_credits", requested, available } },
    );
  }
}

/** A ledger operation that cannot be applied as asked (nothing was written). */
export class LedgerError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

/** An idempotency key reused for a different operation (kind, hold or amount): nothing was written. */
export class IdempotencyConflictError extends LedgerError {
  constructor(
    public readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = "IdempotencyConflictError";
  }
}

/** What a stored transaction did, in the words of a conflict message (same wording as ledger_describe in SQL). */
function describe(t: Pick<CreditTransaction, "kind" | "amount" | "holdId" | "reversesId">): string {
  switch (t.kind) {
    case "capture":
      return `settling hold ${t.holdId} with ${t.amount} credits used`;
    case "release":
      return `releasing ${t.amount} credits of hold ${t.holdId}`;
    case "refund":
      return `a refund of ${t.amount} credits of hold ${t.holdId}`;
    case "purchase_reversal":
      return `a reversal of purchase ${t.reversesId}`;
    case "adjustment":
      return `an adjustment of ${t.amount} credits`;
    default:
      return `a ${t.kind} of ${t.amount} credits`;
  }
}

const conflictMessage = (key: string, usedFor: string, requested: string) =>
  `Idempotency key "${key}" was already used for ${usedFor}; this request is ${requested}. A retry must repeat the same operation; use a new key for a different one.`;

// Platform account ids never change once created; remember them per database (tests swap databases).
// Ids found inside a transaction are remembered only once it commits (a rollback may undo the insert).
const accountIds = new WeakMap<object, Map<string, string>>();
const pendingIds = new WeakMap<object, Map<string, string>>();

async function platformAccount(tx: Tx, kind: PlatformKind): Promise<string> {
  const db = await getDb();
  let cache = accountIds.get(db);
  if (!cache) accountIds.set(db, (cache = new Map()));
  const hit = cache.get(kind);
  if (hit) return hit;
  await tx.insert(creditAccounts).values({ creatorId: null, kind }).onConflictDoNothing();
  const [a] = await tx
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(isNull(creditAccounts.creatorId), eq(creditAccounts.kind, kind)));
  let pending = pendingIds.get(tx);
  if (!pending) pendingIds.set(tx, (pending = new Map()));
  pending.set(kind, a!.id);
  return a!.id;
}

type CreatorAccounts = Record<CreatorKind, string>;

/** Create (if need be) and lock the creator's two accounts, in id order: ledger_creator_accounts (0007). */
async function lockCreatorAccounts(tx: Tx, creatorId: string): Promise<CreatorAccounts> {
  const r = await tx.execute(sql`select v_avail, v_held from ledger_creator_accounts(${creatorId}::uuid)`);
  const row = r.rows[0] as { v_avail: string; v_held: string };
  return { available: row.v_avail, held: row.v_held };
}

type Leg = { account: string; amount: number; platform?: boolean };

/** Post a balanced transaction; updates cached balances in the same transaction (creator balances can't go negative). */
async function post(
  tx: Tx,
  scope: TenantScope,
  t: {
    kind: CreditTransaction["kind"];
    key: string;
    amount: number;
    holdId?: string | null;
    reversesId?: string;
    reason?: string;
    actorUserId?: string | null;
    legs: Leg[];
  },
) {
  const { legs } = t;
  const [row] = await tx
    .insert(creditTransactions)
    .values({
      creatorId: scope.creatorId,
      kind: t.kind,
      idempotencyKey: t.key,
      amount: t.amount,
      holdId: t.holdId,
      reversesId: t.reversesId,
      reason: t.reason,
      actorUserId: t.actorUserId ?? null,
    })
    .returning();
  const nonZero = legs.filter((l) => l.amount !== 0);
  if (nonZero.length > 0) await tx.insert(creditPostings).values(nonZero.map((l) => ({ transactionId: row!.id, accountId: l.account, amount: l.amount })));
  // Cached balances are kept for creator accounts only (CHECKed ≥ 0); platform accounts are shared
  // by every tenant, so their balance is derived from postings instead of being a hot row.
  for (const l of nonZero.filter((x) => !x.platform).sort((a, b) => (a.account < b.account ? -1 : 1))) {
    await tx
      .update(creditAccounts)
      .set({ balance: sql`${creditAccounts.balance} + ${l.amount}` })
      .where(eq(creditAccounts.id, l.account));
  }
  return row!;
}

async function findByKey(db: DbOrTx, scope: TenantScope, key: string): Promise<CreditTransaction | undefined> {
  const [e] = await db
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.creatorId, scope.creatorId), eq(creditTransactions.idempotencyKey, key)));
  return e;
}

/** The operation a key is about to be used for; a stored transaction replays only if it matches. */
type Intent = { kind: CreditTransaction["kind"]; amount?: number; reversesId?: string; description: string };

const matches = (e: CreditTransaction, i: Intent) =>
  e.kind === i.kind && (i.amount === undefined || e.amount === i.amount) && (i.reversesId === undefined || e.reversesId === i.reversesId);

/**
 * Run `op` once per idempotency key, in one transaction that first locks the creator's accounts and
 * then checks the key again (a concurrent call with the same key that committed while we waited for
 * the locks is replayed, not repeated). A replay of the same operation returns `replay(stored)`; a
 * key used for anything else is an IdempotencyConflictError.
 */
async function keyed<T>(
  scope: TenantScope,
  spec: {
    key: string;
    intent: Intent;
    debit?: number;
    op: (tx: Tx, accounts: CreatorAccounts) => Promise<T>;
    replay: (db: DbOrTx, stored: CreditTransaction) => Promise<T> | T;
  },
): Promise<T> {
  const db = await getDb();
  const replayed = (e: CreditTransaction, via: DbOrTx) => {
    if (!matches(e, spec.intent)) throw new IdempotencyConflictError(spec.key, conflictMessage(spec.key, describe(e), spec.intent.description));
    return spec.replay(via, e);
  };
  const existing = await findByKey(db, scope, spec.key);
  if (existing) return replayed(existing, db);
  try {
    let txRef: object | undefined;
    const result = await db.transaction(async (tx) => {
      txRef = tx;
      const accounts = await lockCreatorAccounts(tx, scope.creatorId);
      const again = await findByKey(tx, scope, spec.key);
      if (again) return replayed(again, tx);
      return spec.op(tx, accounts);
    });
    const pending = txRef && pendingIds.get(txRef);
    if (pending) {
      let cache = accountIds.get(db);
      if (!cache) accountIds.set(db, (cache = new Map()));
      for (const [k, v] of pending) cache.set(k, v);
    }
    return result;
  } catch (err) {
    const info = dbErrorInfo(err);
    if (info?.kind === "unique_violation" && info.constraint === "credit_transactions_idem_uq") {
      const e = await findByKey(db, scope, spec.key);
      if (e) return replayed(e, db);
    }
    if (info?.kind === "check_violation" && info.constraint === "credit_accounts_creator_nonnegative") {
      const b = await getBalances(scope);
      throw new InsufficientCreditsError(spec.debit ?? 0, b.available);
    }
    throw err;
  }
}

function positive(n: number, what: string) {
  if (!Number.isSafeInteger(n) || n <= 0) throw new LedgerError(`${what} must be a positive whole number of credits`);
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The two legs that move `amount` from a platform account into the school's available balance. */
async function intoAvailable(tx: Tx, move: { from: PlatformKind; to: { available: string }; amount: number }): Promise<Leg[]> {
  return [
    { account: await platformAccount(tx, move.from), amount: -move.amount, platform: true },
    { account: move.to.available, amount: move.amount },
  ];
}

/** A grant or a purchase: credits into the school's available balance from a platform account, once per key. */
function creditFromPlatform(scope: TenantScope, c: { kind: "grant" | "purchase"; from: PlatformKind; amount: number; key: string; reason: string }) {
  positive(c.amount, c.kind === "grant" ? "A grant" : "A purchase");
  return keyed(scope, {
    key: c.key,
    intent: { kind: c.kind, amount: c.amount, description: `a ${c.kind} of ${c.amount} credits` },
    op: async (tx, a) =>
      post(tx, scope, {
        kind: c.kind,
        key: c.key,
        amount: c.amount,
        reason: c.reason,
        legs: await intoAvailable(tx, { from: c.from, to: a, amount: c.amount }),
      }),
    replay: (_, e) => e,
  });
}

export async function grantCredits(scope: TenantScope, grant: { amount: number; key: string; reason?: string }) {
  return creditFromPlatform(scope, { kind: "grant", from: "platform_grants", ...grant, reason: grant.reason ?? "Monthly plan credits" });
}

/** Credits granted to the creator for `period`: keys `grant:<period>` and `grant:<period>:…` (monthly, upgrade and up-to grants, old and new). */
async function periodGranted(db: DbOrTx, scope: TenantScope, period: string): Promise<number> {
  const prefix = `grant:${period}:`;
  const [r] = await db
    .select({ total: sql<string>`coalesce(sum(${creditTransactions.amount}), 0)` })
    .from(creditTransactions)
    .where(
      and(
        eq(creditTransactions.creatorId, scope.creatorId),
        eq(creditTransactions.kind, "grant"),
        sql`(${creditTransactions.idempotencyKey} = ${`grant:${period}`} or left(${creditTransactions.idempotencyKey}, ${prefix.length}) = ${prefix})`,
      ),
    );
  return Number(r?.total ?? 0);
}

export type PeriodGrant = {
  /** The grant this call posted, or the one stored under its key when it is a replay; null when nothing was due. */
  transaction: CreditTransaction | null;
  /** Credits this call added (0 for a replay or when the period's grants already reach the target). */
  granted: number;
  /** The period's grants before this call added anything. */
  alreadyGranted: number;
  target: number;
};

/**
 * Bring the creator's grants for `period` (YYYY-MM) up to `target` credits: posts `target − what
 * this period already granted` if positive, else nothing. One grant in all per period, for the
 * highest target reached: switching plans back and forth, or the monthly cron after a mid-period
 * upgrade, never adds more. Under the creator's locks (so concurrent calls add up to the highest
 * target exactly), keyed `grant:<period>:upto:<target>`; older grants of the period (keys
 * `grant:<period>` and `grant:<period>:upgrade:<plan>`) count towards it.
 */
export async function grantPeriodCreditsUpTo(scope: TenantScope, input: { period: string; target: number; reason: string }): Promise<PeriodGrant> {
  const { period, target, reason } = input;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new LedgerError(`A grant period is a month written YYYY-MM (got "${period}")`);
  if (!Number.isSafeInteger(target) || target < 0) throw new LedgerError("A grant target must be a whole number of credits ≥ 0");
  const key = `grant:${period}:upto:${target}`;
  return keyed<PeriodGrant>(scope, {
    key,
    intent: { kind: "grant", description: `a grant up to ${target} credits for ${period}` },
    op: async (tx, a) => {
      const alreadyGranted = await periodGranted(tx, scope, period);
      const amount = target - alreadyGranted;
      if (amount <= 0) return { transaction: null, granted: 0, alreadyGranted, target };
      const t = await post(tx, scope, { kind: "grant", key, amount, reason, legs: await intoAvailable(tx, { from: "platform_grants", to: a, amount }) });
      return { transaction: t, granted: amount, alreadyGranted, target };
    },
    replay: async (db, e) => ({ transaction: e, granted: 0, alreadyGranted: await periodGranted(db, scope, period), target }),
  });
}

export async function purchaseCredits(scope: TenantScope, purchase: { amount: number; key: string; reason?: string }) {
  return creditFromPlatform(scope, { kind: "purchase", from: "platform_sales", ...purchase, reason: purchase.reason ?? "Top-up pack" });
}

export type Hold = typeof creditHolds.$inferSelect;

type HoldRow = {
  id: string;
  creator_id: string;
  amount: unknown;
  captured: unknown;
  released: unknown;
  status: Hold["status"];
  reason: string;
  created_at: unknown;
  settled_at: unknown;
};
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
function toHold(r: HoldRow): Hold {
  return {
    id: r.id,
    creatorId: r.creator_id,
    amount: Number(r.amount),
    captured: Number(r.captured),
    released: Number(r.released),
    status: r.status,
    reason: r.reason,
    createdAt: toDate(r.created_at),
    settledAt: r.settled_at == null ? null : toDate(r.settled_at),
  };
}

/**
 * Hold and settle are the hot path (every AI/avatar job does both), so each is one statement: the
 * ledger_hold / ledger_settle functions (drizzle/0007_ledger_functions.sql, replaced in
 * 0009_ledger_integrity.sql) apply the same rules as the operations above inside the database — one
 * round trip, the creator's locks held only for the statement, the key checked again under them.
 */
async function hotOp(scope: TenantScope, op: { key: string; debit: number; run: () => Promise<{ rows: unknown[] }>; retried?: boolean }): Promise<Hold> {
  const { key, debit, run, retried = false } = op;
  try {
    const r = await run();
    const row = r.rows[0] as HoldRow | undefined;
    if (!row) throw new LedgerError("Hold not found");
    return toHold(row);
  } catch (err) {
    const code = errCode(err);
    if (code === "CF404") throw new LedgerError("Hold not found");
    if (code === "CF409" || code === "CF422") throw new LedgerError(errMessage(err));
    if (code === "CFKEY") throw new IdempotencyConflictError(key, errMessage(err));
    const info = dbErrorInfo(err);
    // Not expected (the key is checked under the locks), but a lost race on the key is a replay: run
    // again, and the function answers from the stored transaction (or with a conflict).
    if (info?.kind === "unique_violation" && info.constraint === "credit_transactions_idem_uq" && !retried)
      return hotOp(scope, { key, debit, run, retried: true });
    if (info?.kind === "check_violation" && info.constraint === "credit_accounts_creator_nonnegative") {
      const b = await getBalances(scope);
      throw new InsufficientCreditsError(debit, b.available);
    }
    throw err;
  }
}

function errCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
function errMessage(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    if (typeof (e as { code?: unknown }).code === "string") return (e as Error).message;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Reserve credits before a job. Refused with InsufficientCreditsError if it would overdraw. */
export async function holdCredits(scope: TenantScope, hold: { amount: number; key: string; reason: string }): Promise<Hold> {
  const { amount, key, reason } = hold;
  positive(amount, "A hold");
  const db = await getDb();
  return hotOp(scope, {
    key,
    debit: amount,
    run: () => db.execute(sql`select * from ledger_hold(${scope.creatorId}::uuid, ${amount}::bigint, ${key}, ${reason})`),
  });
}

/**
 * Settle a hold: capture what the job actually used and release the rest, in one transaction.
 * Capturing more than was held is refused.
 */
export async function settleHold(scope: TenantScope, settle: { holdId: string; used: number; key: string }) {
  const { holdId, used, key } = settle;
  if (!Number.isSafeInteger(used) || used < 0) throw new LedgerError("Used credits must be a whole number ≥ 0");
  if (!isUuid(holdId)) throw new LedgerError("Hold not found");
  const db = await getDb();
  return hotOp(scope, {
    key,
    debit: 0,
    run: () => db.execute(sql`select * from ledger_settle(${scope.creatorId}::uuid, ${holdId}::uuid, ${used}::bigint, ${key})`),
  });
}

/** Release a whole open hold (the job failed before using anything). */
export function releaseHold(scope: TenantScope, holdId: string, key: string) {
  return settleHold(scope, { holdId, used: 0, key });
}

/** Sum and count of the transactions of `kind` that give back `id` (refunds of a capture, reversals of a purchase). */
async function givenBack(db: DbOrTx, id: string, kind: "refund" | "purchase_reversal") {
  const [r] = await db
    .select({ total: sql<string>`coalesce(sum(${creditTransactions.amount}), 0)`, n: sql<string>`count(*)` })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.reversesId, id), eq(creditTransactions.kind, kind)));
  return { total: Number(r?.total ?? 0), count: Number(r?.n ?? 0) };
}

/** The capture a refund gives back: by the capture transaction's id, or by its hold's id (a hold is captured once, when settled). */
async function findCapture(scope: TenantScope, by: { holdId?: string; captureId?: string }): Promise<CreditTransaction> {
  const db = await getDb();
  if (by.captureId !== undefined) {
    const [t] = isUuid(by.captureId)
      ? await db
          .select()
          .from(creditTransactions)
          .where(and(eq(creditTransactions.id, by.captureId), eq(creditTransactions.creatorId, scope.creatorId)))
      : [];
    if (!t || t.kind !== "capture") throw new LedgerError("Capture not found: a refund names the capture of a settled hold (or the hold)");
    return t;
  }
  const holdId = by.holdId ?? "";
  const [h] = isUuid(holdId)
    ? await db
        .select()
        .from(creditHolds)
        .where(and(eq(creditHolds.id, holdId), eq(creditHolds.creatorId, scope.creatorId)))
    : [];
  if (!h) throw new LedgerError("Hold not found");
  if (h.status === "open") throw new LedgerError("This hold is not settled yet: nothing has been used, so there is nothing to refund");
  if (h.captured === 0) throw new LedgerError("Nothing was used on this hold, so there is nothing to refund");
  // The capture was written by the settle, with created_at = the hold's settled_at (one transaction's
  // now()), so this is one probe of the (creator_id, created_at) index rather than a scan by hold.
  const byHold = and(eq(creditTransactions.creatorId, scope.creatorId), eq(creditTransactions.holdId, h.id), eq(creditTransactions.kind, "capture"));
  const [t] = await db
    .select()
    .from(creditTransactions)
    .where(and(byHold, sql`${creditTransactions.createdAt} = (select ${creditHolds.settledAt} from ${creditHolds} where ${creditHolds.id} = ${h.id})`));
  const capture = t ?? (await db.select().from(creditTransactions).where(byHold))[0];
  if (!capture) throw new LedgerError("Nothing was used on this hold, so there is nothing to refund");
  return capture;
}

export type RefundInput = { amount: number; key: string; reason: string } & ({ holdId: string; captureId?: never } | { captureId: string; holdId?: never });

/**
 * Give back credits a job used: part or all of one capture, named by its hold (or the capture
 * transaction). The refunds of a capture never add up to more than it captured (checked under the
 * creator's locks, so concurrent refunds cannot overshoot); asking for more is a LedgerError and
 * writes nothing.
 */
export async function refundCredits(scope: TenantScope, input: RefundInput): Promise<CreditTransaction> {
  const { amount, key, reason } = input;
  positive(amount, "A refund");
  if (!reason.trim()) throw new LedgerError("A refund needs a reason");
  const capture = await findCapture(scope, input);
  return keyed(scope, {
    key,
    intent: { kind: "refund", amount, reversesId: capture.id, description: `a refund of ${amount} credits of hold ${capture.holdId}` },
    op: async (tx, a) => {
      const refunded = (await givenBack(tx, capture.id, "refund")).total;
      const left = capture.amount - refunded;
      if (amount > left) {
        throw new LedgerError(
          `Cannot refund ${amount} credits of hold ${capture.holdId}: ${capture.amount} ${capture.amount === 1 ? "was" : "were"} used and ${refunded} already refunded, so at most ${left} can be refunded.`,
        );
      }
      return post(tx, scope, {
        kind: "refund",
        key,
        amount,
        reason,
        holdId: capture.holdId,
        reversesId: capture.id,
        legs: await intoAvailable(tx, { from: "platform_consumption", to: a, amount }),
      });
    },
    replay: (_, e) => e,
  });
}

/** Admin adjustment: positive adds, negative removes (never below zero). A reason is required. */
export async function adjustCredits(scope: TenantScope, adjustment: { amount: number; key: string; reason: string; actorUserId: string }) {
  const { amount, key, reason, actorUserId } = adjustment;
  if (!Number.isSafeInteger(amount) || amount === 0) throw new LedgerError("An adjustment must be a non-zero whole number");
  if (!reason.trim()) throw new LedgerError("An adjustment needs a reason");
  return keyed(scope, {
    key,
    intent: { kind: "adjustment", amount, description: `an adjustment of ${amount} credits` },
    debit: Math.max(0, -amount),
    op: async (tx, a) =>
      post(tx, scope, { kind: "adjustment", key, amount, reason, actorUserId, legs: await intoAvailable(tx, { from: "platform_adjustments", to: a, amount }) }),
    replay: (_, e) => e,
  });
}

export type PurchaseReversal = {
  /** The purchase_reversal transaction (amount = credits removed by it). */
  transaction: CreditTransaction;
  /** The reversed purchase. */
  purchase: CreditTransaction;
  /** Credits this reversal took from the available balance. */
  removed: number;
  /** Credits of the purchase no reversal could take back (already spent or held when it was reversed). */
  unrecovered: number;
};

/**
 * Take a top-up back when Stripe refunds or disputes its payment: removes the purchased credits from
 * the available balance, or as many as are left (never below zero), posting them back to
 * platform_sales. A purchase is reversed once: the first reversal takes what it can and any later one
 * (a dispute after a refund, under another key) takes nothing more, so the reversals of a purchase
 * never add up to more than it bought. Idempotent by `key`; linked to the purchase (reverses_id).
 */
export async function reversePurchase(scope: TenantScope, input: { purchaseKey: string; key: string; reason: string }): Promise<PurchaseReversal> {
  const { purchaseKey, key, reason } = input;
  if (!reason.trim()) throw new LedgerError("A purchase reversal needs a reason");
  const purchase = await findByKey(await getDb(), scope, purchaseKey);
  if (!purchase || purchase.kind !== "purchase") throw new LedgerError(`Purchase not found: no top-up was recorded under "${purchaseKey}"`);
  const result = (transaction: CreditTransaction, reversedInAll: number): PurchaseReversal => ({
    transaction,
    purchase,
    removed: transaction.amount,
    unrecovered: purchase.amount - reversedInAll,
  });
  return keyed(scope, {
    key,
    intent: { kind: "purchase_reversal", reversesId: purchase.id, description: `a reversal of purchase ${purchase.id}` },
    op: async (tx, a) => {
      const before = await givenBack(tx, purchase.id, "purchase_reversal");
      const [acct] = await tx.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.id, a.available));
      const removed = before.count > 0 ? 0 : Math.min(purchase.amount, acct?.balance ?? 0);
      const legs =
        removed > 0
          ? [
              { account: a.available, amount: -removed },
              { account: await platformAccount(tx, "platform_sales"), amount: removed, platform: true },
            ]
          : [];
      const t = await post(tx, scope, { kind: "purchase_reversal", key, amount: removed, reason, reversesId: purchase.id, legs });
      return result(t, before.total + removed);
    },
    replay: async (db, e) => result(e, (await givenBack(db, purchase.id, "purchase_reversal")).total),
  });
}

/** A platform account's balance, derived from its postings (platform balances are not cached). */
export async function platformBalance(kind: PlatformKind): Promise<number> {
  const db = await getDb();
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${creditPostings.amount}), 0)::bigint` })
    .from(creditPostings)
    .innerJoin(creditAccounts, eq(creditAccounts.id, creditPostings.accountId))
    .where(and(isNull(creditAccounts.creatorId), eq(creditAccounts.kind, kind)));
  return Number(r?.n ?? 0);
}

export async function getBalances(scope: TenantScope): Promise<{ available: number; held: number }> {
  const db = await getDb();
  const rows = await db
    .select({ kind: creditAccounts.kind, balance: creditAccounts.balance })
    .from(creditAccounts)
    .where(eq(creditAccounts.creatorId, scope.creatorId));
  return { available: rows.find((r) => r.kind === "available")?.balance ?? 0, held: rows.find((r) => r.kind === "held")?.balance ?? 0 };
}

export async function listOpenHolds(scope: TenantScope) {
  const db = await getDb();
  return db
    .select()
    .from(creditHolds)
    .where(and(eq(creditHolds.creatorId, scope.creatorId), eq(creditHolds.status, "open")))
    .orderBy(desc(creditHolds.createdAt));
}

/** The creator's ledger: each transaction with its effect on their available and held balances. */
export async function listLedger(scope: TenantScope, limit = 200) {
  const db = await getDb();
  const txs = await db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.creatorId, scope.creatorId))
    .orderBy(desc(creditTransactions.createdAt))
    .limit(limit);
  if (txs.length === 0) return [];
  const legs = await db
    .select({ transactionId: creditPostings.transactionId, kind: creditAccounts.kind, amount: creditPostings.amount })
    .from(creditPostings)
    .innerJoin(creditAccounts, eq(creditAccounts.id, creditPostings.accountId))
    .where(
      inArray(
        creditPostings.transactionId,
        txs.map((t) => t.id),
      ),
    );
  // A capture or release says what it settles: the reason of its hold.
  const holdIds = [...new Set(txs.filter((t) => t.holdId && !t.reason).map((t) => t.holdId!))];
  const holdReasons = new Map(
    holdIds.length
      ? (
          await db
            .select({ id: creditHolds.id, reason: creditHolds.reason })
            .from(creditHolds)
            .where(and(eq(creditHolds.creatorId, scope.creatorId), inArray(creditHolds.id, holdIds)))
        ).map((h) => [h.id, h.reason])
      : [],
  );
  return txs.map((t) => {
    const mine = legs.filter((l) => l.transactionId === t.id);
    return {
      ...t,
      reason: t.reason ?? (t.holdId ? (holdReasons.get(t.holdId) ?? null) : null),
      availableDelta: mine.filter((l) => l.kind === "available").reduce((a, l) => a + l.amount, 0),
      heldDelta: mine.filter((l) => l.kind === "held").reduce((a, l) => a + l.amount, 0),
    };
  });
}
