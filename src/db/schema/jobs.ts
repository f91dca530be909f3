import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * The embedded job runner's state (see src/inngest/runner). Not tenant-owned in the usual sense:
 * runs carry the event's creatorId for filtering and per-tenant flow control, and are read only
 * by the runner and the platform-admin jobs page.
 */
export const jobRunStatus = pgEnum("job_run_status", ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"]);

export const jobEvents = pgTable(
  "job_events",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    creatorId: uuid(),
    ts: timestamp({ withTimezone: true }).defaultNow().notNull(),
    /**
     * Transactional outbox: an event is recorded in the transaction of the write that caused it and
     * dispatched after commit (embedded: fanned out to runs; Inngest modes: sent with this row's id as the
     * event id, so a retried relay never duplicates). Null until then.
     */
    dispatchedAt: timestamp({ withTimezone: true }),
    /** Why delivering this event failed (it is set aside, not retried forever: one bad event must not stop the rest). */
    dispatchError: text(),
  },
  (t) => [
    index("job_events_name_ts_idx").on(t.name, t.ts),
    index("job_events_pending_idx")
      .on(t.ts)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);

/** What a step waiting for an event waits for (Inngest's waitForEvent: event name, CEL condition, deadline). */
export type JobWait = { event: string; if: string | null; timeoutAt: string };

export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The function's id as the SDK reports it at sync (app id prefix included, e.g. courseforge-send-email). */
    functionId: text().notNull(),
    eventId: text().notNull(),
    eventName: text().notNull(),
    /** The triggering event (the first of a batch). */
    event: jsonb().$type<RunEvent>().notNull(),
    /** Every event of the run: one, or a batch (batchEvents). */
    events: jsonb().$type<RunEvent[]>().notNull(),
    creatorId: uuid(),
    status: jobRunStatus().notNull().default("queued"),
    /** Failed attempts of the current unit of work (a step or the function body). */
    attempt: integer().notNull().default(0),
    runAfter: timestamp({ withTimezone: true }).defaultNow().notNull(),
    /** Priority in seconds (priority.run): a higher one is claimed as if it had been due that much earlier. */
    priority: integer().notNull().default(0),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    /** One key per concurrency constraint (scope-qualified), checked when the run is claimed. */
    concurrencyKeys: text().array(),
    throttleKey: text(),
    idempotencyKey: text(),
    rateKey: text(),
    /** Debounce / batch key while the run is still collecting events (not yet claimable before run_after). */
    debounceKey: text(),
    batchKey: text(),
    collecting: boolean().notNull().default(false),
    /** step.invoke: the run (and its step) waiting for this one's result. */
    parentRunId: uuid(),
    parentStepId: text(),
    /** timeouts.start / timeouts.finish deadlines. */
    startBy: timestamp({ withTimezone: true }),
    finishBy: timestamp({ withTimezone: true }),
    output: jsonb(),
    error: jsonb().$type<{ name: string; message: string; stack?: string }>(),
    failedStep: text(),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index("job_runs_due_idx")
      .on(t.runAfter)
      .where(sql`${t.status} in ('queued','sleeping','waiting')`),
    index("job_runs_urgent_idx")
      .on(t.priority.desc(), t.runAfter)
      .where(sql`${t.status} in ('queued','sleeping','waiting') and ${t.priority} > 0`),
    index("job_runs_running_keys_idx")
      .using("gin", t.concurrencyKeys)
      .where(sql`${t.status} = 'running'`),
    index("job_runs_creator_idx").on(t.creatorId, t.createdAt),
    index("job_runs_created_idx").on(t.createdAt),
    index("job_runs_throttle_idx").on(t.functionId, t.throttleKey, t.startedAt),
    index("job_runs_idempotency_idx").on(t.functionId, t.idempotencyKey, t.createdAt),
    index("job_runs_rate_idx").on(t.functionId, t.rateKey, t.createdAt),
    index("job_runs_collecting_idx")
      .on(t.functionId, t.debounceKey, t.batchKey)
      .where(sql`${t.collecting}`),
    index("job_runs_parent_idx").on(t.parentRunId),
    uniqueIndex("job_runs_fn_event_uq").on(t.functionId, t.eventId),
  ],
);

export type RunEvent = { name: string; data: Record<string, unknown>; id: string; ts: number };

export const jobStepStatus = pgEnum("job_step_status", ["completed", "failed", "sleeping", "waiting"]);

/**
 * Memoized step state, keyed by the SDK's hashed step id: once `completed` (or `failed` for good) it is
 * handed back to the SDK on every later call and the step's code never runs again. `seq` is the order
 * steps completed in (the stack the SDK is given). Sleeps, waits and invocations are pending steps with
 * a deadline.
 */
export const jobSteps = pgTable(
  "job_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    stepId: text().notNull(),
    /** The step's own id in the function's code (`step.run("send", …)` → send). */
    name: text(),
    kind: text().notNull(),
    status: jobStepStatus().notNull(),
    seq: integer(),
    output: jsonb(),
    error: jsonb().$type<{ name: string; message: string; stack?: string }>(),
    attempts: integer().notNull().default(0),
    wakeAt: timestamp({ withTimezone: true }),
    wait: jsonb().$type<JobWait>(),
    childRunId: uuid(),
    startedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("job_steps_run_step_uq").on(t.runId, t.stepId),
    index("job_steps_waiting_idx")
      .on(sql`(${t.wait}->>'event')`)
      .where(sql`${t.status} = 'waiting' and ${t.wait} is not null`),
  ],
);

/** Cron triggers: the next tick of each scheduled function, claimed by exactly one runner. */
export const jobSchedules = pgTable("job_schedules", {
  functionId: text().primaryKey(),
  cron: text().notNull(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});
