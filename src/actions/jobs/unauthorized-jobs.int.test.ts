import { eq } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { jobRuns, jobSteps } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { embeddedSigningKey } from "@/inngest/embedded";
import type { ServeHandler } from "@/inngest/runner/protocol";
import { Runner } from "@/inngest/runner/worker";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));
const { manageJobRunAction } = await import("./manage-job-run");

let failNow = true;
const calls: string[] = [];
const flaky = inngest.createFunction({ id: "t-admin-retry", triggers: [{ event: "test/job.requested" }], retries: 0 }, async ({ step }) => {
  await step.run("first", () => calls.push("first"));
  await step.run("second", () => {
    calls.push("second");
    if (failNow) throw new NonRetriableError("upstream down");
    return "ok";
  });
});

const handler = serve({ client: inngest, functions: [flaky] }) as unknown as ServeHandler;
const newRunner = () => new Runner({ handler, signingKey: embeddedSigningKey() });

async function as(email: string | null) {
  requestHeaders = new Headers({ host: "app.localhost:3000" });
  if (email) requestHeaders.set("cookie", await signIn("app.localhost:3000", email));
}

beforeAll(async () => {
  await seedDemo();
});

describe("jobs: retry and cancel", () => {
  it("only a platform admin may retry; a retried run resumes after its last completed step", async () => {
    const runner = newRunner();
    const { id } = await runner.enqueue({ name: "test/job.requested", data: { creatorId: null }, creatorId: null });
    await runner.drain();
    const db = await getDb();
    const [run] = await db.select().from(jobRuns).where(eq(jobRuns.eventId, id));
    expect(run).toMatchObject({ status: "failed", failedStep: "second" });

    await as(null);
    expect(await manageJobRunAction({ runId: run!.id, op: "retry" })).toMatchObject({ ok: false, code: "unauthenticated" });
    await as("owner@acme.test");
    expect(await manageJobRunAction({ runId: run!.id, op: "retry" })).toMatchObject({ ok: false, code: "not_found" });
    expect((await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id)))[0]!.status).toBe("failed");

    await as("admin@courseforge.test");
    failNow = false;
    expect(await manageJobRunAction({ runId: run!.id, op: "retry" })).toMatchObject({ ok: true });
    await runner.drain();
    const [after] = await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id));
    expect(after!.status).toBe("completed");
    expect(calls).toEqual(["first", "second", "second"]); // "first" was memoized
    expect((await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id)).orderBy(jobSteps.seq)).map((s) => [s.name, s.status])).toEqual([
      ["first", "completed"],
      ["second", "completed"],
    ]);
    expect(await manageJobRunAction({ runId: run!.id, op: "retry" })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("an admin cancels a queued run; bad ids are refused", async () => {
    const runner = newRunner();
    const { id } = await runner.enqueue({ name: "test/job.requested", data: { creatorId: null }, creatorId: null });
    const db = await getDb();
    const [run] = await db.select().from(jobRuns).where(eq(jobRuns.eventId, id));
    await as("admin@courseforge.test");
    expect(await manageJobRunAction({ runId: "not-a-uuid", op: "cancel" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await manageJobRunAction({ runId: run!.id, op: "cancel" })).toMatchObject({ ok: true });
    await runner.drain();
    expect((await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id)))[0]!.status).toBe("cancelled");
  });
});
