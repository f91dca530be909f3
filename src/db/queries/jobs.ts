import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { jobEvents, jobRuns, jobSchedules, jobSteps, type JobWait } from "../schema";

/**
 * Storage of the embedded job runner (src/inngest/runner). Runs are claimed with
 * FOR UPDATE SKIP LOCKED and leased (locked_by / locked_until), so several runner processes on one
 * database never execute the same run at once; every write of a claimed run is guarded by the
 * lease, so a run cancelled or reclaimed meanwhile is not overwritten by a stale worker.
 */
export type { DbOrTx };
export type RunRow = typeof jobRuns.$inferSelect;
export type StepRow = typeof jobSteps.$inferSelect;
export type JobEvent = { id: string; name: string; data: Record<string, unknown>; creatorId: string | null; ts: number };
export type RunPlan = { functionId: string; concurrencyKey: string | null; throttleKey: string | null; idempotencyKey: string | null };
export type SerializedError = { name: string; message: string; stack?: string };

const ACTIVE = ["queued", "running", "sleeping", "waiting"] as const;

/**
 * Record an event and, in the same transaction: create the runs it triggers, cancel runs it cancels,
 * and resume runs waiting for it. A duplicate event id is ignored (idempotent send).
 */
export async function enqueueEvent(
  ev: JobEvent,
  plans: RunPlan[],
  matchers: { cancelFunctionIds: string[]; cancels: (run: RunRow) => boolean; wakes: (run: RunRow) => boolean },
  tx?: DbOrTx,
): Promise<{ duplicate: boolean; runIds: string[]; cancelled: number; resumed: number }> {
  const work = async (t: DbOrTx) => {
    const inserted = await t
      .insert(jobEvents)
      .values({ id: ev.id, name: ev.name, data: ev.data, creatorId: ev.creatorId, ts: new Date(ev.ts) })
      .onConflictDoNothing()
      .returning({ id: jobEvents.id });
    if (inserted.length === 0) return { duplicate: true, runIds: [], cancelled: 0, resumed: 0 };
    const event = { name: ev.name, data: ev.data, id: ev.id, ts: ev.ts };
    const runIds: string[] = [];
    for (const p of plans) {
      const [row] = await t
        .insert(jobRuns)
        .values({ functionId: p.functionId, eventId: ev.id, eventName: ev.name, event, creatorId: ev.creatorId, concurrencyKey: p.concurrencyKey, throttleKey: p.throttleKey, idempotencyKey: p.idempotencyKey })
        .onConflictDoNothing()
        .returning({ id: jobRuns.id });
      if (row) runIds.push(row.id);
    }
    let cancelled = 0;
    if (matchers.cancelFunctionIds.length) {
      const candidates = await t
        .select()
        .from(jobRuns)
        .where(and(inArray(jobRuns.functionId, matchers.cancelFunctionIds), inArray(jobRuns.status, [...ACTIVE]), lt(jobRuns.createdAt, new Date(ev.ts + 1))))
        .for("update");
      const ids = candidates.filter((r) => r.eventId !== ev.id && matchers.cancels(r)).map((r) => r.id);
      if (ids.length) {
        await t.update(jobRuns).set({ status: "cancelled", finishedAt: new Date(), updatedAt: new Date(), lockedBy: null, wait: null }).where(inArray(jobRuns.id, ids));
        cancelled = ids.length;
      }
    }
    const waiting = await t
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.status, "waiting"), sql`${jobRuns.wait}->>'event' = ${ev.name}`))
      .for("update");
    let resumed = 0;
    for (const r of waiting.filter(matchers.wakes)) {
      await t
        .update(jobSteps)
        .set({ status: "completed", output: event, finishedAt: new Date() })
        .where(and(eq(jobSteps.runId, r.id), eq(jobSteps.stepId, r.wait!.stepId)));
      await t.update(jobRuns).set({ status: "queued", runAfter: new Date(), wait: null, updatedAt: new Date() }).where(eq(jobRuns.id, r.id));
      resumed++;
    }
    return { duplicate: false, runIds, cancelled, resumed };
  };
  if (tx) return work(tx);
  const db = await getDb();
  return db.transaction(work);
}

export type FlowConfig = Record<string, { concurrency?: number; throttle?: { limit: number; periodMs: number } }>;

/**
 * Claim up to `limit` due runs for this worker: queued/sleeping/waiting runs whose time has come,
 * and running runs whose lease expired (their worker died). Concurrency limits per (function, key)
 * are checked under an advisory lock, so two workers cannot both start the last free slot.
 */
export async function claimRuns(workerId: string, limit: number, flow: FlowConfig, leaseMs: number): Promise<RunRow[]> {
  const db = await getDb();
  const fnIds = Object.keys(flow);
  if (fnIds.length === 0) return [];
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select()
      .from(jobRuns)
      .where(
        and(
          inArray(jobRuns.functionId, fnIds),
          sql`((${jobRuns.status} in ('queued','sleeping','waiting') and ${jobRuns.runAfter} <= now()) or (${jobRuns.status} = 'running' and ${jobRuns.lockedUntil} < now()))`,
        ),
      )
      .orderBy(jobRuns.runAfter)
      .limit(limit * 4)
      .for("update", { skipLocked: true });
    const claimed: RunRow[] = [];
    for (const run of candidates) {
      if (claimed.length >= limit) break;
      const cfg = flow[run.functionId]!;
      if (cfg.concurrency && run.concurrencyKey !== null) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${run.functionId}|${run.concurrencyKey}`}))`);
        const [r] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(jobRuns)
          .where(and(eq(jobRuns.functionId, run.functionId), eq(jobRuns.concurrencyKey, run.concurrencyKey), eq(jobRuns.status, "running"), sql`${jobRuns.lockedUntil} >= now()`, sql`${jobRuns.id} <> ${run.id}`));
        if ((r?.n ?? 0) >= cfg.concurrency) continue;
      }
      if (cfg.throttle && run.throttleKey !== null && run.startedAt === null) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`throttle|${run.functionId}|${run.throttleKey}`}))`);
        const since = new Date(Date.now() - cfg.throttle.periodMs);
        const started = await tx
          .select({ startedAt: jobRuns.startedAt })
          .from(jobRuns)
          .where(and(eq(jobRuns.functionId, run.functionId), eq(jobRuns.throttleKey, run.throttleKey), sql`${jobRuns.startedAt} > ${since}`))
          .orderBy(jobRuns.startedAt)
          .limit(cfg.throttle.limit);
        if (started.length >= cfg.throttle.limit) {
          const freeAt = new Date(started[0]!.startedAt!.getTime() + cfg.throttle.periodMs);
          await tx.update(jobRuns).set({ runAfter: freeAt }).where(eq(jobRuns.id, run.id));
          continue;
        }
      }
      const [row] = await tx
        .update(jobRuns)
        .set({ status: "running", lockedBy: workerId, lockedUntil: new Date(Date.now() + leaseMs), startedAt: run.startedAt ?? new Date(), updatedAt: new Date() })
        .where(eq(jobRuns.id, run.id))
        .returning();
      claimed.push(row!);
    }
    return claimed;
  });
}

const mine = (runId: string, workerId: string) => and(eq(jobRuns.id, runId), eq(jobRuns.status, "running"), eq(jobRuns.lockedBy, workerId));

/** Whether this worker still holds the run (running, leased to it, lease not expired). */
export async function holdsRun(runId: string, workerId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(mine(runId, workerId), sql`${jobRuns.lockedUntil} > now()`));
  return rows.length > 0;
}

export async function heartbeat(workerId: string, runIds: string[], leaseMs: number) {
  if (runIds.length === 0) return;
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({ lockedUntil: new Date(Date.now() + leaseMs) })
    .where(and(inArray(jobRuns.id, runIds), eq(jobRuns.status, "running"), eq(jobRuns.lockedBy, workerId)));
}

export async function loadSteps(runId: string): Promise<StepRow[]> {
  const db = await getDb();
  return db.select().from(jobSteps).where(eq(jobSteps.runId, runId));
}

/** Persist a completed step, only while this worker still holds the run. Returns false if it lost it. */
export async function completeStep(runId: string, workerId: string, stepId: string, kind: string, output: unknown): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const held = await tx.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId)).for("update");
    if (held.length === 0) return false;
    await tx
      .insert(jobSteps)
      .values({ runId, stepId, kind, status: "completed", output: output ?? null, finishedAt: new Date() })
      .onConflictDoUpdate({ target: [jobSteps.runId, jobSteps.stepId], set: { status: "completed", output: output ?? null, finishedAt: new Date(), error: null } });
    await tx.update(jobRuns).set({ attempt: 0, error: null, failedStep: null, updatedAt: new Date() }).where(eq(jobRuns.id, runId));
    return true;
  });
}

/** A step failed for good (no retries left, or NonRetriableError): memoize the error. */
export async function failStep(runId: string, workerId: string, stepId: string, kind: string, error: SerializedError, attempts: number) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const held = await tx.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId)).for("update");
    if (held.length === 0) return;
    await tx
      .insert(jobSteps)
      .values({ runId, stepId, kind, status: "failed", error, attempts, finishedAt: new Date() })
      .onConflictDoUpdate({ target: [jobSteps.runId, jobSteps.stepId], set: { status: "failed", error, attempts, finishedAt: new Date() } });
  });
}

/** Release the run to be tried again after `delayMs` (a step or the function body threw). */
export async function retryLater(runId: string, workerId: string, opts: { delayMs: number; error: SerializedError; failedStep: string | null }) {
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({ status: "queued", attempt: sql`${jobRuns.attempt} + 1`, runAfter: new Date(Date.now() + opts.delayMs), error: opts.error, failedStep: opts.failedStep, lockedBy: null, lockedUntil: null, updatedAt: new Date() })
    .where(mine(runId, workerId));
}

export async function sleepRun(runId: string, workerId: string, stepId: string, wakeAt: Date) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const held = await tx.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId)).for("update");
    if (held.length === 0) return;
    await tx.insert(jobSteps).values({ runId, stepId, kind: "sleep", status: "sleeping", wakeAt }).onConflictDoNothing();
    await tx.update(jobRuns).set({ status: "sleeping", runAfter: wakeAt, lockedBy: null, lockedUntil: null, updatedAt: new Date() }).where(eq(jobRuns.id, runId));
  });
}

export async function waitRun(runId: string, workerId: string, wait: JobWait) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const held = await tx.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId)).for("update");
    if (held.length === 0) return;
    await tx.insert(jobSteps).values({ runId, stepId: wait.stepId, kind: "waitForEvent", status: "waiting", wakeAt: new Date(wait.timeoutAt) }).onConflictDoNothing();
    await tx.update(jobRuns).set({ status: "waiting", wait, runAfter: new Date(wait.timeoutAt), lockedBy: null, lockedUntil: null, updatedAt: new Date() }).where(eq(jobRuns.id, runId));
  });
}

export async function finishRun(runId: string, workerId: string, result: { status: "completed"; output: unknown } | { status: "failed"; error: SerializedError; failedStep: string | null }) {
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({
      status: result.status,
      output: result.status === "completed" ? (result.output ?? null) : null,
      error: result.status === "failed" ? result.error : null,
      failedStep: result.status === "failed" ? result.failedStep : null,
      finishedAt: new Date(),
      lockedBy: null,
      lockedUntil: null,
      wait: null,
      updatedAt: new Date(),
    })
    .where(mine(runId, workerId));
}

/** Put a run back in the queue without counting an attempt (e.g. its worker is shutting down). */
export async function releaseRun(runId: string, workerId: string) {
  const db = await getDb();
  await db.update(jobRuns).set({ status: "queued", lockedBy: null, lockedUntil: null, runAfter: new Date(), updatedAt: new Date() }).where(mine(runId, workerId));
}

// ── admin (platform jobs page) ───────────────────────────────────────────────

export async function listRuns(filter: { status?: RunRow["status"]; functionId?: string; limit?: number } = {}) {
  const db = await getDb();
  const conds = [];
  if (filter.status) conds.push(eq(jobRuns.status, filter.status));
  if (filter.functionId) conds.push(eq(jobRuns.functionId, filter.functionId));
  return db
    .select()
    .from(jobRuns)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(jobRuns.createdAt))
    .limit(filter.limit ?? 100);
}

export async function findRunWithSteps(runId: string) {
  const db = await getDb();
  const [run] = await db.select().from(jobRuns).where(eq(jobRuns.id, runId));
  if (!run) return null;
  const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, runId)).orderBy(jobSteps.startedAt);
  return { run, steps };
}

export async function countRunsByStatus() {
  const db = await getDb();
  return db.select({ status: jobRuns.status, n: sql<number>`count(*)::int` }).from(jobRuns).groupBy(jobRuns.status);
}

/** Retry a failed or cancelled run: completed steps stay memoized, the failed step runs again. */
export async function retryRun(runId: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(jobRuns).where(and(eq(jobRuns.id, runId), inArray(jobRuns.status, ["failed", "cancelled"]))).for("update");
    if (!run) return false;
    await tx.delete(jobSteps).where(and(eq(jobSteps.runId, runId), inArray(jobSteps.status, ["failed", "sleeping", "waiting"])));
    await tx.update(jobRuns).set({ status: "queued", attempt: 0, error: null, failedStep: null, finishedAt: null, runAfter: new Date(), wait: null, updatedAt: new Date() }).where(eq(jobRuns.id, runId));
    return true;
  });
}

export async function cancelRun(runId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(jobRuns)
    .set({ status: "cancelled", finishedAt: new Date(), lockedBy: null, lockedUntil: null, wait: null, updatedAt: new Date() })
    .where(and(eq(jobRuns.id, runId), inArray(jobRuns.status, [...ACTIVE])))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

// ── cron ─────────────────────────────────────────────────────────────────────

export async function ensureSchedule(functionId: string, cron: string, nextAt: Date) {
  const db = await getDb();
  await db
    .insert(jobSchedules)
    .values({ functionId, cron, nextAt })
    .onConflictDoUpdate({ target: jobSchedules.functionId, set: { cron, nextAt: sql`case when ${jobSchedules.cron} = ${cron} then ${jobSchedules.nextAt} else ${nextAt} end` } });
}

/** Claim each due schedule once (across runners), advance it, and let `fire` enqueue in the same transaction. */
export async function tickSchedules(next: (cron: string, after: Date) => Date, fire: (tx: DbOrTx, functionId: string, at: Date) => Promise<void>) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(jobSchedules)
      .where(sql`${jobSchedules.nextAt} <= now()`)
      .for("update", { skipLocked: true });
    for (const s of due) {
      await fire(tx, s.functionId, s.nextAt);
      await tx.update(jobSchedules).set({ nextAt: next(s.cron, new Date()) }).where(eq(jobSchedules.functionId, s.functionId));
    }
  });
}
