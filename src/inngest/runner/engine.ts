import { durationToMs, NonRetriableError, StepError } from "inngest";
import type { JobWait } from "@/db/schema";
import * as store from "@/db/queries/jobs";
import type { RunRow, SerializedError, StepRow } from "@/db/queries/jobs";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { LocalFunction } from "./registry";

/**
 * Executes one claimed run of a function with a `step` object that keeps Inngest's semantics:
 *  - step.run: its result is persisted before the function goes on; a completed step is returned
 *    from the database on every later execution and its code never runs again;
 *  - a throwing step is retried with backoff up to the function's `retries` (NonRetriableError stops);
 *    once out of retries the error is thrown into the function as a StepError;
 *  - step.sleep / sleepUntil / waitForEvent persist a timer (or a wait) and give the run back;
 *  - step.sendEvent is memoized with deterministic event ids, so it never sends twice.
 * Code outside steps may run again on a later execution, exactly as on Inngest.
 */

class Interrupt extends Error {}
class SleepInterrupt extends Interrupt {
  constructor(
    public stepId: string,
    public wakeAt: Date,
  ) {
    super("sleep");
  }
}
class WaitInterrupt extends Interrupt {
  constructor(public wait: JobWait) {
    super("wait");
  }
}
class RetryInterrupt extends Interrupt {
  constructor(
    public stepId: string,
    public delayMs: number,
    public error: SerializedError,
  ) {
    super("retry");
  }
}
class LostLease extends Interrupt {}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack?.split("\n").slice(0, 8).join("\n") };
  return { name: "Error", message: String(err) };
}

function deserializeError(e: SerializedError | null): Error {
  const err = new Error(e?.message ?? "Step failed");
  err.name = e?.name ?? "Error";
  return err;
}

/** Exponential backoff with jitter; JOB_RETRY_BASE_MS (validated in env.ts, default 1 s) scales it. */
export function backoffMs(attempt: number): number {
  const base = env().JOB_RETRY_BASE_MS;
  const exp = Math.min(base * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
  return Math.round(exp * (0.75 + Math.random() * 0.5));
}

const toJson = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

export type EngineHooks = {
  /** Called after each step is persisted (tests use it to simulate a crash between steps). */
  afterStep?: (runId: string, stepId: string) => void | Promise<void>;
  sendEvents: (events: { name: string; data: Record<string, unknown>; id: string }[]) => Promise<string[]>;
};

export async function executeRun(run: RunRow, fn: LocalFunction, workerId: string, hooks: EngineHooks): Promise<RunRow["status"]> {
  const steps = new Map<string, StepRow>((await store.loadSteps(run.id)).map((s) => [s.stepId, s]));
  const seen = new Map<string, number>();
  const uniqueId = (id: string) => {
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}:${n}`;
  };
  const persist = async (stepId: string, kind: string, output: unknown) => {
    const ok = await store.completeStep(run.id, workerId, stepId, kind, output);
    if (!ok) throw new LostLease("lost the run (cancelled or reclaimed)");
    steps.set(stepId, { runId: run.id, stepId, kind, status: "completed", output } as StepRow);
    await hooks.afterStep?.(run.id, stepId);
  };

  const memoized = (sid: string) => {
    const s = steps.get(sid);
    if (s?.status === "completed") return { done: true as const, value: s.output };
    if (s?.status === "failed") throw new StepError(sid, deserializeError(s.error));
    return { done: false as const, row: s };
  };

  const runStep = async (id: string, fnBody: () => unknown, kind = "run") => {
    const sid = uniqueId(id);
    const m = memoized(sid);
    if (m.done) return m.value;
    // Never start a step's code on a run this worker no longer holds (cancelled, or reclaimed after its lease ran out).
    if (!(await store.holdsRun(run.id, workerId))) throw new LostLease("lost the run before a step");
    let out: unknown;
    try {
      out = await fnBody();
    } catch (err) {
      if (err instanceof Interrupt) throw err;
      const attempts = run.attempt + 1;
      if (err instanceof NonRetriableError || attempts > fn.retries) {
        await store.failStep(run.id, workerId, sid, kind, serializeError(err), attempts);
        steps.set(sid, { stepId: sid, status: "failed", error: serializeError(err) } as StepRow);
        throw new StepError(sid, err);
      }
      throw new RetryInterrupt(sid, backoffMs(attempts), serializeError(err));
    }
    const json = toJson(out);
    await persist(sid, kind, json);
    return json;
  };

  const sleepUntil = async (id: string, when: Date | string | number) => {
    const sid = uniqueId(id);
    const m = memoized(sid);
    if (m.done) return;
    const wakeAt = m.row?.wakeAt ?? new Date(when);
    if (wakeAt.getTime() <= Date.now()) {
      await persist(sid, "sleep", null);
      return;
    }
    throw new SleepInterrupt(sid, wakeAt);
  };

  const step = {
    run: (id: string, body: () => unknown) => runStep(id, body),
    sleep: (id: string, duration: unknown) => {
      // the wake time is fixed the first time the sleep is reached (persisted), not on every execution
      return sleepUntil(id, Date.now() + durationToMs(duration, { name: "sleep duration" }));
    },
    sleepUntil: (id: string, time: Date | string | number) => sleepUntil(id, time),
    waitForEvent: async (id: string, opts: { event: string | { name: string }; timeout: unknown; match?: string; if?: string }) => {
      const sid = uniqueId(id);
      const m = memoized(sid);
      if (m.done) return m.value;
      if (m.row?.status === "waiting") {
        if (m.row.wakeAt && m.row.wakeAt.getTime() <= Date.now()) {
          await persist(sid, "waitForEvent", null); // timed out
          return null;
        }
        throw new WaitInterrupt({ stepId: sid, event: typeof opts.event === "string" ? opts.event : opts.event.name, if: opts.if ?? null, match: opts.match ?? null, timeoutAt: m.row.wakeAt!.toISOString() });
      }
      const timeoutAt = new Date(Date.now() + durationToMs(opts.timeout, { name: "waitForEvent timeout" }));
      throw new WaitInterrupt({ stepId: sid, event: typeof opts.event === "string" ? opts.event : opts.event.name, if: opts.if ?? null, match: opts.match ?? null, timeoutAt: timeoutAt.toISOString() });
    },
    sendEvent: (id: string, payload: { name: string; data: Record<string, unknown>; id?: string } | { name: string; data: Record<string, unknown>; id?: string }[]) => {
      const list = Array.isArray(payload) ? payload : [payload];
      const sid = `${id}`;
      return runStep(sid, async () => ({ ids: await hooks.sendEvents(list.map((e, i) => ({ ...e, id: e.id ?? `${run.id}:${sid}:${i}` }))) }), "sendEvent");
    },
    invoke: () => {
      throw new NonRetriableError("step.invoke is not supported by the embedded runner yet; send an event instead.");
    },
  };

  const ctx = {
    event: run.event,
    events: [run.event],
    step,
    runId: run.id,
    attempt: run.attempt,
    logger: { info: (m: string, f?: object) => logger.info(m, { runId: run.id, ...f }), warn: (m: string, f?: object) => logger.warn(m, { runId: run.id, ...f }), error: (m: string, f?: object) => logger.error(m, { runId: run.id, ...f }), debug: () => {} },
  };

  try {
    const output = await fn.handler(ctx);
    await store.finishRun(run.id, workerId, { status: "completed", output: toJson(output) });
    return "completed";
  } catch (err) {
    if (err instanceof SleepInterrupt) {
      await store.sleepRun(run.id, workerId, err.stepId, err.wakeAt);
      return "sleeping";
    }
    if (err instanceof WaitInterrupt) {
      await store.waitRun(run.id, workerId, err.wait);
      return "waiting";
    }
    if (err instanceof RetryInterrupt) {
      await store.retryLater(run.id, workerId, { delayMs: err.delayMs, error: err.error, failedStep: err.stepId });
      return "queued";
    }
    if (err instanceof LostLease) return "cancelled";
    // An error from the function body (or a step error it did not catch).
    const attempts = run.attempt + 1;
    const failedStep = err instanceof StepError ? err.stepId : null;
    if (err instanceof StepError || err instanceof NonRetriableError || attempts > fn.retries) {
      const cause = err instanceof StepError && err.cause ? err.cause : err;
      await store.finishRun(run.id, workerId, { status: "failed", error: serializeError(cause), failedStep });
      logger.warn("job.failed", { functionId: fn.id, runId: run.id, step: failedStep, error: serializeError(cause).message });
      return "failed";
    }
    await store.retryLater(run.id, workerId, { delayMs: backoffMs(attempts), error: serializeError(err), failedStep: null });
    return "queued";
  }
}
