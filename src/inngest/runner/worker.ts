import crypto from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { executeRun, type EngineDeps } from "./engine";
import { evalCondition } from "./expressions";
import { concurrencyKeys, keyFor, priorityFor, toSpec, triggers, type FunctionSpec } from "./functions";
import { syncFunctions, type ServeHandler } from "./protocol";
import * as store from "./store";
import { pruneJobHistory } from "./retention";
import type { EventRow, Tx } from "./store";

export type OutgoingEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number };

/** The cron tick event (Inngest's name); `data.functionId` says whose tick it is. */
export const CRON_EVENT = "inngest/scheduled.timer";

function nextCron(cron: string, after: Date): Date {
  const m = /^TZ=([^\s]+)\s+(.*)$/.exec(cron.trim());
  return CronExpressionParser.parse(m ? m[2]! : cron, { currentDate: after, tz: m ? m[1]! : "UTC" })
    .next()
    .toDate();
}

export type RunnerOptions = {
  /** The app's serve handler (`serve()` from inngest/next), called in-process. */
  handler: ServeHandler;
  /** The signing key the handler checks (the client's). */
  signingKey: string;
  /** The serve URL the executor names in its requests. */
  url?: string;
  pollMs?: number;
  maxParallel?: number;
  leaseMs?: number;
};

/**
 * The embedded executor: plays the part of Inngest's server for the functions the app serves. It
 * learns them by in-band sync, dispatches events from the outbox (creating runs with their flow
 * control: idempotency, rate limit, debounce, batching, priority, cancellation, waits), claims due runs
 * (concurrency, throttle, timeouts) and executes them through the serve handler (engine.ts). Several
 * runners (the web server, `npm run worker`) may share one database.
 */
export class Runner {
  readonly id = `runner-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  private specs = new Map<string, FunctionSpec>();
  private synced: Promise<void> | null = null;
  private inflight = new Map<string, Promise<void>>();
  /** The lease token of each claim in flight (run id → locked_by). */
  private claims = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  private stopping = false;
  private started = false;
  private wakePending = false;
  private hotUntil = 0;
  private lastHousekeeping = 0;
  private lastPrune = 0;
  private ticking: Promise<void> | null = null;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxParallel: number;
  readonly url: string;
  hooks: Pick<EngineDeps, "afterStep"> = {};

  constructor(private opts: RunnerOptions) {
    this.pollMs = opts.pollMs ?? env().JOB_POLL_MS;
    this.maxParallel = opts.maxParallel ?? env().JOB_MAX_PARALLEL;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.url = opts.url ?? `http://app.${env().rootDomain}/api/inngest`;
  }

  /** Learn the functions from the app (in-band sync); refuses any option it cannot honour. */
  sync(): Promise<void> {
    this.synced ??= syncFunctions({ handler: this.opts.handler, url: this.url, signingKey: this.opts.signingKey }).then(({ functions }) => {
      const specs = functions.map(toSpec);
      this.specs = new Map(specs.map((s) => [s.id, s]));
    });
    return this.synced;
  }

  async functions(): Promise<FunctionSpec[]> {
    await this.sync();
    return [...this.specs.values()];
  }

  /** Record an event (own transaction) and dispatch what is pending at once. Events must already be validated. */
  async enqueue(ev: OutgoingEvent & { creatorId: string | null }): Promise<{ id: string; duplicate: boolean }> {
    const id = ev.id ?? crypto.randomUUID();
    const fresh = await store.inTransaction((tx) =>
      store.recordEvent(tx, { id, name: ev.name, data: ev.data, creatorId: ev.creatorId, ts: ev.ts ?? Date.now() }),
    );
    while ((await this.dispatch()) > 0);
    this.wake();
    return { id, duplicate: !fresh };
  }

  /** Something was recorded in a transaction that may not have committed yet: look often for a moment. */
  signal() {
    this.hotUntil = Date.now() + 2000;
    this.wake();
  }

  /** An event was recorded and committed in this process: dispatch it now. */
  eventRecorded() {
    this.wake();
  }

  // ── dispatch ──────────────────────────────────────────────────────────────

  /** Fan recorded events out to runs, cancellations and waiting steps; returns how many it dispatched. */
  async dispatch(limit = 100): Promise<number> {
    await this.sync();
    return store.inTransaction(async (tx) => {
      const events = await store.lockPendingEvents(tx, limit);
      for (const ev of events) {
        // Each event in a savepoint of its own: one that cannot be delivered (a bad expression, a key too
        // long to index) is set aside with its error, and the others — and every tenant's jobs — go on.
        try {
          await tx.transaction((sp) => this.dispatchOne(sp, ev));
          await store.markDispatched(tx, [ev.id]);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          logger.error("job.dispatch_failed", { eventId: ev.id, event: ev.name, error: message });
          await store.markDispatched(tx, [ev.id], message);
        }
      }
      return events.length;
    });
  }

  private async dispatchOne(tx: Tx, row: EventRow) {
    const ev = { name: row.name, data: row.data, id: row.id, ts: row.ts.getTime() };
    const scope = { event: ev };
    for (const spec of this.specs.values()) {
      const hit = ev.name === CRON_EVENT ? ev.data.functionId === spec.id : triggers(spec, ev);
      if (!hit) continue;
      await this.createRun(tx, spec, { ev, creatorId: row.creatorId, scope });
    }
    // cancelOn
    const cancelling = [...this.specs.values()].filter((s) => s.cancel.some((c) => c.event === ev.name));
    if (cancelling.length) {
      const candidates = await store.lockCancellable(
        tx,
        cancelling.map((s) => s.id),
        ev.ts,
      );
      const ids = candidates
        .filter((run) => {
          const spec = this.specs.get(run.functionId);
          return spec?.cancel.some(
            (c) =>
              c.event === ev.name &&
              (!c.timeoutMs || run.createdAt.getTime() + c.timeoutMs > ev.ts) &&
              (!c.if || evalCondition(c.if, { event: run.event, async: ev })),
          );
        })
        .map((r) => r.id);
      await store.cancelRuns(tx, ids, `Cancelled by the event ${ev.name}`);
    }
    // step.waitForEvent
    for (const { step, run } of await store.lockWaitingSteps(tx, ev.name)) {
      const w = step.wait!;
      if (new Date(w.timeoutAt).getTime() < ev.ts) continue;
      if (w.if && !evalCondition(w.if, { event: run.event, async: ev })) continue;
      await store.resolveStep(tx, { runId: run.id, stepId: step.stepId, result: { output: ev } });
    }
  }

  private async createRun(tx: Tx, spec: FunctionSpec, run: { ev: store.RunRow["event"]; creatorId: string | null; scope: { event: Record<string, unknown> } }) {
    const { ev, creatorId, scope } = run;
    const base: store.NewRun = {
      functionId: spec.id,
      event: ev,
      creatorId,
      concurrencyKeys: concurrencyKeys(spec, scope),
      throttleKey: spec.throttle ? (keyFor(spec.throttle.key, scope) ?? "") : null,
      priority: priorityFor(spec, scope),
      startByMs: spec.timeouts.startMs,
    };
    if (spec.batch) {
      if (spec.batch.if && !evalCondition(spec.batch.if, scope)) return; // not batched → not run (Inngest skips it too)
      const batchKey = keyFor(spec.batch.key, scope) ?? "";
      await store.lockKey(tx, `batch|${spec.id}|${batchKey}`);
      const open = await store.findCollecting(tx, spec.id, { batchKey });
      if (open) await store.addToBatch(tx, open, { ev, maxSize: spec.batch.maxSize });
      else
        await store.insertRun(tx, {
          ...base,
          batchKey,
          collecting: spec.batch.maxSize > 1,
          runAfter: spec.batch.maxSize > 1 ? new Date(Date.now() + spec.batch.timeoutMs) : undefined,
        });
      return;
    }
    let rateKey: string | null = null;
    if (spec.rateLimit) {
      rateKey = keyFor(spec.rateLimit.key, scope) ?? "";
      await store.lockKey(tx, `rate|${spec.id}|${rateKey}`);
      if ((await store.countRecentRuns(tx, { functionId: spec.id, rateKey, periodMs: spec.rateLimit.periodMs })) >= spec.rateLimit.limit) {
        logger.info("job.rate_limited", { functionId: spec.id, event: ev.name });
        return;
      }
    }
    const idempotencyKey = keyFor(spec.idempotency, scope);
    if (idempotencyKey) {
      await store.lockKey(tx, `idem|${spec.id}|${idempotencyKey}`);
      if (await store.idempotencyTaken(tx, spec.id, idempotencyKey)) return;
    }
    if (spec.debounce) {
      const debounceKey = keyFor(spec.debounce.key, scope) ?? "";
      await store.lockKey(tx, `debounce|${spec.id}|${debounceKey}`);
      const open = await store.findCollecting(tx, spec.id, { debounceKey });
      if (open) await store.debounceRun(tx, open, { ev, periodMs: spec.debounce.periodMs, timeoutMs: spec.debounce.timeoutMs });
      else
        await store.insertRun(tx, { ...base, idempotencyKey, rateKey, debounceKey, collecting: true, runAfter: new Date(Date.now() + spec.debounce.periodMs) });
      return;
    }
    await store.insertRun(tx, { ...base, idempotencyKey, rateKey });
  }

  /** step.invoke: the child run, created in the parent's parking transaction. */
  private createInvoked: EngineDeps["createInvoked"] = async (tx, child) => {
    const spec = this.specs.get(child.functionId)!;
    // A step re-found while its child is still running keeps that child; after a retry of the parent the
    // step invokes afresh (a new event id, so the earlier child does not swallow it).
    const running = await store.activeChild(tx, child.parent);
    if (running) return running;
    const ev = { name: "inngest/function.invoked", data: child.data, id: `${child.id}:${crypto.randomUUID()}`, ts: Date.now() };
    const scope = { event: ev };
    return store.insertRun(tx, {
      functionId: spec.id,
      event: ev,
      creatorId: child.creatorId,
      concurrencyKeys: concurrencyKeys(spec, scope),
      throttleKey: spec.throttle ? (keyFor(spec.throttle.key, scope) ?? "") : null,
      priority: priorityFor(spec, scope),
      startByMs: spec.timeouts.startMs,
      parent: child.parent,
    });
  };

  private claimSpec(): store.ClaimSpec {
    const limits = new Map<string, number>();
    const throttle: store.ClaimSpec["throttle"] = {};
    for (const s of this.specs.values()) {
      for (const c of s.concurrency) {
        const prefix = c.scope === "fn" ? `fn:${s.id}:` : `${c.scope}:${c.key ?? ""}:`;
        limits.set(prefix, Math.min(limits.get(prefix) ?? Infinity, c.limit));
      }
      if (s.throttle) throttle[s.id] = { limit: s.throttle.limit, periodMs: s.throttle.periodMs };
    }
    return {
      anyPriority: [...this.specs.values()].some((s) => s.priority !== null),
      functionIds: [...this.specs.keys()],
      throttle,
      concurrencyLimit: (key) => {
        for (const [prefix, limit] of limits) if (key.startsWith(prefix)) return limit;
        return null;
      },
    };
  }

  // ── the loop ──────────────────────────────────────────────────────────────

  /** Fire due crons, dispatch events, expire late runs, claim and start due runs. Ticks never overlap. */
  async tick(): Promise<number> {
    while (this.ticking) await this.ticking;
    let started = 0;
    this.ticking = (async () => {
      try {
        await this.sync();
        // Housekeeping (cron ticks, timeouts) at most once a second; events and runs on every tick.
        if (Date.now() - this.lastHousekeeping >= 1000) {
          this.lastHousekeeping = Date.now();
          await store.tickSchedules(nextCron, async (tx, functionId, at) => {
            await store.recordEvent(tx, {
              name: CRON_EVENT,
              data: { cron: this.specs.get(functionId)?.crons[0] ?? "", functionId },
              id: `cron:${functionId}:${at.toISOString()}`,
              creatorId: null,
              ts: at.getTime(),
            });
          });
          await store.requeueAbandoned();
          await store.expireRuns();
          // History beyond the retention window goes, once an hour (bounded batches, never active runs).
          if (Date.now() - this.lastPrune >= 3_600_000) {
            this.lastPrune = Date.now();
            await pruneJobHistory({ retentionDays: env().JOB_RETENTION_DAYS }).catch((err) =>
              logger.error("job.prune_failed", { error: err instanceof Error ? err.message : String(err) }),
            );
          }
        }
        try {
          while ((await this.dispatch()) > 0);
        } catch (err) {
          // Delivery trouble never stops runs that are already due.
          logger.error("job.dispatch_crashed", { error: err instanceof Error ? err.message : String(err) });
        }
        const free = this.maxParallel - this.inflight.size;
        if (free <= 0) return;
        const runs = await store.claimRuns({ workerId: this.id, limit: free, spec: this.claimSpec(), leaseMs: this.leaseMs, busy: [...this.inflight.keys()] });
        for (const run of runs) {
          this.claims.set(run.id, run.lockedBy!);
          const p = executeRun(run, { ...this.deps(), workerId: run.lockedBy! })
            .then(() => undefined)
            .catch((err) => logger.error("job.execute_crashed", { runId: run.id, error: err instanceof Error ? err.message : String(err) }))
            .finally(() => {
              this.inflight.delete(run.id);
              this.claims.delete(run.id);
              this.wake();
            });
          this.inflight.set(run.id, p);
          started++;
        }
      } finally {
        this.ticking = null;
        if (this.wakePending) {
          this.wakePending = false;
          this.wake();
        }
      }
    })();
    await this.ticking;
    return started;
  }

  private deps(): EngineDeps {
    return {
      handler: this.opts.handler,
      url: this.url,
      signingKey: this.opts.signingKey,
      workerId: this.id,
      specs: this.specs,
      afterStep: this.hooks.afterStep,
      recordEvent: async (tx, ev) => {
        await store.recordEvent(tx, { ...ev, ts: Date.now() });
      },
      createInvoked: this.createInvoked,
    };
  }

  /** Look for work soon (an event was recorded, a run finished). Only while started. */
  wake() {
    if (this.stopping || !this.started) return;
    if (this.ticking) {
      this.wakePending = true;
      return;
    }
    setImmediate(() => void this.tick().catch((err) => logger.error("job.tick_failed", { error: String(err) })));
  }

  async start() {
    if (this.started) return; // idempotent (dev server re-runs instrumentation)
    await this.sync();
    for (const s of this.specs.values()) for (const c of s.crons) await store.ensureSchedule(s.id, c, nextCron(c, new Date()));
    this.stopping = false;
    this.started = true;
    const loop = async () => {
      if (this.stopping) return;
      try {
        await this.tick();
      } catch (err) {
        logger.error("job.tick_failed", { error: err instanceof Error ? err.message : String(err) });
      }
      if (!this.stopping) this.timer = setTimeout(loop, Date.now() < this.hotUntil ? Math.min(10, this.pollMs) : this.pollMs);
    };
    this.timer = setTimeout(loop, 0);
    this.beat = setInterval(() => void store.heartbeat([...this.claims.values()], this.leaseMs).catch(() => {}), Math.max(1000, this.leaseMs / 3));
  }

  /** Stop claiming; wait for runs in flight to reach their next persisted state. */
  async stop() {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.beat) clearInterval(this.beat);
    await this.ticking;
    await Promise.allSettled([...this.inflight.values()]);
  }

  /** For tests and scripts: tick until nothing is due, pending or in flight (sleeps and waits in the future stay). */
  async drain(timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    this.lastHousekeeping = 0; // a drain always looks at timers and timeouts
    for (;;) {
      const n = await this.tick();
      await Promise.allSettled([...this.inflight.values()]);
      if (n === 0 && this.inflight.size === 0 && (await store.countPendingEvents()) === 0) return;
      if (Date.now() > until) throw new Error("drain timed out");
    }
  }
}
