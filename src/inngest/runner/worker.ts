import crypto from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import * as store from "@/db/queries/jobs";
import type { DbOrTx } from "@/db/queries/jobs";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { executeRun, type EngineHooks } from "./engine";
import { evalCondition, evalKey } from "./expressions";
import type { LocalFunction } from "./registry";

export type OutgoingEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number };

function nextCron(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: "UTC" }).next().toDate();
}

/**
 * The embedded runner: enqueues events into Postgres and executes due runs of the registered
 * functions. Several runners (in the web server process, or `npm run worker`) may share one
 * database; claims use FOR UPDATE SKIP LOCKED and leases, so a run executes in one place at a time.
 */
export class Runner {
  readonly id = `runner-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  private fns = new Map<string, LocalFunction>();
  private inflight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  private stopping = false;
  private started = false;
  private wakePending = false;
  private ticking: Promise<void> | null = null;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxParallel: number;
  hooks: Partial<Pick<EngineHooks, "afterStep">> = {};

  constructor(functions: LocalFunction[], opts: { pollMs?: number; maxParallel?: number; leaseMs?: number } = {}) {
    for (const f of functions) this.fns.set(f.id, f);
    this.pollMs = opts.pollMs ?? env().JOB_POLL_MS;
    this.maxParallel = opts.maxParallel ?? env().JOB_MAX_PARALLEL;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
  }

  functions() {
    return [...this.fns.values()];
  }

  /** Record an event and create/cancel/resume runs, atomically. Events must already be validated. */
  async enqueue(ev: OutgoingEvent & { creatorId: string | null }, tx?: DbOrTx, cronFunctionId?: string) {
    const full = { id: ev.id ?? crypto.randomUUID(), name: ev.name, data: ev.data, creatorId: ev.creatorId, ts: ev.ts ?? Date.now() };
    const scope = { event: full };
    const plans: store.RunPlan[] = [];
    for (const f of this.fns.values()) {
      const trigger = cronFunctionId ? f.id === cronFunctionId : f.events.some((t) => t.event === full.name && (!t.if || evalCondition(t.if, scope)));
      if (!trigger) continue;
      plans.push({
        functionId: f.id,
        concurrencyKey: f.concurrency ? (f.concurrency.key ? evalKey(f.concurrency.key, scope) : "") : null,
        throttleKey: f.throttle ? (f.throttle.key ? evalKey(f.throttle.key, scope) : "") : null,
        idempotencyKey: f.idempotency ? evalKey(f.idempotency, scope) : null,
      });
    }
    const cancelFns = [...this.fns.values()].filter((f) => f.cancelOn.some((c) => c.event === full.name));
    const result = await store.enqueueEvent(
      full,
      plans,
      {
        cancelFunctionIds: cancelFns.map((f) => f.id),
        cancels: (run) => {
          const f = this.fns.get(run.functionId);
          return !!f?.cancelOn.some((c) => c.event === full.name && (!c.match || evalKey(`event.${c.match}`, { event: run.event }) === evalKey(`event.${c.match}`, { event: full })) && (!c.if || evalCondition(c.if, { event: run.event, async: full })));
        },
        wakes: (run) => {
          const w = run.wait!;
          if (w.match && evalKey(`event.${w.match}`, { event: run.event }) !== evalKey(`event.${w.match}`, { event: full })) return false;
          if (w.if && !evalCondition(w.if, { event: run.event, async: full })) return false;
          return true;
        },
      },
      tx,
    );
    if (!tx) this.wake();
    return { id: full.id, ...result };
  }

  private flow(): store.FlowConfig {
    const out: store.FlowConfig = {};
    for (const f of this.fns.values()) out[f.id] = { concurrency: f.concurrency?.limit, throttle: f.throttle ?? undefined };
    return out;
  }

  /** Claim and start due runs; resolves when the claimed runs are started (not finished). Ticks never overlap. */
  async tick(): Promise<number> {
    while (this.ticking) await this.ticking;
    let started = 0;
    this.ticking = (async () => {
      try {
        await store.tickSchedules(nextCron, async (tx, functionId, at) => {
          await this.enqueue({ name: "inngest/scheduled.timer", data: { cron: true, functionId }, id: `cron:${functionId}:${at.toISOString()}`, creatorId: null, ts: at.getTime() }, tx, functionId);
        });
        const free = this.maxParallel - this.inflight.size;
        if (free <= 0) return;
        const runs = await store.claimRuns(this.id, free, this.flow(), this.leaseMs);
        for (const run of runs) {
          const fn = this.fns.get(run.functionId)!;
          const p = executeRun(run, fn, this.id, { ...this.hooks, sendEvents: (evs) => this.sendMany(evs) })
            .then(() => undefined)
            .catch((err) => logger.error("job.execute_crashed", { runId: run.id, error: err instanceof Error ? err.message : String(err) }))
            .finally(() => {
              this.inflight.delete(run.id);
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

  private async sendMany(evs: { name: string; data: Record<string, unknown>; id: string }[]) {
    const ids: string[] = [];
    for (const e of evs) {
      const creatorId = typeof e.data.creatorId === "string" ? e.data.creatorId : null;
      ids.push((await this.enqueue({ ...e, creatorId })).id);
    }
    return ids;
  }

  /** Look for work soon (an event was enqueued, a run finished). Only while started. */
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
    for (const f of this.fns.values()) for (const c of f.crons) await store.ensureSchedule(f.id, c, nextCron(c, new Date()));
    this.stopping = false;
    this.started = true;
    const loop = async () => {
      if (this.stopping) return;
      try {
        await this.tick();
      } catch (err) {
        logger.error("job.tick_failed", { error: err instanceof Error ? err.message : String(err) });
      }
      if (!this.stopping) this.timer = setTimeout(loop, this.pollMs);
    };
    this.timer = setTimeout(loop, 0);
    this.beat = setInterval(() => void store.heartbeat(this.id, [...this.inflight.keys()], this.leaseMs).catch(() => {}), Math.max(1000, this.leaseMs / 3));
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

  /** For tests and scripts: tick until nothing is due or in flight (sleeps/waits in the future stay). */
  async drain(timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const n = await this.tick();
      await Promise.allSettled([...this.inflight.values()]);
      if (n === 0 && this.inflight.size === 0) return;
      if (Date.now() > until) throw new Error("drain timed out");
    }
  }
}
