import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx, type Tx } from "@/db/client";
import { insertEventRow } from "@/db/queries/outbox";
import { jobEvents, jobRuns, jobSchedules, jobSteps, type JobWait, type RunEvent } from "@/db/schema";

/**
 * The embedded executor's storage: the event outbox, runs, memoized steps and cron schedules. It is the
 * runner's own state, not tenant data, so it sits here with the runner (the one place outside src/db that
 * may use the database client; see eslint.config.mjs).
 *
 * Runs are claimed with FOR UPDATE SKIP LOCKED and leased (locked_by / locked_until, on the database's
 * clock), so several runner processes never execute one run at once; every write of a claimed run is
 * guarded by the lease, so a run cancelled or reclaimed meanwhile is not overwritten by a stale worker.
 */
export type { DbOrTx, Tx };
export type RunRow = typeof jobRuns.$inferSelect;
export type StepRow = typeof jobSteps.$inferSelect;
export type EventRow = typeof jobEvents.$inferSelect;
export type SerializedError = { name: string; message: string; stack?: string };

const ACTIVE = ["queued", "running", "sleeping", "waiting"] as const;

/** A transaction on the executor's database. */
export async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(work);
}

// ── the event outbox ─────────────────────────────────────────────────────────

/**
 * Record an event in the caller's transaction (a rolled-back write records nothing). A repeated event id
 * is ignored: the first one counts (Inngest de-duplicates event ids the same way).
 */
export async function recordEvent(
  tx: DbOrTx,
  ev: { id: string; name: string; data: Record<string, unknown>; creatorId: string | null; ts: number },
): Promise<boolean> {
  return insertEventRow(tx, ev);
}

/** Events recorded but not yet dispatched, oldest first, locked for this transaction (others skip them). */
export async function lockPendingEvents(tx: Tx, limit: number): Promise<EventRow[]> {
  return tx
    .select()
    .from(jobEvents)
    .where(isNull(jobEvents.dispatchedAt))
    .orderBy(asc(jobEvents.ts), asc(jobEvents.id))
    .limit(limit)
    .for("update", { skipLocked: true });
}

export async function markDispatched(tx: DbOrTx, ids: string[], error?: string) {
  if (ids.length)
    await tx
      .update(jobEvents)
      .set({ dispatchedAt: sql`now()`, ...(error ? { dispatchError: error.slice(0, 2000) } : {}) })
      .where(inArray(jobEvents.id, ids));
}

export async function countPendingEvents(): Promise<number> {
  const db = await getDb();
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobEvents)
    .where(isNull(jobEvents.dispatchedAt));
  return r?.n ?? 0;
}

// ── creating runs (inside the dispatch transaction) ──────────────────────────

export type NewRun = {
  functionId: string;
  event: RunEvent;
  creatorId: string | null;
  concurrencyKeys: string[] | null;
  throttleKey: string | null;
  priority: number;
  runAfter?: Date;
  startByMs?: number | null;
  parent?: { runId: string; stepId: string };
};

/** Insert a run (a repeat of the same function and event is ignored). */
export async function insertRun(
  tx: DbOrTx,
  r: NewRun & { idempotencyKey?: string | null; rateKey?: string | null; debounceKey?: string | null; batchKey?: string | null; collecting?: boolean },
): Promise<string | null> {
  const [row] = await tx
    .insert(jobRuns)
    .values({
      functionId: r.functionId,
      eventId: r.event.id,
      eventName: r.event.name,
      event: r.event,
      events: [r.event],
      creatorId: r.creatorId,
      concurrencyKeys: r.concurrencyKeys,
      throttleKey: r.throttleKey,
      idempotencyKey: r.idempotencyKey ?? null,
      rateKey: r.rateKey ?? null,
      debounceKey: r.debounceKey ?? null,
      batchKey: r.batchKey ?? null,
      collecting: r.collecting ?? false,
      priority: r.priority,
      runAfter: r.runAfter ?? sql`now()`,
      startBy: r.startByMs ? sql`now() + ${`${r.startByMs} milliseconds`}::interval` : null,
      parentRunId: r.parent?.runId ?? null,
      parentStepId: r.parent?.stepId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: jobRuns.id });
  return row?.id ?? null;
}

/** Serialize decisions about one key (idempotency, rate limit, debounce, batch) across runners. */
export async function lockKey(tx: DbOrTx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** A run of this function with this idempotency key created in the last 24 hours? */
export async function idempotencyTaken(tx: DbOrTx, functionId: string, key: string): Promise<boolean> {
  const rows = await tx
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.functionId, functionId), eq(jobRuns.idempotencyKey, key), sql`${jobRuns.createdAt} > now() - interval '24 hours'`))
    .limit(1);
  return rows.length > 0;
}

/** Runs of this function and rate key created within the period. */
export async function countRecentRuns(tx: DbOrTx, window: { functionId: string; rateKey: string; periodMs: number }): Promise<number> {
  const { functionId, rateKey, periodMs } = window;
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(jobRuns)
    .where(and(eq(jobRuns.functionId, functionId), eq(jobRuns.rateKey, rateKey), sql`${jobRuns.createdAt} > now() - ${`${periodMs} milliseconds`}::interval`));
  return r?.n ?? 0;
}

/** The run still collecting events for this function and debounce/batch key, if any (locked). */
export async function findCollecting(tx: DbOrTx, functionId: string, by: { debounceKey?: string; batchKey?: string }): Promise<RunRow | null> {
  const [row] = await tx
    .select()
    .from(jobRuns)
    .where(
      and(
        eq(jobRuns.functionId, functionId),
        eq(jobRuns.collecting, true),
        eq(jobRuns.status, "queued"),
        by.debounceKey !== undefined ? eq(jobRuns.debounceKey, by.debounceKey) : eq(jobRuns.batchKey, by.batchKey!),
      ),
    )
    .limit(1)
    .for("update");
  return row ?? null;
}

/** Debounce: the newest event replaces the pending one and pushes the start back (not past the first event + timeout). */
export async function debounceRun(tx: DbOrTx, run: RunRow, debounce: { ev: RunEvent; periodMs: number; timeoutMs: number | null }) {
  const { ev, periodMs, timeoutMs } = debounce;
  const until = timeoutMs ? Math.min(Date.now() + periodMs, run.createdAt.getTime() + timeoutMs) : Date.now() + periodMs;
  await tx
    .update(jobRuns)
    .set({ event: ev, events: [ev], eventId: ev.id, eventName: ev.name, runAfter: new Date(until), updatedAt: sql`now()` })
    .where(eq(jobRuns.id, run.id));
}

/** Batch: add the event; a full batch is due at once. */
export async function addToBatch(tx: DbOrTx, run: RunRow, batch: { ev: RunEvent; maxSize: number }) {
  const { ev, maxSize } = batch;
  const events = [...run.events, ev];
  const full = events.length >= maxSize;
  await tx
    .update(jobRuns)
    .set({ events, collecting: !full, ...(full ? { runAfter: sql`now()` } : {}), updatedAt: sql`now()` })
    .where(eq(jobRuns.id, run.id));
}

/** cancelOn: active runs of these functions started before the event (candidates, locked). */
export async function lockCancellable(tx: DbOrTx, functionIds: string[], beforeTs: number): Promise<RunRow[]> {
  if (!functionIds.length) return [];
  return tx
    .select()
    .from(jobRuns)
    .where(and(inArray(jobRuns.functionId, functionIds), inArray(jobRuns.status, [...ACTIVE]), sql`${jobRuns.createdAt} <= ${new Date(beforeTs + 1)}`))
    .for("update");
}

export async function cancelRuns(tx: Tx, ids: string[], reason: string) {
  if (!ids.length) return;
  const rows = await tx
    .update(jobRuns)
    .set({
      status: "cancelled",
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
      lockedBy: null,
      lockedUntil: null,
      error: { name: "Cancelled", message: reason },
    })
    .where(inArray(jobRuns.id, ids))
    .returning();
  for (const r of rows) await settleParent(tx, r);
}

/** Steps waiting for an event of this name (with their runs), locked. */
export async function lockWaitingSteps(tx: DbOrTx, eventName: string): Promise<{ step: StepRow; run: RunRow }[]> {
  return tx
    .select({ step: jobSteps, run: jobRuns })
    .from(jobSteps)
    .innerJoin(jobRuns, eq(jobRuns.id, jobSteps.runId))
    .where(
      and(
        eq(jobSteps.status, "waiting"),
        sql`${jobSteps.wait}->>'event' = ${eventName}`,
        inArray(jobRuns.status, ["waiting", "sleeping", "queued", "running"]),
      ),
    )
    .for("update", { of: jobSteps });
}

/** A pending step is resolved (event arrived, invoked run finished, timer fired): memoize it and make the run due. */
export async function resolveStep(tx: DbOrTx, step: { runId: string; stepId: string; result: { output: unknown } | { error: SerializedError } }) {
  const { runId, stepId, result } = step;
  const seq = await nextSeq(tx, runId);
  const done = "error" in result ? { status: "failed" as const, error: result.error } : { status: "completed" as const, output: result.output ?? null };
  await tx
    .update(jobSteps)
    .set({ ...done, seq, finishedAt: sql`now()`, wait: null })
    .where(and(eq(jobSteps.runId, runId), eq(jobSteps.stepId, stepId), inArray(jobSteps.status, ["sleeping", "waiting"])));
  await tx
    .update(jobRuns)
    .set({
      status: sql`case when ${jobRuns.status} = 'running' then 'running'::job_run_status else 'queued'::job_run_status end`,
      runAfter: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobRuns.id, runId), inArray(jobRuns.status, ["waiting", "sleeping", "queued", "running"])));
}

async function nextSeq(tx: DbOrTx, runId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`coalesce(max(${jobSteps.seq}), -1)::int + 1` })
    .from(jobSteps)
    .where(eq(jobSteps.runId, runId));
  return r?.n ?? 0;
}

// ── claiming ─────────────────────────────────────────────────────────────────

export type ClaimSpec = {
  /** Whether any function sets priority.run (else the high-priority look is skipped). */
  anyPriority: boolean;
  /** Concurrency limit per qualified key (what the run's concurrency_keys name). */
  concurrencyLimit: (key: string) => number | null;
  throttle: Record<string, { limit: number; periodMs: number } | undefined>;
  functionIds: string[];
};

/**
 * Claim up to `limit` due runs: queued/sleeping/waiting runs whose time has come (highest priority first;
 * runs whose worker died are put back in the queue by requeueAbandoned). Keys at
 * their concurrency limit are left out of the candidate query itself, so one key's backlog never hides
 * another key's work; each claim re-checks its keys under an advisory lock.
 */
export async function claimRuns(claim: { workerId: string; limit: number; spec: ClaimSpec; leaseMs: number; busy?: string[] }): Promise<RunRow[]> {
  const { workerId, limit, spec, leaseMs, busy = [] } = claim;
  if (spec.functionIds.length === 0 || limit <= 0) return [];
  const db = await getDb();
  return db.transaction(async (tx) => {
    const keyLoad = await tx.execute<{ key: string; n: number }>(
      sql`select k as key, count(*)::int as n from ${jobRuns}, unnest(${jobRuns.concurrencyKeys}) k where ${jobRuns.status} = 'running' and ${jobRuns.lockedUntil} >= now() group by k`,
    );
    const saturated = keyLoad.rows
      .filter((r) => {
        const max = spec.concurrencyLimit(r.key);
        return max !== null && r.n >= max;
      })
      .map((r) => r.key);
    const claimable = and(
      inArray(jobRuns.functionId, spec.functionIds),
      sql`${jobRuns.status} in ('queued','sleeping','waiting') and ${jobRuns.runAfter} <= now()`,
      // a run this runner is still executing (retried by an admin meanwhile) waits for that execution to end
      busy.length ? notInArray(jobRuns.id, busy) : undefined,
      saturated.length
        ? sql`not (coalesce(${jobRuns.concurrencyKeys}, '{}'::text[]) && ${sql`array[${sql.join(
            saturated.map((k) => sql`${k}`),
            sql`, `,
          )}]::text[]`})`
        : undefined,
    );
    // Two index-backed looks: the longest-due runs, and the high-priority ones (priority.run), merged and
    // ordered as if each were due `priority` seconds earlier.
    const byTime = await tx
      .select()
      .from(jobRuns)
      .where(claimable)
      .orderBy(jobRuns.runAfter)
      .limit(limit * 4)
      .for("update", { skipLocked: true });
    const urgent = !spec.anyPriority
      ? []
      : await tx
          .select()
          .from(jobRuns)
          .where(and(claimable, sql`${jobRuns.priority} > 0`))
          .orderBy(desc(jobRuns.priority), jobRuns.runAfter)
          .limit(limit * 4)
          .for("update", { skipLocked: true });
    const seen = new Set<string>();
    const candidates = [...urgent, ...byTime]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .sort((a, b) => a.runAfter.getTime() - a.priority * 1000 - (b.runAfter.getTime() - b.priority * 1000) || a.createdAt.getTime() - b.createdAt.getTime());
    const claimed: RunRow[] = [];
    for (const run of candidates) {
      if (claimed.length >= limit) break;
      let full = false;
      for (const key of run.concurrencyKeys ?? []) {
        const max = spec.concurrencyLimit(key);
        if (max === null) continue;
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`concurrency|${key}`}))`);
        const [r] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(jobRuns)
          .where(
            and(
              sql`${key} = any(${jobRuns.concurrencyKeys})`,
              eq(jobRuns.status, "running"),
              sql`${jobRuns.lockedUntil} >= now()`,
              sql`${jobRuns.id} <> ${run.id}`,
            ),
          );
        if ((r?.n ?? 0) >= max) full = true;
      }
      if (full) continue;
      const throttle = spec.throttle[run.functionId];
      if (throttle && run.throttleKey !== null && run.startedAt === null) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`throttle|${run.functionId}|${run.throttleKey}`}))`);
        const started = await tx
          .select({ startedAt: jobRuns.startedAt })
          .from(jobRuns)
          .where(
            and(
              eq(jobRuns.functionId, run.functionId),
              eq(jobRuns.throttleKey, run.throttleKey),
              sql`${jobRuns.startedAt} > now() - ${`${throttle.periodMs} milliseconds`}::interval`,
            ),
          )
          .orderBy(jobRuns.startedAt)
          .limit(throttle.limit);
        if (started.length >= throttle.limit) {
          await tx
            .update(jobRuns)
            .set({ runAfter: sql`${started[0]!.startedAt!}::timestamptz + ${`${throttle.periodMs} milliseconds`}::interval` })
            .where(eq(jobRuns.id, run.id));
          continue;
        }
      }
      const [row] = await tx
        .update(jobRuns)
        .set({
          status: "running",
          // The lease is this claim's, not just this runner's: an execution left over from an earlier claim
          // of the same run (cancelled and retried meanwhile) holds nothing.
          lockedBy: `${workerId}:${crypto.randomUUID()}`,
          lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
          startedAt: run.startedAt ?? sql`now()`,
          collecting: false,
          updatedAt: sql`now()`,
        })
        .where(eq(jobRuns.id, run.id))
        .returning();
      claimed.push(row!);
    }
    return claimed;
  });
}

const mine = (runId: string, workerId: string) =>
  and(eq(jobRuns.id, runId), eq(jobRuns.status, "running"), eq(jobRuns.lockedBy, workerId), sql`${jobRuns.lockedUntil} > now()`);

/** Whether this worker still holds the run (running, leased to it, lease not expired on the database's clock). */
export async function holdsRun(runId: string, workerId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId));
  return rows.length > 0;
}

/** Renew the leases of the claims this runner is executing (`claims`: the lease tokens). */
export async function heartbeat(claims: string[], leaseMs: number) {
  if (claims.length === 0) return;
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({ lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(jobRuns.status, "running"), inArray(jobRuns.lockedBy, claims)));
}

/** Run it while holding the run's lease (locked for the transaction); false if the lease is gone. */
async function whileHeld<T>(runId: string, workerId: string, work: (tx: Tx) => Promise<T>): Promise<{ held: true; value: T } | { held: false }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const held = await tx.select({ id: jobRuns.id }).from(jobRuns).where(mine(runId, workerId)).for("update");
    if (held.length === 0) return { held: false as const };
    return { held: true as const, value: await work(tx) };
  });
}

export async function loadRun(runId: string): Promise<RunRow | null> {
  const db = await getDb();
  const [r] = await db.select().from(jobRuns).where(eq(jobRuns.id, runId));
  return r ?? null;
}

export async function loadSteps(runId: string): Promise<StepRow[]> {
  const db = await getDb();
  return db.select().from(jobSteps).where(eq(jobSteps.runId, runId)).orderBy(asc(jobSteps.seq), asc(jobSteps.startedAt));
}

/**
 * Timers that have come due on a run this worker holds: a sleep's step completes (null), a wait or an
 * invocation past its deadline completes with null / a timeout error.
 */
export async function resolveDueSteps(runId: string, workerId: string): Promise<boolean> {
  // The common case (a fresh or retried run) has nothing pending: one cheap look first.
  const db = await getDb();
  const anyDue = await db
    .select({ id: jobSteps.id })
    .from(jobSteps)
    .where(and(eq(jobSteps.runId, runId), inArray(jobSteps.status, ["sleeping", "waiting"]), sql`${jobSteps.wakeAt} <= now()`))
    .limit(1);
  if (anyDue.length === 0) return true;
  const r = await whileHeld(runId, workerId, async (tx) => {
    const due = await tx
      .select()
      .from(jobSteps)
      .where(and(eq(jobSteps.runId, runId), inArray(jobSteps.status, ["sleeping", "waiting"]), sql`${jobSteps.wakeAt} <= now()`))
      .orderBy(asc(jobSteps.wakeAt));
    for (const s of due) {
      const seq = await nextSeq(tx, runId);
      if (s.kind === "invoke")
        await tx
          .update(jobSteps)
          .set({
            status: "failed",
            seq,
            error: { name: "InngestInvokeTimeoutError", message: "Timed out waiting for the invoked function to complete" },
            finishedAt: sql`now()`,
          })
          .where(eq(jobSteps.id, s.id));
      else
        await tx
          .update(jobSteps)
          .set({ status: "completed", seq, output: null, finishedAt: sql`now()`, wait: null })
          .where(eq(jobSteps.id, s.id));
    }
    return due.length;
  });
  return r.held;
}

/**
 * Memoize a step's result (a step ran, or failed for good), only while this worker holds the run — one
 * statement on the hot path: the lease check (row-locked), the completion order and the upsert together.
 * `resetAttempt` clears the run's attempt counter and last error (a step completed after retries).
 */
export async function saveStep(
  runId: string,
  workerId: string,
  s: { stepId: string; name: string | null; kind: string; output?: unknown; error?: SerializedError; attempts?: number; resetAttempt?: boolean },
): Promise<boolean> {
  const db = await getDb();
  const failed = !!s.error;
  const output = failed ? null : JSON.stringify(s.output === undefined ? null : s.output);
  const error = failed ? JSON.stringify(s.error) : null;
  const r = await db.execute<{ n: number }>(sql`
    with held as (
      select id from ${jobRuns} where id = ${runId} and status = 'running' and locked_by = ${workerId} and locked_until > now() for update
    ), saved as (
      insert into ${jobSteps} (run_id, step_id, name, kind, status, seq, output, error, attempts, finished_at)
      select ${runId}, ${s.stepId}, ${s.name}, ${s.kind}, ${failed ? "failed" : "completed"}::job_step_status,
             (select coalesce(max(seq), -1) + 1 from ${jobSteps} where run_id = ${runId}), ${output}::jsonb, ${error}::jsonb, ${s.attempts ?? 0}, now()
      from held
      on conflict (run_id, step_id) do update set status = excluded.status, seq = excluded.seq, output = excluded.output, error = excluded.error,
        attempts = excluded.attempts, finished_at = now(), wait = null
      returning 1
    ), reset as (
      update ${jobRuns} set attempt = 0, error = null, failed_step = null, updated_at = now()
      where ${s.resetAttempt ? sql`true` : sql`false`} and id in (select id from held)
      returning 1
    )
    select (select count(*) from saved)::int as n`);
  return (r.rows[0]?.n ?? 0) > 0;
}

export type Pending =
  | { kind: "sleep"; stepId: string; name: string | null; wakeAt: Date }
  | { kind: "waitForEvent"; stepId: string; name: string | null; wait: JobWait }
  | { kind: "invoke"; stepId: string; name: string | null; timeoutAt: Date | null; childRunId: string | null };

/**
 * Park the run on its pending steps (sleeps, waits, invocations). A step already pending keeps its
 * deadline (a sleep is timed from when it was first reached). The run is due at the earliest deadline.
 */
export async function parkRun(park: {
  runId: string;
  workerId: string;
  pending: Pending[];
  createChildren: (tx: Tx) => Promise<Map<string, string>>;
}): Promise<boolean> {
  const { runId, workerId, pending, createChildren } = park;
  const r = await whileHeld(runId, workerId, async (tx) => {
    const children = await createChildren(tx);
    for (const p of pending) {
      const values =
        p.kind === "sleep"
          ? { kind: "sleep", status: "sleeping" as const, wakeAt: p.wakeAt }
          : p.kind === "waitForEvent"
            ? { kind: "waitForEvent", status: "waiting" as const, wakeAt: new Date(p.wait.timeoutAt), wait: p.wait }
            : { kind: "invoke", status: "waiting" as const, wakeAt: p.timeoutAt, childRunId: children.get(p.stepId) ?? p.childRunId };
      await tx
        .insert(jobSteps)
        .values({ runId, stepId: p.stepId, name: p.name, ...values })
        .onConflictDoNothing();
    }
    const [next] = await tx
      .select({ at: sql<Date | null>`min(${jobSteps.wakeAt})`, waits: sql<number>`count(*) filter (where ${jobSteps.status} = 'waiting')::int` })
      .from(jobSteps)
      .where(and(eq(jobSteps.runId, runId), inArray(jobSteps.status, ["sleeping", "waiting"])));
    const at = next?.at ? new Date(next.at) : new Date(Date.now() + 365 * 86400_000);
    await tx
      .update(jobRuns)
      .set({ status: (next?.waits ?? 0) > 0 ? "waiting" : "sleeping", runAfter: at, lockedBy: null, lockedUntil: null, updatedAt: sql`now()` })
      .where(eq(jobRuns.id, runId));
  });
  return r.held;
}

/** Release the run to be tried again after `delayMs` (a step or the function body threw). */
export async function retryLater(runId: string, workerId: string, opts: { delayMs: number; error: SerializedError; failedStep: string | null }) {
  await whileHeld(runId, workerId, async (tx) => {
    await tx
      .update(jobRuns)
      .set({
        status: "queued",
        attempt: sql`${jobRuns.attempt} + 1`,
        runAfter: sql`now() + ${`${Math.max(0, Math.round(opts.delayMs))} milliseconds`}::interval`,
        error: opts.error,
        failedStep: opts.failedStep,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(eq(jobRuns.id, runId));
  });
}

/**
 * The run is over. In the same transaction: a parent waiting on it (step.invoke) gets its result, and
 * `after` records whatever the end causes (the function-failed event that triggers onFailure).
 */
export async function finishRun(finish: {
  runId: string;
  workerId: string;
  result: { status: "completed"; output: unknown } | { status: "failed" | "cancelled"; error: SerializedError; failedStep: string | null };
  after?: (tx: Tx, run: RunRow) => Promise<void>;
}): Promise<boolean> {
  const { runId, workerId, result, after } = finish;
  const values = {
    status: result.status,
    output: result.status === "completed" ? (result.output ?? null) : null,
    error: result.status === "completed" ? null : result.error,
    failedStep: result.status === "completed" ? null : result.failedStep,
    finishedAt: sql`now()`,
    lockedBy: null,
    lockedUntil: null,
    updatedAt: sql`now()`,
  };
  if (!after) {
    // The hot path (a run completes): one statement, guarded by the lease; a parent waiting on it is told after.
    const db = await getDb();
    const [run] = await db.update(jobRuns).set(values).where(mine(runId, workerId)).returning();
    if (!run) return false;
    if (run.parentRunId) await inTransaction((tx) => settleParent(tx, run));
    return true;
  }
  const r = await whileHeld(runId, workerId, async (tx) => {
    const [run] = await tx.update(jobRuns).set(values).where(eq(jobRuns.id, runId)).returning();
    await settleParent(tx, run!);
    await after?.(tx, run!);
  });
  return r.held;
}

/** A finished run hands its result to the run that invoked it. */
async function settleParent(tx: Tx, run: RunRow) {
  if (!run.parentRunId || !run.parentStepId) return;
  const result = run.status === "completed" ? { output: run.output } : { error: run.error ?? { name: "Error", message: `The invoked function ${run.status}` } };
  await resolveStep(tx, { runId: run.parentRunId, stepId: run.parentStepId, result });
}

/** Put a run back in the queue without counting an attempt (its worker is shutting down). */
export async function releaseRun(runId: string, workerId: string) {
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({ status: "queued", lockedBy: null, lockedUntil: null, runAfter: sql`now()`, updatedAt: sql`now()` })
    .where(mine(runId, workerId));
}

/**
 * Runs whose worker died holding them (the lease ran out: the step killed its process, or the machine went
 * away) go back to the queue, and the death counts as a failed attempt.
 */
export async function requeueAbandoned(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(jobRuns)
    .set({ status: "queued", attempt: sql`${jobRuns.attempt} + 1`, lockedBy: null, lockedUntil: null, runAfter: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobRuns.status, "running"), sql`${jobRuns.lockedUntil} < now()`))
    .returning({ id: jobRuns.id });
  return rows.length;
}

/** timeouts: runs that did not start in time, or did not finish in time, are cancelled (with their children's parents told). */
export async function expireRuns(): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const late = await tx
      .select()
      .from(jobRuns)
      .where(
        and(
          inArray(jobRuns.status, [...ACTIVE]),
          sql`((${jobRuns.startedAt} is null and ${jobRuns.startBy} < now()) or (${jobRuns.finishBy} < now() and (${jobRuns.status} <> 'running' or ${jobRuns.lockedUntil} < now())))`,
        ),
      )
      .for("update", { skipLocked: true });
    for (const run of late) {
      const why = run.startedAt === null ? "did not start before its start timeout" : "did not finish before its finish timeout";
      const [row] = await tx
        .update(jobRuns)
        .set({
          status: "cancelled",
          error: { name: "InngestTimeoutError", message: `The run ${why}` },
          finishedAt: sql`now()`,
          lockedBy: null,
          lockedUntil: null,
          updatedAt: sql`now()`,
        })
        .where(eq(jobRuns.id, run.id))
        .returning();
      await settleParent(tx, row!);
    }
    return late.length;
  });
}

/** The finish deadline starts when the run first starts; returns it. */
export async function setFinishBy(runId: string, finishMs: number): Promise<Date | null> {
  const db = await getDb();
  const [row] = await db
    .update(jobRuns)
    .set({ finishBy: sql`coalesce(${jobRuns.finishBy}, ${jobRuns.startedAt} + ${`${finishMs} milliseconds`}::interval)` })
    .where(eq(jobRuns.id, runId))
    .returning({ finishBy: jobRuns.finishBy });
  return row?.finishBy ?? null;
}

/** The child run a step.invoke started, if it is still going (a re-parked step keeps waiting for it). */
export async function activeChild(tx: DbOrTx, parent: { runId: string; stepId: string }): Promise<string | null> {
  const [row] = await tx
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.parentRunId, parent.runId), eq(jobRuns.parentStepId, parent.stepId), inArray(jobRuns.status, [...ACTIVE])))
    .limit(1);
  return row?.id ?? null;
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
  const steps = await db
    .select()
    .from(jobSteps)
    .where(eq(jobSteps.runId, runId))
    .orderBy(sql`${jobSteps.seq} nulls last`, jobSteps.startedAt);
  return { run, steps };
}

export async function countRunsByStatus() {
  const db = await getDb();
  return db
    .select({ status: jobRuns.status, n: sql<number>`count(*)::int` })
    .from(jobRuns)
    .groupBy(jobRuns.status);
}

/** Retry a failed or cancelled run: completed steps stay memoized, the failed step runs again. */
export async function retryRun(runId: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.id, runId), inArray(jobRuns.status, ["failed", "cancelled"])))
      .for("update");
    if (!run) return false;
    await tx.delete(jobSteps).where(and(eq(jobSteps.runId, runId), inArray(jobSteps.status, ["failed", "sleeping", "waiting"])));
    await tx
      .update(jobRuns)
      .set({
        status: "queued",
        attempt: 0,
        error: null,
        failedStep: null,
        finishedAt: null,
        finishBy: null,
        startBy: null,
        runAfter: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(jobRuns.id, runId));
    return true;
  });
}

export async function cancelRun(runId: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(jobRuns)
      .set({
        status: "cancelled",
        error: { name: "Cancelled", message: "Cancelled by a platform admin" },
        finishedAt: sql`now()`,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(jobRuns.id, runId), inArray(jobRuns.status, [...ACTIVE])))
      .returning();
    if (row) await settleParent(tx, row);
    return !!row;
  });
}

// ── cron ─────────────────────────────────────────────────────────────────────

export async function ensureSchedule(functionId: string, cron: string, nextAt: Date) {
  const db = await getDb();
  await db
    .insert(jobSchedules)
    .values({ functionId, cron, nextAt })
    .onConflictDoUpdate({
      target: jobSchedules.functionId,
      set: { cron, nextAt: sql`case when ${jobSchedules.cron} = ${cron} then ${jobSchedules.nextAt} else ${nextAt} end` },
    });
}

/** Claim each due schedule once (across runners), advance it, and let `fire` record its event in the same transaction. */
export async function tickSchedules(next: (cron: string, after: Date) => Date, fire: (tx: Tx, functionId: string, at: Date) => Promise<void>) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(jobSchedules)
      .where(sql`${jobSchedules.nextAt} <= now()`)
      .for("update", { skipLocked: true });
    for (const s of due) {
      await fire(tx, s.functionId, s.nextAt);
      await tx
        .update(jobSchedules)
        .set({ nextAt: next(s.cron, new Date()) })
        .where(eq(jobSchedules.functionId, s.functionId));
    }
  });
}
