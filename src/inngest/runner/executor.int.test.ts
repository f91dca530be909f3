import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { serve } from "inngest/next";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobEvents, jobRuns, jobSteps } from "@/db/schema";
import { inngest } from "../client";
import { embeddedSigningKey } from "../embedded";
import { sendEvent } from "../send";
import { setRunnerForTests } from "../runtime";
import type { ServeHandler } from "./protocol";
import { Runner } from "./worker";

/**
 * The executor drives functions through the SDK's own execution path (the serve handler), so what the
 * SDK does — step id suffixes, parallel steps, invoke, onFailure — works as on Inngest, and the flow
 * control an executor owns (rate limit, debounce, batches, priority, timeouts, concurrency) is tested here.
 */
const calls: Record<string, number> = {};
const hit = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kindIs = (k: string) => `event.data.kind == '${k}'`;
const on = (kind: string) => [{ event: "test/job.requested" as const, if: kindIs(kind) }];

const repeated = inngest.createFunction({ id: "x-repeated", triggers: on("repeat"), retries: 0 }, async ({ step }) => {
  const out: number[] = [];
  for (let i = 0; i < 3; i++) out.push(await step.run("same", () => (hit("same"), i)));
  for (let i = 0; i < 3; i++) await step.sendEvent("tell", { name: "test/signal.sent", data: { creatorId: null, key: `repeat-${i}` } });
  return out;
});

const parallel = inngest.createFunction({ id: "x-parallel", triggers: on("parallel"), retries: 2 }, async ({ step }) => {
  const [ok, bad] = await Promise.allSettled([
    step.run("ok", () => (hit("parallel-ok"), "fine")),
    step.run("bad", () => {
      hit("parallel-bad");
      throw new NonRetriableError("nope");
    }),
  ]);
  await step.run("after", () => hit("parallel-after"));
  return { ok: ok.status, bad: bad.status };
});

const child = inngest.createFunction(
  { id: "x-child", triggers: [{ event: "test/signal.sent", if: "event.data.key == 'never'" }], retries: 0 },
  async ({ event, step }) => {
    const n = (event.data as { n: number }).n;
    if (n < 0) await step.run("refuse", () => Promise.reject(new NonRetriableError("negative")));
    return step.run("double", () => n * 2);
  },
);
const parent = inngest.createFunction({ id: "x-parent", triggers: on("invoke"), retries: 0 }, async ({ event, step }) => {
  const n = (event.data as { n: number }).n;
  try {
    const doubled = await step.invoke("call-child", { function: child, data: { n } });
    return { doubled };
  } catch (err) {
    return { failed: (err as Error).message };
  }
});

const failing = inngest.createFunction(
  {
    id: "x-failing",
    triggers: on("fail"),
    retries: 0,
    onFailure: async ({ event, step }) => {
      await step.run("note", () => hit(`on-failure:${(event.data as { error: { message: string } }).error.message}`));
    },
  },
  async ({ step }) => {
    await step.run("explode", () => Promise.reject(new NonRetriableError("kaboom")));
  },
);

const rateLimited = inngest.createFunction(
  { id: "x-rate", triggers: on("rate"), rateLimit: { limit: 2, period: "1h", key: "event.data.key" } },
  async ({ step }) => step.run("r", () => hit("rate")),
);

const debounced = inngest.createFunction(
  { id: "x-debounce", triggers: on("debounce"), debounce: { period: "1h", key: "event.data.key" } },
  async ({ event, step }) => step.run("d", () => (hit("debounce"), (event.data as { v: number }).v)),
);

const batched = inngest.createFunction({ id: "x-batch", triggers: on("batch"), batchEvents: { maxSize: 3, timeout: "60s" } }, async ({ events, step }) =>
  step.run("b", () => (hit("batch"), events.map((e) => (e.data as { v: number }).v))),
);

const order: string[] = [];
const prioritized = inngest.createFunction(
  { id: "x-priority", triggers: on("priority"), priority: { run: "event.data.p" }, concurrency: { limit: 1 } },
  async ({ event, step }) => step.run("p", () => order.push((event.data as { name: string }).name)),
);

const timed = inngest.createFunction({ id: "x-timeouts", triggers: on("timeouts"), timeouts: { start: "1h", finish: "1h" } }, async ({ step }) => {
  await step.sleep("long", "2d");
  return "woke";
});

let slowRelease: (() => void) | null = null;
const keyed = inngest.createFunction({ id: "x-keys", triggers: on("keys"), concurrency: { limit: 1, key: "event.data.key" } }, async ({ event, step }) =>
  step.run("k", async () => {
    const n = hit(`keys-${(event.data as { key: string }).key}`);
    // the first A run holds A's only slot until the test lets it go
    if ((event.data as { key: string }).key === "A" && n === 1) await new Promise<void>((r) => (slowRelease = r));
  }),
);

const crashy = inngest.createFunction({ id: "x-crashy", triggers: on("crashy"), retries: 1 }, async ({ step }) =>
  step.run("flaky", () => {
    hit("crashy");
    throw new Error("still broken");
  }),
);

const idemOptional = inngest.createFunction({ id: "x-idem-optional", triggers: on("idem-optional"), idempotency: "event.data.key" }, async ({ step }) =>
  step.run("i", () => hit("idem-optional")),
);

const flakyEach = inngest.createFunction({ id: "x-flaky-each", triggers: on("flaky-each"), retries: 1 }, async ({ step }) => {
  for (const name of ["a", "b", "c"]) {
    await step.run(name, () => {
      if (hit(`flaky-${name}`) === 1) throw new Error(`${name} failed once`);
      return name;
    });
  }
  return "all done";
});

const slowSteps = inngest.createFunction({ id: "x-slow-steps", triggers: on("slow-steps"), timeouts: { finish: "1s" } }, async ({ step }) => {
  for (let i = 0; i < 6; i++) await step.run(`s${i}`, async () => (hit("slow-step"), await sleep(400)));
  return "finished";
});

const handler = serve({
  client: inngest,
  functions: [
    repeated,
    parallel,
    child,
    parent,
    failing,
    rateLimited,
    debounced,
    batched,
    prioritized,
    timed,
    keyed,
    crashy,
    idemOptional,
    flakyEach,
    slowSteps,
  ],
}) as unknown as ServeHandler;
const fid = (id: string) => `courseforge-${id}`;
const runners: Runner[] = [];
const newRunner = (opts: { maxParallel?: number } = {}) => {
  const r = new Runner({ handler, signingKey: embeddedSigningKey(), pollMs: 20, ...opts });
  runners.push(r);
  return r;
};
const send = (r: Runner, data: Record<string, unknown>, id?: string) =>
  r.enqueue({ name: "test/job.requested", data: { creatorId: null, ...data }, creatorId: null, id });

async function runsOf(functionId: string) {
  const db = await getDb();
  return db
    .select()
    .from(jobRuns)
    .where(eq(jobRuns.functionId, fid(functionId)))
    .orderBy(jobRuns.createdAt);
}
async function due(functionId: string) {
  const db = await getDb();
  await db
    .update(jobRuns)
    .set({ runAfter: new Date(Date.now() - 1000) })
    .where(eq(jobRuns.functionId, fid(functionId)));
}

beforeAll(async () => {
  await getDb();
});
afterEach(async () => {
  slowRelease?.();
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  setRunnerForTests(undefined);
});

describe("the executor runs the SDK's own step semantics", () => {
  it("repeated step ids are distinct steps (the SDK's suffixes), each run once; repeated sendEvent ids send every event", async () => {
    const r = newRunner();
    await send(r, { kind: "repeat" });
    await r.drain();
    const [run] = await runsOf("x-repeated");
    expect(run).toMatchObject({ status: "completed", output: [0, 1, 2] });
    expect(calls.same).toBe(3);
    const db = await getDb();
    const told = await db
      .select()
      .from(jobEvents)
      .where(and(eq(jobEvents.name, "test/signal.sent"), sql`${jobEvents.data}->>'key' like 'repeat-%'`));
    expect(told.map((e) => (e.data as { key: string }).key).sort()).toEqual(["repeat-0", "repeat-1", "repeat-2"]);
  });

  it("parallel steps with one failing: the other runs once and is never repeated; the function goes on", async () => {
    const r = newRunner();
    await send(r, { kind: "parallel" });
    await r.drain();
    const [run] = await runsOf("x-parallel");
    expect(run).toMatchObject({ status: "completed", output: { ok: "fulfilled", bad: "rejected" } });
    expect([calls["parallel-ok"], calls["parallel-bad"], calls["parallel-after"]]).toEqual([1, 1, 1]);
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    expect(steps.map((s) => [s.name, s.status]).sort()).toEqual([
      ["after", "completed"],
      ["bad", "failed"],
      ["ok", "completed"],
    ]);
  });

  it("step.invoke runs the other function and returns its result, or its failure as an error", async () => {
    const r = newRunner();
    await send(r, { kind: "invoke", n: 21 });
    await send(r, { kind: "invoke", n: -1 });
    await r.drain();
    const outputs = (await runsOf("x-parent")).map((p) => p.output);
    expect(outputs).toContainEqual({ doubled: 42 });
    expect(outputs.find((o) => (o as { failed?: string }).failed)).toMatchObject({ failed: expect.stringMatching(/negative/) });
    const children = await runsOf("x-child");
    expect(children.map((c) => c.status).sort()).toEqual(["completed", "failed"]);
    expect(children.every((c) => c.eventName === "inngest/function.invoked" && c.parentRunId)).toBe(true);
  });

  it("onFailure runs when a function fails for good, with the error", async () => {
    const r = newRunner();
    await send(r, { kind: "fail" });
    await r.drain();
    expect((await runsOf("x-failing"))[0]).toMatchObject({ status: "failed", failedStep: "explode" });
    expect(calls["on-failure:kaboom"]).toBe(1);
    expect((await runsOf("x-failing-failure"))[0]).toMatchObject({ status: "completed", eventName: "inngest/function.failed" });
  });
});

describe("flow control the executor owns", () => {
  it("rateLimit: at most `limit` runs per period and key; the rest are dropped", async () => {
    const r = newRunner();
    for (let i = 0; i < 5; i++) await send(r, { kind: "rate", key: "k1" });
    await send(r, { kind: "rate", key: "k2" });
    await r.drain();
    const runs = await runsOf("x-rate");
    expect(runs.filter((x) => x.rateKey === "k1")).toHaveLength(2);
    expect(runs.filter((x) => x.rateKey === "k2")).toHaveLength(1);
    expect(calls.rate).toBe(3);
  });

  it("debounce: a burst becomes one run, with the last event, after the quiet period", async () => {
    const r = newRunner();
    for (const v of [1, 2, 3]) await send(r, { kind: "debounce", key: "d", v });
    await r.drain();
    let runs = await runsOf("x-debounce");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe("queued"); // waiting for quiet
    await due("x-debounce");
    await r.drain();
    runs = await runsOf("x-debounce");
    expect(runs[0]).toMatchObject({ status: "completed", output: 3 });
    expect(calls.debounce).toBe(1);
  });

  it("batchEvents: a full batch runs at once with all its events; a partial one when its timeout comes", async () => {
    const r = newRunner();
    for (const v of [1, 2, 3, 4]) await send(r, { kind: "batch", v });
    await r.drain();
    let runs = await runsOf("x-batch");
    expect(runs.map((x) => [x.status, x.events.length])).toEqual([
      ["completed", 3],
      ["queued", 1],
    ]);
    expect(runs[0]!.output).toEqual([1, 2, 3]);
    await due("x-batch");
    await r.drain();
    runs = await runsOf("x-batch");
    expect(runs[1]).toMatchObject({ status: "completed", output: [4] });
  });

  it("priority: a higher-priority run queued later starts first", async () => {
    const r = newRunner({ maxParallel: 1 });
    await send(r, { kind: "priority", name: "low", p: 0 });
    await send(r, { kind: "priority", name: "high", p: 300 });
    await r.drain();
    expect(order).toEqual(["high", "low"]);
  });

  it("timeouts: a run past its finish timeout is cancelled (a parked sleep included)", async () => {
    const r = newRunner();
    await send(r, { kind: "timeouts" });
    await r.drain();
    const [run] = await runsOf("x-timeouts");
    expect(run!.status).toBe("sleeping");
    const db = await getDb();
    await db
      .update(jobRuns)
      .set({ finishBy: new Date(Date.now() - 1000) })
      .where(eq(jobRuns.id, run!.id));
    await r.drain();
    expect((await runsOf("x-timeouts"))[0]).toMatchObject({ status: "cancelled", error: { name: "InngestTimeoutError" } });
  });

  it("timeouts: a run that could not start in time is cancelled, not started late", async () => {
    const r = newRunner();
    await send(r, { kind: "timeouts" });
    const db = await getDb();
    const [run] = (await runsOf("x-timeouts")).filter((x) => x.status === "queued");
    await db
      .update(jobRuns)
      .set({ startBy: new Date(Date.now() - 1000) })
      .where(eq(jobRuns.id, run!.id));
    await r.drain();
    expect((await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id)))[0]).toMatchObject({ status: "cancelled", startedAt: null });
  });

  it("one concurrency key's backlog does not hold up another key", async () => {
    const r = newRunner({ maxParallel: 2 });
    for (let i = 0; i < 12; i++) await send(r, { kind: "keys", key: "A" });
    await send(r, { kind: "keys", key: "B" });
    // A's first run holds its only slot; B must still get in despite eleven A runs ahead of it
    const deadline = Date.now() + 10_000;
    while (!calls["keys-B"] && Date.now() < deadline) {
      await r.tick();
      await sleep(20);
    }
    expect(calls["keys-B"]).toBe(1);
    expect(calls["keys-A"]).toBe(1);
  });

  it("a worker that died holding a run spent one of its attempts: the reclaimed run has one try left, not two", async () => {
    const r = newRunner();
    await send(r, { kind: "crashy" });
    const db = await getDb();
    const [run] = await runsOf("x-crashy");
    // the step took its worker down on the first attempt: running, lease expired, nothing recorded
    await db
      .update(jobRuns)
      .set({ status: "running", lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000), startedAt: new Date() })
      .where(eq(jobRuns.id, run!.id));
    await r.drain();
    expect((await runsOf("x-crashy"))[0]).toMatchObject({ status: "failed", failedStep: "flaky" });
    expect(calls.crashy).toBe(1); // retries: 1 → two attempts in all, and the dead worker's was the first
  });

  it("an idempotency key that evaluates to empty means no key: every such event runs", async () => {
    const r = newRunner();
    await send(r, { kind: "idem-optional" });
    await send(r, { kind: "idem-optional" });
    await send(r, { kind: "idem-optional", key: "k" });
    await send(r, { kind: "idem-optional", key: "k" });
    await r.drain();
    expect(calls["idem-optional"]).toBe(3);
  });

  it("a run whose worker died holding it counts the attempt when it is reclaimed", async () => {
    const r = newRunner();
    await send(r, { kind: "rate", key: "reclaim" });
    const db = await getDb();
    const [run] = (await runsOf("x-rate")).filter((x) => x.rateKey === "reclaim");
    // a worker claimed it and died: running, lease expired
    await db
      .update(jobRuns)
      .set({ status: "running", lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000), startedAt: new Date() })
      .where(eq(jobRuns.id, run!.id));
    await r.drain();
    const [after] = await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id));
    expect(after!.status).toBe("completed");
    const [step] = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    expect(step!.status).toBe("completed");
    // the attempt the dead worker spent was counted (and reset once a step completed)
    expect(after!.attempt).toBe(0);
  });
});

describe("what the intruder review found", () => {
  it("retries are per step: each step of a retries:1 function may fail once, and the run still completes", async () => {
    const r = newRunner();
    await send(r, { kind: "flaky-each" });
    for (let i = 0; i < 6; i++) {
      await r.drain();
      await due("x-flaky-each");
    }
    await r.drain();
    expect((await runsOf("x-flaky-each"))[0]).toMatchObject({ status: "completed", output: "all done" });
    expect([calls["flaky-a"], calls["flaky-b"], calls["flaky-c"]]).toEqual([2, 2, 2]);
  });

  it("a finish timeout stops a run between steps, even while one call runs them back to back", async () => {
    const r = newRunner();
    await send(r, { kind: "slow-steps" });
    await r.drain();
    const [run] = await runsOf("x-slow-steps");
    expect(run).toMatchObject({ status: "cancelled", error: { name: "InngestTimeoutError" } });
    expect(calls["slow-step"]).toBeLessThan(6);
  });

  it("the failure handler's run belongs to the failed run's school, under an event id of its own", async () => {
    const r = newRunner();
    const school = crypto.randomUUID();
    await r.enqueue({ name: "test/job.requested", data: { creatorId: school, kind: "fail" }, creatorId: school });
    await r.drain();
    const db = await getDb();
    const handlers = await db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.functionId, fid("x-failing-failure")), eq(jobRuns.creatorId, school)));
    expect(handlers).toHaveLength(1);
    const [failed] = await db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.functionId, fid("x-failing")), eq(jobRuns.creatorId, school)));
    expect(handlers[0]!.eventId).not.toBe(failed!.eventId);
  });

  it("a huge key value is stored hashed: the run is created and runs, and other events are delivered", async () => {
    const r = newRunner();
    await send(r, { kind: "keys", key: "k".repeat(20_000) });
    await send(r, { kind: "keys", key: "small" });
    await r.drain();
    const runs = await runsOf("x-keys");
    expect(runs.filter((x) => x.status === "completed").length).toBeGreaterThanOrEqual(2);
    expect(runs.every((x) => (x.concurrencyKeys ?? []).every((k) => k.length < 300))).toBe(true);
    const db = await getDb();
    expect(
      await db
        .select()
        .from(jobEvents)
        .where(sql`${jobEvents.dispatchError} is not null`),
    ).toEqual([]);
  });
});

describe("registration refuses what the executor cannot honour", () => {
  it("an expression it cannot evaluate, or throttle burst, is refused at sync with a clear error", async () => {
    const bad = inngest.createFunction(
      { id: "x-bad-key", triggers: [{ event: "test/job.requested" }], concurrency: { limit: 1, key: "event.data.a + event.data.b" } },
      async () => null,
    );
    const badRunner = new Runner({ handler: serve({ client: inngest, functions: [bad] }) as unknown as ServeHandler, signingKey: embeddedSigningKey() });
    await expect(badRunner.sync()).rejects.toThrow(/cannot evaluate the concurrency key "event.data.a \+ event.data.b"/);
    const burst = inngest.createFunction(
      { id: "x-burst", triggers: [{ event: "test/job.requested" }], throttle: { limit: 1, period: "1m", burst: 3 } },
      async () => null,
    );
    const burstRunner = new Runner({ handler: serve({ client: inngest, functions: [burst] }) as unknown as ServeHandler, signingKey: embeddedSigningKey() });
    await expect(burstRunner.sync()).rejects.toThrow(/throttle.burst is not implemented/);
  });

  it("a request not signed with the deployment's key is refused by the serve handler", async () => {
    const stranger = new Runner({ handler, signingKey: `signkey-prod-${"0".repeat(64)}` });
    await expect(stranger.sync()).rejects.toThrow(/sync failed \(401\)/);
  });
});

describe("events are facts recorded with the write (transactional outbox)", () => {
  it("a rolled-back write sends nothing", async () => {
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await sendEvent(tx, { name: "test/job.requested", data: { creatorId: null, kind: "repeat", key: "rolled-back" } });
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(
      await db
        .select()
        .from(jobEvents)
        .where(sql`${jobEvents.data}->>'key' = 'rolled-back'`),
    ).toEqual([]);
  });

  it("a crash between the write and the delivery loses nothing: the next runner delivers it", async () => {
    const db = await getDb();
    // committed with the write, while no runner is running (the process "crashes" before dispatching)
    await db.transaction((tx) => sendEvent(tx, { name: "test/job.requested", data: { creatorId: null, kind: "rate", key: "after-crash" } }));
    const [pending] = await db
      .select()
      .from(jobEvents)
      .where(sql`${jobEvents.data}->>'key' = 'after-crash'`);
    expect(pending!.dispatchedAt).toBeNull();
    const r = newRunner();
    await r.drain();
    expect((await runsOf("x-rate")).filter((x) => x.rateKey === "after-crash").map((x) => x.status)).toEqual(["completed"]);
    const [done] = await db.select().from(jobEvents).where(eq(jobEvents.id, pending!.id));
    expect(done!.dispatchedAt).not.toBeNull();
  });
});
