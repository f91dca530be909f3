import { eq } from "drizzle-orm";
import { serve } from "inngest/next";
import { afterEach, beforeAll, describe, it } from "vitest";
import { getDb } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { embeddedSigningKey } from "@/inngest/embedded";
import { sendEvent } from "@/inngest/send";
import { setRunnerForTests } from "@/inngest/runtime";
import type { ServeHandler } from "@/inngest/runner/protocol";
import { Runner } from "@/inngest/runner/worker";
import { countPendingEvents } from "@/inngest/runner/store";

const calls: Record<string, number> = {};
const hit = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const on = (kind: string) => [{ event: "test/job.requested" as const, if: `event.data.kind == '${kind}'` }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let active = 0, maxActive = 0;

const rate = inngest.createFunction({ id: "q-rate", triggers: on("rate"), rateLimit: { limit: 2, period: "1h", key: "event.data.key" } }, async ({ step }) => step.run("r", () => hit("rate")));
const deb = inngest.createFunction({ id: "q-deb", triggers: on("deb"), debounce: { period: "1h", key: "event.data.key" } }, async ({ step }) => step.run("d", () => hit("deb")));
const idem = inngest.createFunction({ id: "q-idem", triggers: on("idem"), idempotency: "event.data.key" }, async ({ step }) => step.run("i", () => hit("idem")));
const batch = inngest.createFunction({ id: "q-batch", triggers: on("batch"), batchEvents: { maxSize: 3, timeout: "1h" } }, async ({ events, step }) => step.run("b", () => events.length));
const conc = inngest.createFunction({ id: "q-conc", triggers: on("conc"), concurrency: { limit: 1, key: "event.data.key" } }, async ({ step }) =>
  step.run("c", async () => { active++; maxActive = Math.max(maxActive, active); await sleep(150); active--; hit("conc"); }),
);

const handler = serve({ client: inngest, functions: [rate, deb, idem, batch, conc] }) as unknown as ServeHandler;
const fid = (id: string) => `courseforge-${id}`;
const runners: Runner[] = [];
const newRunner = (o: { maxParallel?: number } = {}) => { const r = new Runner({ handler, signingKey: embeddedSigningKey(), pollMs: 20, ...o }); runners.push(r); return r; };
async function runsOf(id: string) { const db = await getDb(); return db.select().from(jobRuns).where(eq(jobRuns.functionId, fid(id))).orderBy(jobRuns.createdAt); }
const pump = async (r: Runner) => { while ((await r.dispatch(1)) > 0); };

beforeAll(async () => { await getDb(); });
afterEach(async () => { await Promise.all(runners.splice(0).map((r) => r.stop())); setRunnerForTests(undefined); });

describe("two runners on Postgres", () => {
  it("P10 dispatch races: rate limit, debounce, idempotency, batch", async () => {
    const r1 = newRunner(), r2 = newRunner(), r3 = newRunner();
    await Promise.all([r1.sync(), r2.sync(), r3.sync()]);
    for (let i = 0; i < 10; i++) {
      await sendEvent(null, "test/job.requested", { creatorId: null, kind: "rate", key: "k" } as never);
      await sendEvent(null, "test/job.requested", { creatorId: null, kind: "deb", key: "k" } as never);
      await sendEvent(null, "test/job.requested", { creatorId: null, kind: "idem", key: "k" } as never);
      await sendEvent(null, "test/job.requested", { creatorId: null, kind: "batch" } as never);
    }
    await Promise.all([pump(r1), pump(r2), pump(r3)]);
    console.log("pending after pump:", await countPendingEvents());
    console.log("P10 rate runs", (await runsOf("q-rate")).length, "deb runs", (await runsOf("q-deb")).length, "idem runs", (await runsOf("q-idem")).length,
      "batch runs", (await runsOf("q-batch")).map((b) => b.events.length));
  });

  it("P10b concurrency limit 1 per key across two started runners", async () => {
    const r1 = newRunner({ maxParallel: 4 }), r2 = newRunner({ maxParallel: 4 });
    for (let i = 0; i < 8; i++) await sendEvent(null, "test/job.requested", { creatorId: null, kind: "conc", key: "same" } as never);
    await Promise.all([r1.start(), r2.start()]);
    const t = Date.now() + 15000;
    while ((calls.conc ?? 0) < 8 && Date.now() < t) await sleep(50);
    console.log("P10b conc calls", calls.conc, "maxActive", maxActive);
  });
});
