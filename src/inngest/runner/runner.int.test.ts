import { eq, inArray, sql } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobEvents, jobRuns, jobSchedules, jobSteps } from "@/db/schema";
import { serve } from "inngest/next";
import { inngest } from "../client";
import { embeddedSigningKey } from "../embedded";
import { InvalidEventError } from "../events";
import type { ServeHandler } from "./protocol";
import { pruneJobHistory } from "./retention";
import { Runner } from "./worker";

const calls: Record<string, number> = {};
const hit = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const threeStep = inngest.createFunction(
  { id: "t-three-step", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'three'" }], retries: 3 },
  async ({ event, step }) => {
    const n = (event.data as { n: number }).n;
    const a = await step.run("a", () => (hit(`a${n}`), n * 2));
    const b = await step.run("b", () => (hit(`b${n}`), a + 1));
    const c = await step.run("c", () => (hit(`c${n}`), b + 1));
    return { c };
  },
);

let flaky = 0;
const retrying = inngest.createFunction(
  { id: "t-retry", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'retry'" }], retries: 3 },
  async ({ step }) => {
    const v = await step.run("flaky", () => {
      flaky++;
      if (flaky < 3) throw new Error(`boom ${flaky}`);
      return "ok";
    });
    return v;
  },
);

const fatal = inngest.createFunction(
  { id: "t-fatal", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'fatal'" }], retries: 5 },
  async ({ step }) => {
    await step.run("fails", () => {
      hit("fatal");
      throw new NonRetriableError("card declined");
    });
  },
);

const sleeper = inngest.createFunction(
  {
    id: "t-sleep",
    triggers: [{ event: "test/job.requested", if: "event.data.kind == 'sleep'" }],
    cancelOn: [{ event: "test/signal.sent", match: "data.key" }],
  },
  async ({ step }) => {
    await step.run("before", () => hit("before-sleep"));
    await step.sleep("nap", "3d");
    await step.run("after", () => hit("after-sleep"));
    return "woke";
  },
);

const waiter = inngest.createFunction({ id: "t-wait", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'wait'" }] }, async ({ step }) => {
  const got = await step.waitForEvent("signal", { event: "test/signal.sent", match: "data.key", timeout: "1h" });
  return { got: got ? (got.data as { key: string }).key : null };
});

const oddWaiter = inngest.createFunction(
  { id: "t-wait-odd", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'wait-odd'" }] },
  async ({ step }) => step.waitForEvent("signal", { event: "test/signal.sent", if: "async.data.n > event.data.n", timeout: "1h" }),
);

let active: Record<string, number> = {};
const maxActive: Record<string, number> = {};
const limited = inngest.createFunction(
  { id: "t-concurrency", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'conc'" }], concurrency: { limit: 1, key: "event.data.key" } },
  async ({ event, step }) => {
    const key = (event.data as { key: string }).key;
    await step.run("work", async () => {
      active[key] = (active[key] ?? 0) + 1;
      maxActive[key] = Math.max(maxActive[key] ?? 0, active[key]!);
      maxActive.all = Math.max(
        maxActive.all ?? 0,
        Object.values(active).reduce((a, b) => a + b, 0),
      );
      await sleep(40);
      active[key]!--;
    });
  },
);

const idem = inngest.createFunction(
  { id: "t-idem", triggers: [{ event: "test/job.requested", if: "event.data.kind == 'idem'" }], idempotency: "event.data.key" },
  async ({ step }) => {
    await step.run("once", () => hit("idem"));
  },
);

const throttled = inngest.createFunction(
  {
    id: "t-throttle",
    triggers: [{ event: "test/job.requested", if: "event.data.kind == 'throttle'" }],
    throttle: { limit: 2, period: "1h", key: "event.data.creatorId" },
  },
  async ({ step }) => step.run("t", () => hit("throttle")),
);

const cronFn = inngest.createFunction({ id: "t-cron", triggers: [{ cron: "*/5 * * * *" }] }, async ({ step }) => step.run("tick", () => hit("cron")));

// The functions are served the way the app serves its own (src/inngest/serve.ts); the runner drives them
// through that handler, as Inngest's executor would.
const handler = serve({
  client: inngest,
  functions: [threeStep, retrying, fatal, sleeper, waiter, oddWaiter, limited, idem, throttled, cronFn],
}) as unknown as ServeHandler;
const runners: Runner[] = [];
const newRunner = (opts: { maxParallel?: number } = {}) => {
  const r = new Runner({ handler, signingKey: embeddedSigningKey(), pollMs: 20, ...opts });
  runners.push(r);
  return r;
};
/** The SDK's id of a function: the app id, then the function's own. */
const fid = (id: string) => `courseforge-${id}`;

async function runOf(eventId: string, functionId: string) {
  const db = await getDb();
  const [r] = await db
    .select()
    .from(jobRuns)
    .where(sql`${jobRuns.eventId} = ${eventId} and ${jobRuns.functionId} = ${fid(functionId)}`);
  return r!;
}
async function until(pred: () => Promise<boolean>, runner: Runner, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error("condition not reached");
    await runner.drain();
    await sleep(10);
  }
}
const send = (r: Runner, data: Record<string, unknown>, id?: string) =>
  r.enqueue({ name: "test/job.requested", data: { creatorId: null, ...data }, creatorId: null, id });

beforeAll(async () => {
  await getDb();
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

describe("embedded runner", () => {
  it("learns the functions from the serve handler (in-band sync), as Inngest does", async () => {
    const specs = await newRunner().functions();
    const f = specs.find((s) => s.id === fid("t-concurrency"))!;
    expect(f).toMatchObject({ concurrency: [{ limit: 1, key: "event.data.key", scope: "fn" }], retries: 3 });
    expect(specs.find((s) => s.id === fid("t-cron"))!.crons).toEqual(["*/5 * * * *"]);
    expect(specs.find((s) => s.id === fid("t-sleep"))!.cancel).toEqual([
      { event: "test/signal.sent", if: "event.data.key == async.data.key", timeoutMs: null },
    ]);
  });

  it("runs a 3-step function to completion, each step once", async () => {
    const r = newRunner();
    const { id } = await send(r, { kind: "three", n: 1 });
    await r.drain();
    const run = await runOf(id, "t-three-step");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ c: 4 });
    expect([calls.a1, calls.b1, calls.c1]).toEqual([1, 1, 1]);
  });

  it("resumes after a crash between steps without repeating the completed step", async () => {
    const crashed = newRunner();
    let release!: () => void;
    crashed.hooks.afterStep = (_run, step) => (step === "a" ? new Promise<void>((res) => (release = res)) : undefined); // the process "dies" here
    const { id } = await send(crashed, { kind: "three", n: 2 });
    await crashed.tick();
    const db = await getDb();
    await until(
      async () => (await db.select().from(jobSteps).innerJoin(jobRuns, eq(jobRuns.id, jobSteps.runId)).where(eq(jobRuns.eventId, id))).length === 1,
      newRunner({ maxParallel: 0 }),
    );
    // the lease of the dead runner expires; another runner picks the run up
    await db
      .update(jobRuns)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobRuns.eventId, id));
    const survivor = newRunner();
    await until(async () => (await runOf(id, "t-three-step")).status === "completed", survivor);
    expect([calls.a2, calls.b2, calls.c2]).toEqual([1, 1, 1]);
    // the dead runner wakes up late: its lease is gone, so it cannot write anything
    release();
    await sleep(50);
    expect((await runOf(id, "t-three-step")).output).toEqual({ c: 6 });
    expect(calls.b2).toBe(1);
  });

  it("retries a failing step with backoff, then succeeds; history keeps the error until then", async () => {
    const r = newRunner();
    const { id } = await send(r, { kind: "retry" });
    await until(async () => (await runOf(id, "t-retry")).status === "completed", r);
    expect(flaky).toBe(3);
    expect((await runOf(id, "t-retry")).output).toBe("ok");
  });

  it("NonRetriableError stops at once and records the error and the step", async () => {
    const r = newRunner();
    const { id } = await send(r, { kind: "fatal" });
    await r.drain();
    const run = await runOf(id, "t-fatal");
    expect(run.status).toBe("failed");
    expect(run.failedStep).toBe("fails");
    expect(run.error?.message).toBe("card declined");
    expect(calls.fatal).toBe(1);
    expect(run.event.data).toMatchObject({ kind: "fatal" }); // inputs kept for a retry
  });

  it("a days-long sleep is a persisted timer that survives a restart", async () => {
    const first = newRunner();
    const { id } = await send(first, { kind: "sleep", key: "s1" });
    await first.drain();
    let run = await runOf(id, "t-sleep");
    expect(run.status).toBe("sleeping");
    expect(run.runAfter.getTime() - Date.now()).toBeGreaterThan(3 * 86400_000 - 60_000);
    await first.stop();
    const second = newRunner();
    await second.drain(); // not due yet: nothing happens
    expect((await runOf(id, "t-sleep")).status).toBe("sleeping");
    // three days pass
    const db = await getDb();
    const past = new Date(Date.now() - 1000);
    await db.update(jobRuns).set({ runAfter: past }).where(eq(jobRuns.id, run.id));
    await db.update(jobSteps).set({ wakeAt: past }).where(eq(jobSteps.runId, run.id));
    await second.drain();
    run = await runOf(id, "t-sleep");
    expect(run.status).toBe("completed");
    expect(run.output).toBe("woke");
  });

  it("waitForEvent resumes on a matching event only, and returns null on timeout", async () => {
    const r = newRunner();
    const { id } = await send(r, { kind: "wait", key: "k1" });
    const timeoutRun = await send(r, { kind: "wait", key: "k2" });
    await r.drain();
    expect((await runOf(id, "t-wait")).status).toBe("waiting");
    await r.enqueue({ name: "test/signal.sent", data: { creatorId: null, key: "other" }, creatorId: null });
    await r.drain();
    expect((await runOf(id, "t-wait")).status).toBe("waiting");
    await r.enqueue({ name: "test/signal.sent", data: { creatorId: null, key: "k1" }, creatorId: null });
    await r.drain();
    expect(await runOf(id, "t-wait")).toMatchObject({ status: "completed", output: { got: "k1" } });
    // the other run times out
    const db = await getDb();
    const t = await runOf(timeoutRun.id, "t-wait");
    await db
      .update(jobRuns)
      .set({ runAfter: new Date(Date.now() - 1) })
      .where(eq(jobRuns.id, t.id));
    await db
      .update(jobSteps)
      .set({ wakeAt: new Date(Date.now() - 1) })
      .where(eq(jobSteps.runId, t.id));
    await r.drain();
    expect(await runOf(timeoutRun.id, "t-wait")).toMatchObject({ status: "completed", output: { got: null } });
  });

  it("a waitForEvent condition the runner cannot evaluate fails the run plainly instead of waiting forever", async () => {
    const r = newRunner();
    const { id } = await send(r, { kind: "wait-odd", n: 1 });
    await r.drain();
    const run = await runOf(id, "t-wait-odd");
    expect(run).toMatchObject({ status: "failed", failedStep: "signal" });
    expect(run.error?.message).toMatch(/cannot evaluate if: "async\.data\.n > event\.data\.n"/);
  });

  it("history past the retention window is pruned: finished runs with their steps and delivered events; active runs and undelivered events stay", async () => {
    const r = newRunner();
    const done = await send(r, { kind: "three", n: 9 });
    const waiting = await send(r, { kind: "wait", key: "retention-keep" });
    await r.drain();
    const db = await getDb();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const doneRun = await runOf(done.id, "t-three-step");
    const waitRun = await runOf(waiting.id, "t-wait");
    expect([doneRun.status, waitRun.status]).toEqual(["completed", "waiting"]);
    await db
      .update(jobRuns)
      .set({ createdAt: old, finishedAt: old })
      .where(inArray(jobRuns.id, [doneRun.id, waitRun.id]));
    await db
      .update(jobEvents)
      .set({ ts: old, dispatchedAt: old })
      .where(inArray(jobEvents.id, [done.id, waiting.id]));
    await db.insert(jobEvents).values({ id: "retention-undelivered", name: "test/signal.sent", data: { creatorId: null }, ts: old });
    const pruned = await pruneJobHistory({ retentionDays: 30 });
    expect(pruned.runs).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(jobRuns).where(eq(jobRuns.id, doneRun.id))).toEqual([]);
    expect(await db.select().from(jobSteps).where(eq(jobSteps.runId, doneRun.id))).toEqual([]);
    expect((await runOf(waiting.id, "t-wait")).status).toBe("waiting");
    const left = (
      await db
        .select({ id: jobEvents.id })
        .from(jobEvents)
        .where(inArray(jobEvents.id, [done.id, waiting.id, "retention-undelivered"]))
    ).map((e) => e.id);
    expect(left).toEqual(["retention-undelivered"]);
    await db.delete(jobEvents).where(eq(jobEvents.id, "retention-undelivered"));
  });

  it("honours a concurrency key: one at a time per key, keys in parallel", async () => {
    active = {};
    const r = newRunner({ maxParallel: 8 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) for (const key of ["A", "B"]) ids.push((await send(r, { kind: "conc", key })).id);
    await until(async () => {
      for (const id of ids) if ((await runOf(id, "t-concurrency")).status !== "completed") return false;
      return true;
    }, r);
    expect(maxActive.A).toBe(1);
    expect(maxActive.B).toBe(1);
    expect(maxActive.all).toBe(2);
  });

  it("two runners on one database never execute a step twice", async () => {
    const r1 = newRunner({ maxParallel: 4 });
    const r2 = newRunner({ maxParallel: 4 });
    const ids: string[] = [];
    for (let i = 100; i < 130; i++) ids.push((await send(r1, { kind: "three", n: i })).id);
    await Promise.all([r1.drain(), r2.drain()]);
    await until(async () => {
      for (const id of ids) if ((await runOf(id, "t-three-step")).status !== "completed") return false;
      return true;
    }, r1);
    for (let i = 100; i < 130; i++) expect([calls[`a${i}`], calls[`b${i}`], calls[`c${i}`]]).toEqual([1, 1, 1]);
  });

  it("cancelOn cancels a sleeping run with the matching key only", async () => {
    const r = newRunner();
    const keep = await send(r, { kind: "sleep", key: "keep" });
    const drop = await send(r, { kind: "sleep", key: "drop" });
    await r.drain();
    await r.enqueue({ name: "test/signal.sent", data: { creatorId: null, key: "drop" }, creatorId: null });
    expect((await runOf(drop.id, "t-sleep")).status).toBe("cancelled");
    expect((await runOf(keep.id, "t-sleep")).status).toBe("sleeping");
  });

  it("idempotency key and duplicate event ids each create one run", async () => {
    const r = newRunner();
    await send(r, { kind: "idem", key: "same" });
    await send(r, { kind: "idem", key: "same" });
    const again = await send(r, { kind: "three", n: 7 }, "fixed-event-id");
    const dup = await send(r, { kind: "three", n: 7 }, "fixed-event-id");
    expect(again.duplicate).toBe(false);
    expect(dup.duplicate).toBe(true);
    await r.drain();
    expect(calls.idem).toBe(1);
    expect(calls.a7).toBe(1);
  });

  it("throttle starts at most `limit` runs per period and key", async () => {
    const r = newRunner();
    const creator = "00000000-0000-4000-8000-000000000001";
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await r.enqueue({ name: "test/job.requested", data: { creatorId: creator, kind: "throttle" }, creatorId: creator })).id);
    await r.drain();
    const statuses = await Promise.all(ids.map(async (id) => (await runOf(id, "t-throttle")).status));
    expect(statuses.filter((s) => s === "completed")).toHaveLength(2);
    expect(statuses.filter((s) => s === "queued")).toHaveLength(1);
  });

  it("fires a due cron tick exactly once across runners", async () => {
    const r1 = newRunner();
    const r2 = newRunner();
    await r1.start();
    await r2.start();
    const db = await getDb();
    await db
      .update(jobSchedules)
      .set({ nextAt: new Date(Date.now() - 1000) })
      .where(eq(jobSchedules.functionId, fid("t-cron")));
    await Promise.all([r1.drain(), r2.drain()]);
    expect(calls.cron).toBe(1);
    const [s] = await db
      .select()
      .from(jobSchedules)
      .where(eq(jobSchedules.functionId, fid("t-cron")));
    expect(s!.nextAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("sendEvent", () => {
  it("rejects an event that fails its schema, and records nothing", async () => {
    const { sendEvent } = await import("../send");
    const db = await getDb();
    const before = (await db.select().from(jobEvents)).length;
    await expect(
      sendEvent(null, { name: "email/send.requested", data: { creatorId: null, to: "not-an-email", template: "magic-link", props: {} as never } }),
    ).rejects.toThrow(InvalidEventError);
    await expect(
      sendEvent(null, { name: "email/send.requested", data: { creatorId: null, to: "a@b.test", template: "nope" as never, props: {} as never } }),
    ).rejects.toThrow(/template/);
    expect((await db.select().from(jobEvents)).length).toBe(before);
  });
});
