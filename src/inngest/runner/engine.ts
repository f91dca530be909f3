import crypto from "node:crypto";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { JobWait } from "@/db/schema";
import { durationMs, wakeTime, type FunctionSpec } from "./functions";
import { assertSupported } from "./expressions";
import { execute, type ExecuteResult, type Op, type SerializedError, type ServeHandler, type StepState } from "./protocol";
import { registerCheckpoints } from "./checkpoints";
import * as store from "./store";
import type { RunRow, StepRow, Tx } from "./store";

/**
 * Executes one claimed run the way Inngest's executor does: call the function through the app's serve
 * handler with the run's events and memoized steps, act on the opcodes the SDK answers, persist, call
 * again. The step semantics (memoization, ids, parallel steps, retries inside the SDK's own accounting)
 * are the SDK's; what is decided here is what an executor owns: storing results, timers and waits,
 * invocations, retries with backoff, and ending the run.
 */
export type EngineDeps = {
  handler: ServeHandler;
  url: string;
  signingKey: string;
  workerId: string;
  specs: Map<string, FunctionSpec>;
  /** Called after each step is persisted (tests use it to simulate a crash between steps). */
  afterStep?: (runId: string, stepName: string) => void | Promise<void>;
  /** Record an event in a transaction (the run's onFailure event), for the run's tenant. */
  recordEvent: (tx: Tx, ev: { name: string; data: Record<string, unknown>; id: string; creatorId: string | null }) => Promise<void>;
  /** Create the run a step.invoke asks for, in the parking transaction. */
  createInvoked: (
    tx: Tx,
    child: { functionId: string; data: Record<string, unknown>; id: string; parent: { runId: string; stepId: string }; creatorId: string | null },
  ) => Promise<string | null>;
};

/** Exponential backoff with jitter; JOB_RETRY_BASE_MS (validated in env.ts, default 1 s) scales it. */
export function backoffMs(attempt: number): number {
  const base = env().JOB_RETRY_BASE_MS;
  const exp = Math.min(base * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
  return Math.round(exp * (0.75 + Math.random() * 0.5));
}

const MAX_STEPS = 1000; // Inngest caps a run at 1,000 steps
const MAX_TURNS = 2 * MAX_STEPS; // calls of the function

function memo(steps: StepRow[]): { state: Record<string, StepState>; stack: string[] } {
  const state: Record<string, StepState> = {};
  const done = steps.filter((s) => s.status === "completed" || s.status === "failed").sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (const s of done)
    state[s.stepId] =
      s.status === "completed"
        ? { type: "data", data: s.output }
        : { type: "error", error: (s.error ?? { name: "Error", message: "Step failed" }) as SerializedError };
  return { state, stack: done.map((s) => s.stepId) };
}

const stepName = (op: Op) => op.userland?.id ?? op.displayName ?? op.name ?? op.id;

type Outcome = RunRow["status"];

export async function executeRun(run: RunRow, deps: EngineDeps): Promise<Outcome> {
  const spec = deps.specs.get(run.functionId);
  const lost = (): Outcome => "cancelled";
  if (!spec) {
    await store.finishRun({
      runId: run.id,
      workerId: deps.workerId,
      result: { status: "failed", error: { name: "Error", message: `No function "${run.functionId}" is registered` }, failedStep: null },
    });
    return "failed";
  }
  // A run claimed for the first time (started in the claim's own statement) has no steps yet.
  const fresh = run.attempt === 0 && run.startedAt !== null && run.startedAt.getTime() === run.updatedAt.getTime();
  if (!fresh && !(await store.resolveDueSteps(run.id, deps.workerId))) return lost();
  const finishBy = spec.timeouts.finishMs ? await store.setFinishBy(run.id, spec.timeouts.finishMs) : null;
  const late = () => finishBy !== null && Date.now() > finishBy.getTime();
  let attempt = run.attempt;
  const maxAttempts = spec.retries + 1;

  let lastFailed: string | null = null as string | null;
  // timeouts.finish: checked at every step boundary of a running run (parked runs are swept by expireRuns).
  const timedOut = async (): Promise<Outcome> => {
    const ok = await store.finishRun({
      runId: run.id,
      workerId: deps.workerId,
      result: { status: "cancelled", error: { name: "InngestTimeoutError", message: "The run did not finish before its finish timeout" }, failedStep: null },
    });
    return ok ? "cancelled" : lost();
  };
  const fail = async (error: SerializedError, step: string | null): Promise<Outcome> => {
    // A step that failed for good and was not caught is what failed the run.
    const failedStep = step ?? lastFailed;
    const ok = await store.finishRun({
      runId: run.id,
      workerId: deps.workerId,
      result: { status: "failed", error, failedStep },
      after: async (tx, row) => {
        // onFailure handlers (and anything else) subscribe to Inngest's function-failed event.
        // A fresh id each time: a run retried by an admin that fails again calls its handler again.
        await deps.recordEvent(tx, {
          name: "inngest/function.failed",
          id: `failed:${row.id}:${crypto.randomUUID()}`,
          creatorId: row.creatorId,
          data: { function_id: row.functionId, run_id: row.id, error, event: row.event },
        });
      },
    });
    if (ok) logger.warn("job.failed", { functionId: run.functionId, runId: run.id, step: failedStep, error: error.message });
    return ok ? "failed" : lost();
  };
  const retry = async (error: SerializedError, failedStep: string | null, retryAfterMs: number | null): Promise<Outcome> => {
    await store.retryLater(run.id, deps.workerId, { delayMs: retryAfterMs ?? backoffMs(attempt + 1), error, failedStep });
    return "queued";
  };

  // Its workers kept dying (each death counted an attempt): no attempt is left.
  if (attempt >= maxAttempts)
    return fail({ name: "Error", message: `The run's worker stopped while running it ${attempt} times (out of ${maxAttempts} attempts)` }, lastFailed);

  // The memoized steps, loaded once and then kept in step with what this execution saves.
  const rows = fresh ? [] : await store.loadSteps(run.id);
  const { state, stack } = memo(rows);
  lastFailed = rows.filter((s) => s.status === "failed").sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0))[0]?.name ?? null;
  const remember = (stepId: string, result: StepState, name: string) => {
    state[stepId] = result;
    stack.push(stepId);
    if (result.type === "error") lastFailed = name;
  };
  let resetAttempt = attempt > 0;
  const save = async (s: Parameters<typeof store.saveStep>[2], name: string) => {
    const ok = await store.saveStep(run.id, deps.workerId, { ...s, resetAttempt });
    if (ok) {
      resetAttempt = false;
      // attempts are per step: the next step (a parallel sibling included) starts from its first
      attempt = 0;
      remember(s.stepId, s.error ? { type: "error", error: s.error } : { type: "data", data: s.output === undefined ? null : s.output }, name);
    }
    return ok;
  };

  // Checkpoints: the SDK runs steps one after another in a call and asks us to persist each before going on.
  // Checkpoints are routed by the call's queue-item id, which names this claim (and call): a checkpoint
  // from any other execution of the run is answered 409.
  const unregister = registerCheckpoints(`${deps.workerId}`, async (ops) => {
    for (const op of ops) {
      if (op.op !== "StepRun" && op.op !== "StepFailed") continue;
      const name = stepName(op as Op);
      const saved = await save(
        op.op === "StepRun"
          ? { stepId: op.id, name, kind: "run", output: op.data }
          : { stepId: op.id, name, kind: "run", error: op.error as SerializedError, attempts: attempt + 1 },
        name,
      );
      if (!saved) return false;
      if (late()) return false; // the SDK stops; the engine cancels the run for its finish timeout
      if (deps.afterStep) {
        await deps.afterStep(run.id, name);
        // Whoever stalled us there may have outlived our lease: never start the next step without it.
        if (!(await store.holdsRun(run.id, deps.workerId))) return false;
      }
    }
    return true;
  });
  try {
    return await loop();
  } finally {
    unregister();
  }

  async function loop(): Promise<Outcome> {
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      // Never start a step's code on a run this worker no longer holds (a stalled worker whose lease ran out,
      // a cancelled run); the very first call follows the claim itself.
      if (turn > 0 && !(await store.holdsRun(run.id, deps.workerId))) return lost();
      const call = (stepId: string, checkpointing = false) =>
        execute({
          handler: deps.handler,
          url: deps.url,
          signingKey: deps.signingKey,
          request: {
            fnId: run.functionId,
            stepId,
            event: run.event,
            events: run.events.length ? run.events : [run.event],
            steps: { ...state },
            stack: [...stack],
            runId: run.id,
            attempt,
            maxAttempts,
            ...(checkpointing ? { checkpointing: { fnId: run.functionId, queueItemId: deps.workerId } } : {}),
          },
        });
      if (late()) return timedOut();
      if (stack.length >= MAX_STEPS) return fail({ name: "Error", message: `The run went past ${MAX_STEPS} steps (Inngest's limit)` }, null);
      const res = await call("step", true);
      if (late() && res.kind !== "done") return timedOut();
      if (res.kind === "done") {
        const ok = await store.finishRun({ runId: run.id, workerId: deps.workerId, result: { status: "completed", output: res.output } });
        return ok ? "completed" : lost();
      }
      if (res.kind === "error") {
        if (res.retriable && attempt + 1 < maxAttempts) return retry(res.error, null, res.retryAfterMs);
        return fail(res.error, null);
      }

      const pending: store.Pending[] = [];
      const invokes: { stepId: string; functionId: string; data: Record<string, unknown> }[] = [];
      for (const op of res.ops) {
        const name = stepName(op);
        switch (op.op) {
          case "RunComplete": {
            // The function finished within a checkpointed call; its steps are already persisted.
            const ok = await store.finishRun({ runId: run.id, workerId: deps.workerId, result: { status: "completed", output: op.data ?? null } });
            return ok ? "completed" : lost();
          }
          case "StepRun":
          case "StepFailed": {
            const saved = await save(
              op.op === "StepRun"
                ? { stepId: op.id, name, kind: "run", output: op.data }
                : { stepId: op.id, name, kind: "run", error: op.error as SerializedError, attempts: attempt + 1 },
              name,
            );
            if (!saved) return lost();
            await deps.afterStep?.(run.id, name);
            break;
          }
          case "StepError": {
            // A step threw and the SDK left it to us to retry: again after a backoff, up to the function's retries.
            if (!res.noRetry && attempt + 1 < maxAttempts) return retry(op.error as SerializedError, name, res.retryAfterMs);
            const saved = await save({ stepId: op.id, name, kind: "run", error: op.error as SerializedError, attempts: attempt + 1 }, name);
            if (!saved) return lost();
            break;
          }
          case "StepPlanned": {
            // Parallel steps (or a step planned for its own request): each runs in a call of its own.
            const one = await call(op.id);
            const outcome = await applyPlanned({ run, deps, res: one, planned: op, attempt, maxAttempts, save });
            if (outcome === "lost") return lost();
            if (outcome !== "saved") return outcome.kind === "retry" ? retry(outcome.error, name, outcome.retryAfterMs) : fail(outcome.error, name);
            break;
          }
          case "Sleep":
            pending.push({ kind: "sleep", stepId: op.id, name, wakeAt: wakeTime(op.name ?? "0s") });
            break;
          case "WaitForEvent": {
            const opts = (op.opts ?? {}) as { timeout?: string; if?: string };
            // A condition the runner cannot evaluate would park the run forever: refuse it now, plainly.
            if (opts.if) {
              try {
                assertSupported(opts.if, "condition");
              } catch (e) {
                return fail(
                  {
                    name: "NonRetriableError",
                    message: `step.waitForEvent "${name}": the embedded executor cannot evaluate if: ${JSON.stringify(opts.if)} (${(e as Error).message})`,
                  },
                  name,
                );
              }
            }
            const wait: JobWait = {
              event: op.name ?? "",
              if: opts.if ?? null,
              timeoutAt: new Date(Date.now() + durationMs(opts.timeout ?? "1y")).toISOString(),
            };
            pending.push({ kind: "waitForEvent", stepId: op.id, name, wait });
            break;
          }
          case "InvokeFunction": {
            const opts = (op.opts ?? {}) as { function_id?: string; payload?: { data?: Record<string, unknown> }; timeout?: string };
            const target = opts.function_id ?? "";
            if (!deps.specs.has(target)) {
              const saved = await save(
                { stepId: op.id, name, kind: "invoke", error: { name: "Error", message: `step.invoke: no function "${target}" is registered` } },
                name,
              );
              if (!saved) return lost();
              break;
            }
            invokes.push({ stepId: op.id, functionId: target, data: opts.payload?.data ?? {} });
            pending.push({
              kind: "invoke",
              stepId: op.id,
              name,
              timeoutAt: opts.timeout ? new Date(Date.now() + durationMs(opts.timeout)) : null,
              childRunId: null,
            });
            break;
          }
          default:
            // AI gateway, fetch gateway, signals: not offered by the embedded executor — said, not ignored.
            return fail(
              {
                name: "NonRetriableError",
                message: `The embedded executor does not run "${op.op}" steps (step "${name}"); use Inngest Cloud or the dev server for it`,
              },
              name,
            );
        }
      }
      if (pending.length) {
        const parked = await store.parkRun({
          runId: run.id,
          workerId: deps.workerId,
          pending,
          createChildren: async (tx) => {
            const ids = new Map<string, string>();
            for (const i of invokes) {
              const child = await deps.createInvoked(tx, {
                functionId: i.functionId,
                data: i.data,
                id: `invoke:${run.id}:${i.stepId}`,
                parent: { runId: run.id, stepId: i.stepId },
                creatorId: run.creatorId,
              });
              if (child) ids.set(i.stepId, child);
            }
            return ids;
          },
        });
        if (!parked) return lost();
        return pending.some((p) => p.kind !== "sleep") ? "waiting" : "sleeping";
      }
      attempt = 0;
    }
    return fail({ name: "Error", message: `The run went past ${MAX_TURNS} steps` }, null);
  }
}

type Planned = "saved" | "lost" | { kind: "retry" | "fail"; error: SerializedError; retryAfterMs: number | null };

type Save = (s: Parameters<typeof store.saveStep>[2], name: string) => Promise<boolean>;

async function applyPlanned(o: {
  run: RunRow;
  deps: EngineDeps;
  res: ExecuteResult;
  planned: Op;
  attempt: number;
  maxAttempts: number;
  save: Save;
}): Promise<Planned> {
  const { run, deps, res, planned, attempt, maxAttempts, save } = o;
  const name = stepName(planned);
  if (res.kind === "done")
    return { kind: "fail", error: { name: "Error", message: `Step "${name}" was planned but the function ended instead` }, retryAfterMs: null };
  if (res.kind === "error")
    return res.retriable && attempt + 1 < maxAttempts
      ? { kind: "retry", error: res.error, retryAfterMs: res.retryAfterMs }
      : { kind: "fail", error: res.error, retryAfterMs: null };
  const op = res.ops.find((o) => o.id === planned.id) ?? res.ops[0];
  if (!op) return { kind: "fail", error: { name: "Error", message: `Step "${name}" did not run` }, retryAfterMs: null };
  if (op.op === "StepRun") {
    if (!(await save({ stepId: op.id, name, kind: "run", output: op.data }, name))) return "lost";
    await deps.afterStep?.(run.id, name);
    return "saved";
  }
  if (op.op === "StepError" && !res.noRetry && attempt + 1 < maxAttempts)
    return { kind: "retry", error: op.error as SerializedError, retryAfterMs: res.retryAfterMs };
  if (op.op === "StepError" || op.op === "StepFailed") {
    if (!(await save({ stepId: op.id, name, kind: "run", error: op.error as SerializedError, attempts: attempt + 1 }, name))) return "lost";
    return "saved";
  }
  return { kind: "fail", error: { name: "Error", message: `Unexpected answer "${op.op}" to a planned step` }, retryAfterMs: null };
}
