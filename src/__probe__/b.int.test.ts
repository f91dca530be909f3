import { eq } from "drizzle-orm";
import { serve } from "inngest/next";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobEvents, jobRuns, jobSteps } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { embeddedSigningKey } from "@/inngest/embedded";
import { setRunnerForTests } from "@/inngest/runtime";
import type { ServeHandler } from "@/inngest/runner/protocol";
import { Runner } from "@/inngest/runner/worker";
import { retryRun } from "@/inngest/runner/store";
import { evalCondition } from "@/inngest/runner/expressions";

const calls: Record<string, number> = {};
const hit = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const on = (kind: string) => [{ event: "test/job.requested" as const, if: `event.data.kind == '${kind}'` }];

const waiter = inngest.createFunction({ id: "p-waiter", triggers: on("waiter"), retries: 0 }, async ({ step }) => {
  const ev = await step.waitForEvent("w", { event: "test/signal.sent", timeout: "1h", if: "async.data.n > 1" });
  return ev;
});
const plain = inngest.createFunction({ id: "p-plain", triggers: on("plain"), retries: 0 }, async ({ step }) => step.run("x", () => hit("plain")));

const par = inngest.createFunction({ id: "p-par", triggers: on("par"), retries: 1 }, async ({ step }) => {
  const r = await Promise.all([
    step.run("A", () => {
      if (hit("A") === 1) throw new Error("A flaky");
      return "a";
    }),
    step.run("B", () => {
      if (hit("B") === 1) throw new Error("B flaky");
      return "b";
    }),
  ]);
  return r;
});

let childFail = true;
const child = inngest.createFunction({ id: "p-child", triggers: [{ event: "test/signal.sent", if: "event.data.key == 'never'" }], retries: 0 }, async ({ step }) =>
  step.run("c", () => {
    hit("child");
    if (childFail) throw new Error("child broken");
    return 7;
  }),
);
const parent = inngest.createFunction({ id: "p-parent", triggers: on("parent"), retries: 0 }, async ({ step }) => {
  const v = await step.invoke("call", { function: child, data: {}, timeout: "1h" });
  return v;
});

let failNow = true;
const failing = inngest.createFunction(
  { id: "p-failing", triggers: on("failing"), retries: 0, onFailure: async ({ step }) => { await step.run("note", () => hit("onFailure")); } },
  async ({ step }) => step.run("boom", () => { if (failNow) throw new Error("boom"); return 1; }),
);

const slowSteps = inngest.createFunction({ id: "p-finish", triggers: on("finish"), retries: 0, timeouts: { finish: "1s" } }, async ({ step }) => {
  for (let i = 0; i < 6; i++) await step.run(`s${i}`, async () => { hit("finish-step"); await new Promise((r) => setTimeout(r, 400)); });
  return "done";
});

const handler = serve({ client: inngest, functions: [waiter, plain, par, child, parent, failing, slowSteps] }) as unknown as ServeHandler;
const fid = (id: string) => `courseforge-${id}`;
const runners: Runner[] = [];
const newRunner = () => { const r = new Runner({ handler, signingKey: embeddedSigningKey(), pollMs: 20 }); runners.push(r); return r; };
const send = (r: Runner, name: string, data: Record<string, unknown>) => r.enqueue({ name, data: { creatorId: null, ...data }, creatorId: null });
async function runsOf(id: string) { const db = await getDb(); return db.select().from(jobRuns).where(eq(jobRuns.functionId, fid(id))).orderBy(jobRuns.createdAt); }

beforeAll(async () => { await getDb(); });
afterEach(async () => { await Promise.all(runners.splice(0).map((r) => r.stop())); setRunnerForTests(undefined); });

describe("probe", () => {
  it("P2 parallel steps: B loses its retry because A's retry is counted", async () => {
    const r = newRunner();
    await send(r, "test/job.requested", { kind: "par" });
    await r.drain();
    const [run] = await runsOf("p-par");
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    console.log("P2 run:", run!.status, JSON.stringify(run!.error), "A calls", calls.A, "B calls", calls.B, steps.map((s) => `${s.name}:${s.status}:${s.attempts}`));
  });

  it("P3 admin retry of a parent whose invoke failed: the child is never created again", async () => {
    const r = newRunner();
    await send(r, "test/job.requested", { kind: "parent" });
    await r.drain();
    let [p] = await runsOf("p-parent");
    console.log("P3 parent first:", p!.status, p!.error?.message, "children", (await runsOf("p-child")).map((c) => c.status));
    childFail = false;
    console.log("retryRun:", await retryRun(p!.id));
    await r.drain();
    [p] = await runsOf("p-parent");
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, p!.id));
    console.log("P3 parent after retry:", p!.status, "runAfter", p!.runAfter.toISOString(), steps.map((s) => `${s.name}:${s.status}:child=${s.childRunId}:wake=${s.wakeAt?.toISOString()}`), "children", (await runsOf("p-child")).map((c) => c.status), "child calls", calls.child);
  });

  it("P4 onFailure after a second failure (admin retry) is dropped", async () => {
    const r = newRunner();
    await send(r, "test/job.requested", { kind: "failing" });
    await r.drain();
    let [f] = await runsOf("p-failing");
    console.log("P4 first:", f!.status, "onFailure calls", calls.onFailure);
    await retryRun(f!.id);
    await r.drain();
    [f] = await runsOf("p-failing");
    const fr = await runsOf("p-failing-failure");
    console.log("P4 after retry:", f!.status, "onFailure calls", calls.onFailure, "failure runs", fr.length, "failure run creatorIds", fr.map((x) => x.creatorId));
  });

  it("P5 finish timeout is not enforced while a checkpointed call keeps running steps", async () => {
    const r = newRunner();
    const t0 = Date.now();
    await send(r, "test/job.requested", { kind: "finish" });
    await r.drain();
    const [run] = await runsOf("p-finish");
    console.log("P5:", run!.status, "after", Date.now() - t0, "ms; steps run", calls["finish-step"], "finishBy", run!.finishBy?.toISOString(), "finishedAt", run!.finishedAt?.toISOString());
  });
});
