import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { limitWarnings, usageCounters, usageEvents } from "../schema";
import type { TenantScope } from "../scope";

export const USAGE_METRICS = ["emails", "storage_bytes", "video_minutes", "ai_credits", "student_overage", "orders"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** The billing period (calendar month, UTC) containing `at`. */
export function periodOf(at: Date = new Date()): { start: Date; end: Date; key: string } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end, key: start.toISOString().slice(0, 10) };
}

/** Record a usage fact; the same key counts once. Returns whether it was new. */
export async function recordUsage(scope: TenantScope, u: { metric: UsageMetric; quantity: number; key: string; at?: Date }): Promise<boolean> {
  if (!Number.isFinite(u.quantity) || u.quantity < 0) throw new Error("usage quantity must be ≥ 0");
  const db = await getDb();
  const rows = await db
    .insert(usageEvents)
    .values({ creatorId: scope.creatorId, metric: u.metric, quantity: Math.round(u.quantity), idempotencyKey: u.key, occurredAt: u.at ?? new Date() })
    .onConflictDoNothing()
    .returning({ id: usageEvents.id });
  return rows.length > 0;
}

/** Totals for a period, computed from the events (on demand). */
export async function periodUsage(scope: TenantScope, at: Date = new Date()): Promise<Record<UsageMetric, number>> {
  const { start, end } = periodOf(at);
  const db = await getDb();
  const rows = await db
    .select({ metric: usageEvents.metric, total: sql<number>`coalesce(sum(${usageEvents.quantity}), 0)::bigint` })
    .from(usageEvents)
    .where(and(eq(usageEvents.creatorId, scope.creatorId), gte(usageEvents.occurredAt, start), lt(usageEvents.occurredAt, end)))
    .groupBy(usageEvents.metric);
  const out = Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as Record<UsageMetric, number>;
  for (const r of rows) if ((USAGE_METRICS as readonly string[]).includes(r.metric)) out[r.metric as UsageMetric] = Number(r.total);
  return out;
}

/** Recompute the stored counters of every tenant for a period from the events (idempotent). */
export async function rollupUsage(at: Date = new Date()): Promise<number> {
  const { start, end, key } = periodOf(at);
  const db = await getDb();
  const r = await db.execute(sql`
    insert into ${usageCounters} (creator_id, metric, period_start, quantity, updated_at)
    select creator_id, metric, ${key}::date, sum(quantity), now() from ${usageEvents}
    where occurred_at >= ${start} and occurred_at < ${end}
    group by creator_id, metric
    on conflict (creator_id, metric, period_start) do update set quantity = excluded.quantity, updated_at = now()`);
  return r.rowCount ?? 0;
}

/** Stored counters of one tenant, newest period first (history on the billing page). */
export async function listUsageHistory(scope: TenantScope) {
  const db = await getDb();
  return db
    .select()
    .from(usageCounters)
    .where(eq(usageCounters.creatorId, scope.creatorId))
    .orderBy(sql`${usageCounters.periodStart} desc`, usageCounters.metric);
}

/** Claim the once-per-period warning for a metric; true only the first time in the period. */
export async function claimLimitWarning(scope: TenantScope, claim: { metric: string; period: string }, announce: (tx: Tx) => Promise<void>): Promise<boolean> {
  const db = await getDb();
  // The claim and the emails it announces commit together: a failed send never leaves a period claimed but unwarned.
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(limitWarnings)
      .values({ creatorId: scope.creatorId, metric: claim.metric, period: claim.period })
      .onConflictDoNothing()
      .returning({ metric: limitWarnings.metric });
    if (rows.length === 0) return false;
    await announce(tx);
    return true;
  });
}
