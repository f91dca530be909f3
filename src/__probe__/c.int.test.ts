import { eq } from "drizzle-orm";
import { serve } from "inngest/next";
import { afterEach, beforeAll, describe, it } from "vitest";
import { getDb } from "@/db/client";
import { jobRuns, jobSteps } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { embeddedSigningKey } from "@/inngest/embedded";
import { setRunnerForTests } from "@/inngest/runtime";
import type { ServeHandler } from "@/inngest/runner/protocol";
import { Runner } from "@/inngest/runner/worker";
import { cancelRun, retryRun } from "@/inngest/runner/store";

const calls: Record<string, number> = {};
const hit = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const on = (kind: string) => [{ event: "test/job.requested" as const, if: `event.data.kind == '${kind}'` }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gates: Record<string, () => void> = {};
const gate = (k: string) => new Promise<void>((r) => (gates[k] = r));

const dup = inngest.createFunction({ id: "p-dup", triggers: on("dup"), retries: 0 }, async ({ step }) => {
  await step.run("A", async () => { const n = hit("A"); await gate(`A${n}`); return n; });
  await step.run("B", async () => { const n = hit("B"); await gate(`B${n}`); return n; });
  return "ok";
});
const cancelMid = inngest.createFunction({ id: "p-cancel", triggers: on("cancel"), retries: 0 }, async ({ step }) => {
  await step.run("A", async () => { hit("cA"); await gate("cA"); return 1; });
  await step.run("B", () => hit("cB"));
  return "ok";
});

const handler = serve({ client: inngest, functions: [dup, cancelMid] }) as unknown as ServeHandler;
const fid = (id: string) => `courseforge-${id}`;
const runners: Runner[] = [];
const newRunner = () => { const r = new Runner({ handler, signingKey: embeddedSigningKey(), pollMs: 20 }); runners.push(r); return r; };
const send = (r: Runner, data: Record<string, unknown>) => r.enqueue({ name: "test/job.requested", data: { creatorId: null, ...data }, creatorId: null });
async function runsOf(id: string) { const db = await getDb(); return db.select().from(jobRuns).where(eq(jobRuns.functionId, fid(id))).orderBy(jobRuns.createdAt); }
const until = async (f: () => boolean, ms = 5000) => { const t = Date.now() + ms; while (!f() && Date.now() < t) await sleep(10); };

beforeAll(async () => { await getDb(); });
afterEach(async () => { for (const g of Object.values(gates)) g(); await Promise.all(runners.splice(0).map((r) => r.stop())); setRunnerForTests(undefined); });

describe("probe", () => {
  it("P7 cancel during a step: the next step does not run", async () => {
    const r = newRunner();
    await send(r, { kind: "cancel" });
    await r.tick();
    await until(() => !!gates.cA);
    const [run] = await runsOf("p-cancel");
    console.log("P7 cancel:", await cancelRun(run!.id));
    gates.cA!();
    await r.drain();
    const [after] = await runsOf("p-cancel");
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    console.log("P7:", after!.status, JSON.stringify(after!.error), "cA", calls.cA, "cB", calls.cB, steps.map((s) => `${s.name}:${s.status}`));
  });

  it("P6 cancel + retry while the first execution is still in its step: same runner re-claims; both executions continue", async () => {
    const r = newRunner();
    await send(r, { kind: "dup" });
    await r.tick();
    await until(() => !!gates.A1);
    const [run] = await runsOf("p-dup");
    console.log("P6 cancel:", await cancelRun(run!.id), "retry:", await retryRun(run!.id));
    await r.tick();
    await until(() => !!gates.A2);
    const [mid] = await runsOf("p-dup");
    console.log("P6 mid:", mid!.status, mid!.lockedBy === r.id ? "locked by same runner" : mid!.lockedBy);
    gates.A1!();
    await sleep(500);
    console.log("P6 after releasing exec 1: A", calls.A, "B", calls.B);
    gates.A2!();
    await sleep(500);
    console.log("P6 after releasing exec 2: A", calls.A, "B", calls.B);
    gates.B1?.(); gates.B2?.();
    await r.drain();
    const [after] = await runsOf("p-dup");
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    console.log("P6 end:", after!.status, "A", calls.A, "B", calls.B, steps.map((s) => `${s.name}:${s.status}:${JSON.stringify(s.output)}`));
  });
});
