import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { dbErrorInfo } from "../errors";
import { creditAccounts, creditHolds, creditPostings, creditTransactions } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Credit ledger operations. Each one is a single database transaction with postings that sum to
 * zero (the database refuses anything else), idempotent by key: calling it again with the same key
 * returns the first result and changes nothing.
 *
 *   grant      platform_grants      → available      (monthly plan credits)
 *   purchase   platform_sales       → available      (top-up packs)
 *   hold       available            → held           (before a job)
 *   capture    held                 → consumption    (what the job actually used)
 *   release    held                 → available      (the rest)
 *   refund     consumption          → available
 *   adjustment platform_adjustments → available      (admin, signed amount, with a reason)
 */
type CreatorKind = "available" | "held";
type PlatformKind = "platform_grants" | "platform_sales" | "platform_consumption" | "platform_adjustments";

export class InsufficientCreditsError extends Error {
  constructor(
    public readonly requested: number,
    public readonly available: number,
  ) {
    super(`Not enough credits: this needs ${requested} and ${available} ${available === 1 ? "is" : "are"} available. Buy a top-up pack or wait for next month's grant.`);
    this.name = "InsufficientCreditsError";
  }
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerError";
  }
}

// Account ids never change once created; remember them per database (tests swap databases).
// Ids found inside a transaction are remembered only once it commits (a rollback may undo the insert).
const accountIds = new WeakMap<object, Map<string, string>>();
const pendingIds = new WeakMap<object, Map<string, string>>();

async function accountId(tx: Tx, creatorId: string | null, kind: CreatorKind | PlatformKind): Promise<string> {
  const db = await getDb();
  let cache = accountIds.get(db);
  if (!cache) accountIds.set(db, (cache = new Map()));
  const k = `${creatorId ?? "platform"}:${kind}`;
  const hit = cache.get(k);
  if (hit) return hit;
  await tx.insert(creditAccounts).values({ creatorId, kind }).onConflictDoNothing();
  const [a] = await tx
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(creatorId ? eq(creditAccounts.creatorId, creatorId) : isNull(creditAccounts.creatorId), eq(creditAccounts.kind, kind)));
  let pending = pendingIds.get(tx);
  if (!pending) pendingIds.set(tx, (pending = new Map()));
  pending.set(k, a!.id);
  return a!.id;
}

const creatorAccount = (tx: Tx, creatorId: string, kind: CreatorKind) => accountId(tx, creatorId, kind);
const platformAccount = (tx: Tx, kind: PlatformKind) => accountId(tx, null, kind);

type Leg = { account: string; amount: number; platform?: boolean };

/** Post a balanced transaction; updates cached balances in the same transaction (creator balances can't go negative). */
async function post(tx: Tx, scope: TenantScope, t: { kind: (typeof creditTransactions.$inferInsert)["kind"]; key: string; amount: number; holdId?: string; reason?: string; actorUserId?: string | null }, legs: Leg[]) {
  const [row] = await tx
    .insert(creditTransactions)
    .values({ creatorId: scope.creatorId, kind: t.kind, idempotencyKey: t.key, amount: t.amount, holdId: t.holdId, reason: t.reason, actorUserId: t.actorUserId ?? null })
    .returning();
  const nonZero = legs.filter((l) => l.amount !== 0);
  await tx.insert(creditPostings).values(nonZero.map((l) => ({ transactionId: row!.id, accountId: l.account, amount: l.amount })));
  // Cached balances are kept for creator accounts only (CHECKed ≥ 0); platform accounts are shared
  // by every tenant, so their balance is derived from postings instead of being a hot row.
  for (const l of nonZero.filter((x) => !x.platform).sort((a, b) => (a.account < b.account ? -1 : 1))) {
    await tx.update(creditAccounts).set({ balance: sql`${creditAccounts.balance} + ${l.amount}` }).where(eq(creditAccounts.id, l.account));
  }
  return row!;
}

/** Run `op` once per idempotency key: a replay returns the stored transaction instead. */
async function once<T>(scope: TenantScope, key: string, op: (tx: Tx) => Promise<T>, replay: (existing: typeof creditTransactions.$inferSelect) => Promise<T> | T, debit = 0): Promise<T> {
  const db = await getDb();
  const find = async () => {
    const [e] = await db.select().from(creditTransactions).where(and(eq(creditTransactions.creatorId, scope.creatorId), eq(creditTransactions.idempotencyKey, key)));
    return e;
  };
  const existing = await find();
  if (existing) return replay(existing);
  try {
    let txRef: object | undefined;
    const result = await db.transaction((tx) => {
      txRef = tx;
      return op(tx);
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
      const e = await find();
      if (e) return replay(e);
    }
    if (info?.kind === "check_violation" && info.constraint === "credit_accounts_creator_nonnegative") {
      const b = await getBalances(scope);
      throw new InsufficientCreditsError(debit, b.available);
    }
    throw err;
  }
}

function positive(n: number, what: string) {
  if (!Number.isSafeInteger(n) || n <= 0) throw new LedgerError(`${what} must be a positive whole number of credits`);
}

export async function grantCredits(scope: TenantScope, amount: number, key: string, reason = "Monthly plan credits") {
  positive(amount, "A grant");
  return once(scope, key, async (tx) => post(tx, scope, { kind: "grant", key, amount, reason }, [{ account: await platformAccount(tx, "platform_grants"), amount: -amount, platform: true }, { account: await creatorAccount(tx, scope.creatorId, "available"), amount }]), (e) => e);
}

export async function purchaseCredits(scope: TenantScope, amount: number, key: string, reason = "Top-up pack") {
  positive(amount, "A purchase");
  return once(scope, key, async (tx) => post(tx, scope, { kind: "purchase", key, amount, reason }, [{ account: await platformAccount(tx, "platform_sales"), amount: -amount, platform: true }, { account: await creatorAccount(tx, scope.creatorId, "available"), amount }]), (e) => e);
}

export type Hold = typeof creditHolds.$inferSelect;

type HoldRow = { id: string; creator_id: string; amount: unknown; captured: unknown; released: unknown; status: Hold["status"]; reason: string; created_at: unknown; settled_at: unknown };
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
function toHold(r: HoldRow): Hold {
  return { id: r.id, creatorId: r.creator_id, amount: Number(r.amount), captured: Number(r.captured), released: Number(r.released), status: r.status, reason: r.reason, createdAt: toDate(r.created_at), settledAt: r.settled_at == null ? null : toDate(r.settled_at) };
}

/**
 * Hold and settle are the hot path (every AI/avatar job does both), so each is one statement: the
 * ledger_hold / ledger_settle functions (drizzle/0007_ledger_functions.sql) apply the same rules as
 * the operations above inside the database — one round trip, the creator's locks held only for the
 * statement. Idempotent by key there; a concurrent duplicate loses on the unique key and replays.
 */
async function hotOp(scope: TenantScope, key: string, debit: number, run: () => Promise<{ rows: unknown[] }>, replay: () => Promise<Hold>): Promise<Hold> {
  try {
    const r = await run();
    const row = r.rows[0] as HoldRow | undefined;
    if (!row) throw new LedgerError("Hold not found");
    return toHold(row);
  } catch (err) {
    const code = errCode(err);
    if (code === "CF404") throw new LedgerError("Hold not found");
    if (code === "CF409" || code === "CF422") throw new LedgerError(errMessage(err));
    const info = dbErrorInfo(err);
    if (info?.kind === "unique_violation" && info.constraint === "credit_transactions_idem_uq") return replay();
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

async function holdById(scope: TenantScope, holdId: string | null): Promise<Hold> {
  const db = await getDb();
  const [h] = holdId ? await db.select().from(creditHolds).where(and(eq(creditHolds.id, holdId), eq(creditHolds.creatorId, scope.creatorId))) : [];
  if (!h) throw new LedgerError("Hold not found");
  return h;
}

/** Reserve credits before a job. Refused with InsufficientCreditsError if it would overdraw. */
export async function holdCredits(scope: TenantScope, amount: number, key: string, reason: string): Promise<Hold> {
  positive(amount, "A hold");
  const db = await getDb();
  return hotOp(
    scope,
    key,
    amount,
    () => db.execute(sql`select * from ledger_hold(${scope.creatorId}::uuid, ${amount}::bigint, ${key}, ${reason})`),
    async () => {
      const [e] = await db.select({ holdId: creditTransactions.holdId }).from(creditTransactions).where(and(eq(creditTransactions.creatorId, scope.creatorId), eq(creditTransactions.idempotencyKey, key)));
      return holdById(scope, e?.holdId ?? null);
    },
  );
}

/**
 * Settle a hold: capture what the job actually used and release the rest, in one transaction.
 * Capturing more than was held is refused.
 */
export async function settleHold(scope: TenantScope, holdId: string, used: number, key: string) {
  if (!Number.isSafeInteger(used) || used < 0) throw new LedgerError("Used credits must be a whole number ≥ 0");
  if (!/^[0-9a-f-]{36}$/i.test(holdId)) throw new LedgerError("Hold not found");
  const db = await getDb();
  return hotOp(
    scope,
    key,
    0,
    () => db.execute(sql`select * from ledger_settle(${scope.creatorId}::uuid, ${holdId}::uuid, ${used}::bigint, ${key})`),
    () => holdById(scope, holdId),
  );
}

/** Release a whole open hold (the job failed before using anything). */
export function releaseHold(scope: TenantScope, holdId: string, key: string) {
  return settleHold(scope, holdId, 0, key);
}

export async function refundCredits(scope: TenantScope, amount: number, key: string, reason: string) {
  positive(amount, "A refund");
  return once(scope, key, async (tx) => post(tx, scope, { kind: "refund", key, amount, reason }, [{ account: await platformAccount(tx, "platform_consumption"), amount: -amount, platform: true }, { account: await creatorAccount(tx, scope.creatorId, "available"), amount }]), (e) => e);
}

/** Admin adjustment: positive adds, negative removes (never below zero). A reason is required. */
export async function adjustCredits(scope: TenantScope, amount: number, key: string, reason: string, actorUserId: string) {
  if (!Number.isSafeInteger(amount) || amount === 0) throw new LedgerError("An adjustment must be a non-zero whole number");
  if (!reason.trim()) throw new LedgerError("An adjustment needs a reason");
  return once(scope, key, async (tx) => post(tx, scope, { kind: "adjustment", key, amount, reason, actorUserId }, [{ account: await platformAccount(tx, "platform_adjustments"), amount: -amount, platform: true }, { account: await creatorAccount(tx, scope.creatorId, "available"), amount }]), (e) => e, Math.max(0, -amount));
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
  const rows = await db.select({ kind: creditAccounts.kind, balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.creatorId, scope.creatorId));
  return { available: rows.find((r) => r.kind === "available")?.balance ?? 0, held: rows.find((r) => r.kind === "held")?.balance ?? 0 };
}

export async function listOpenHolds(scope: TenantScope) {
  const db = await getDb();
  return db.select().from(creditHolds).where(and(eq(creditHolds.creatorId, scope.creatorId), eq(creditHolds.status, "open"))).orderBy(desc(creditHolds.createdAt));
}

/** The creator's ledger: each transaction with its effect on their available and held balances. */
export async function listLedger(scope: TenantScope, limit = 200) {
  const db = await getDb();
  const txs = await db.select().from(creditTransactions).where(eq(creditTransactions.creatorId, scope.creatorId)).orderBy(desc(creditTransactions.createdAt)).limit(limit);
  if (txs.length === 0) return [];
  const legs = await db
    .select({ transactionId: creditPostings.transactionId, kind: creditAccounts.kind, amount: creditPostings.amount })
    .from(creditPostings)
    .innerJoin(creditAccounts, eq(creditAccounts.id, creditPostings.accountId))
    .where(inArray(creditPostings.transactionId, txs.map((t) => t.id)));
  return txs.map((t) => {
    const mine = legs.filter((l) => l.transactionId === t.id);
    return { ...t, availableDelta: mine.filter((l) => l.kind === "available").reduce((a, l) => a + l.amount, 0), heldDelta: mine.filter((l) => l.kind === "held").reduce((a, l) => a + l.amount, 0) };
  });
}
