import { and, inArray, isNotNull, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { jobEvents, jobRuns } from "@/db/schema";

/**
 * Run history is kept for a retention window (JOB_RETENTION_DAYS, 30 by default — Inngest Cloud keeps
 * runs for a plan-dependent window too), then removed in bounded batches by the runner's housekeeping:
 * finished runs (their steps go with them) and events already delivered. Nothing still active is
 * touched, and events waiting for delivery are never removed. The window is at least a day, longer than
 * any idempotency, rate-limit or event-id dedupe window the runner honours.
 */
const BATCH = 1000;
const FINISHED = ["completed", "failed", "cancelled"] as const;

export async function pruneJobHistory(opts: { retentionDays: number; now?: Date }): Promise<{ runs: number; events: number }> {
  const db = await getDb();
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000);
  let runs = 0;
  let events = 0;
  for (;;) {
    const batch = db
      .select({ id: jobRuns.id })
      .from(jobRuns)
      .where(and(lt(jobRuns.createdAt, cutoff), inArray(jobRuns.status, [...FINISHED]), lt(jobRuns.finishedAt, cutoff)))
      .limit(BATCH);
    const gone = await db.delete(jobRuns).where(inArray(jobRuns.id, batch)).returning({ id: jobRuns.id });
    runs += gone.length;
    if (gone.length < BATCH) break;
  }
  for (;;) {
    const batch = db
      .select({ id: jobEvents.id })
      .from(jobEvents)
      .where(and(lt(jobEvents.ts, cutoff), isNotNull(jobEvents.dispatchedAt), lt(jobEvents.dispatchedAt, cutoff)))
      .limit(BATCH);
    const gone = await db.delete(jobEvents).where(inArray(jobEvents.id, batch)).returning({ id: jobEvents.id });
    events += gone.length;
    if (gone.length < BATCH) break;
  }
  return { runs, events };
}
