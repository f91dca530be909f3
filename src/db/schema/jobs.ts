import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
  },
  (t) => [index("job_events_name_ts_idx").on(t.name, t.ts)],
);

export type JobWait = { stepId: string; event: string; if: string | null; match: string | null; timeoutAt: string };

export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    functionId: text().notNull(),
    eventId: text().notNull(),
    eventName: text().notNull(),
    event: jsonb().$type<{ name: string; data: Record<string, unknown>; id: string; ts: number }>().notNull(),
    creatorId: uuid(),
    status: jobRunStatus().notNull().default("queued"),
    /** Failed attempts of the current unit of work (a step or the function body). */
    attempt: integer().notNull().default(0),
    runAfter: timestamp({ withTimezone: true }).defaultNow().notNull(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    concurrencyKey: text(),
    throttleKey: text(),
    idempotencyKey: text(),
    wait: jsonb().$type<JobWait>(),
    output: jsonb(),
    error: jsonb().$type<{ name: string; message: string; stack?: string }>(),
    failedStep: text(),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index("job_runs_due_idx").on(t.runAfter).where(sql`${t.status} in ('queued','sleeping','waiting')`),
    index("job_runs_running_idx").on(t.functionId, t.concurrencyKey).where(sql`${t.status} = 'running'`),
    index("job_runs_waiting_idx").on(t.status).where(sql`${t.status} = 'waiting'`),
    index("job_runs_creator_idx").on(t.creatorId, t.createdAt),
    index("job_runs_created_idx").on(t.createdAt),
    index("job_runs_throttle_idx").on(t.functionId, t.throttleKey, t.startedAt),
    uniqueIndex("job_runs_idempotency_uq").on(t.functionId, t.idempotencyKey),
    uniqueIndex("job_runs_fn_event_uq").on(t.functionId, t.eventId),
  ],
);

export const jobStepStatus = pgEnum("job_step_status", ["completed", "failed", "sleeping", "waiting"]);

/** Memoized step state: once `completed`, a step's output is returned and its code never runs again. */
export const jobSteps = pgTable(
  "job_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    stepId: text().notNull(),
    kind: text().notNull(),
    status: jobStepStatus().notNull(),
    output: jsonb(),
    error: jsonb().$type<{ name: string; message: string; stack?: string }>(),
    attempts: integer().notNull().default(0),
    wakeAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("job_steps_run_step_uq").on(t.runId, t.stepId)],
);

/** Cron triggers: the next tick of each scheduled function, claimed by exactly one runner. */
export const jobSchedules = pgTable("job_schedules", {
  functionId: text().primaryKey(),
  cron: text().notNull(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});
