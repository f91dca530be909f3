import fs from "node:fs";
import path from "node:path";
import { NonRetriableError } from "inngest";
import { serve } from "inngest/next";
import { describe, expect, it } from "vitest";
import { inngest } from "../client";
import { embeddedSigningKey } from "../embedded";
import { registerCheckpoints, type CheckpointOp } from "./checkpoints";
import { execute, syncFunctions, type ExecuteResult, type ServeHandler, type StepState } from "./protocol";

/**
 * Contract test: recorded request/response pairs of the SDK protocol (inngest pinned in package.json).
 * The executor is only as right as its reading of these answers; an SDK upgrade that changes the
 * protocol — the sync payload, step id hashing, opcodes, status codes — fails here, loudly, before it can
 * change what runs do. After reading the SDK's changelog, re-record with RECORD_PROTOCOL=1.
 */
const contract = inngest.createFunction(
  {
    id: "contract-fn",
    triggers: [{ event: "test/job.requested" }],
    retries: 2,
    concurrency: [{ limit: 2, key: "event.data.creatorId" }],
    cancelOn: [{ event: "test/signal.sent", match: "data.key" }],
  },
  async ({ step }) => {
    const a = await step.run("a", () => 1);
    const [b, c] = await Promise.all([step.run("b", () => 2), step.run("c", () => 3)]);
    await step.sleep("nap", "1s");
    const w = await step.waitForEvent("wait", { event: "test/signal.sent", timeout: "1h", match: "data.key" });
    await step.run("fails", () => Promise.reject(new NonRetriableError("no")));
    return { a, b, c, w };
  },
);

const handler = serve({ client: inngest, functions: [contract] }) as unknown as ServeHandler;
const URL_ = "http://app.localhost:3000/api/inngest";
const FIXTURE = path.join(import.meta.dirname, "__fixtures__", "protocol.json");
const event = { name: "test/job.requested", data: { creatorId: null, key: "k" }, id: "ev-contract", ts: 1_790_000_000_000 };

/** Answers without the parts that vary per call (timings, stacks). */
function shape(r: ExecuteResult) {
  if (r.kind !== "ops") return r.kind === "error" ? { kind: r.kind, retriable: r.retriable, name: r.error.name, message: r.error.message } : r;
  return {
    kind: r.kind,
    noRetry: r.noRetry,
    ops: r.ops.map((o) => ({
      id: o.id,
      op: o.op,
      name: o.name,
      displayName: o.displayName,
      opts: o.opts,
      data: o.data,
      error: o.error ? { name: o.error.name, message: o.error.message } : undefined,
    })),
  };
}

async function conversation() {
  const signingKey = embeddedSigningKey();
  const synced = await syncFunctions({ handler, url: URL_, signingKey });
  const steps: Record<string, StepState> = {};
  const stack: string[] = [];
  const call = (stepId = "step", attempt = 0) =>
    execute({
      handler,
      url: URL_,
      signingKey,
      request: { fnId: "courseforge-contract-fn", stepId, event, events: [event], steps, stack, runId: "run-contract", attempt, maxAttempts: 3 },
    });
  const done = (id: string, state: StepState) => {
    steps[id] = state;
    stack.push(id);
  };
  const answers: unknown[] = [];
  // 1: the first step runs at once
  let r = await call();
  answers.push(shape(r));
  if (r.kind !== "ops") throw new Error("expected ops");
  done(r.ops[0]!.id, { type: "data", data: r.ops[0]!.data });
  // 2: two parallel steps are planned; each runs in a request of its own
  r = await call();
  answers.push(shape(r));
  if (r.kind !== "ops") throw new Error("expected ops");
  for (const planned of r.ops) {
    const one = await call(planned.id);
    answers.push(shape(one));
    if (one.kind === "ops") done(one.ops[0]!.id, { type: "data", data: one.ops[0]!.data });
  }
  // 3: a sleep, then a wait for an event
  r = await call();
  answers.push(shape(r));
  if (r.kind === "ops") done(r.ops[0]!.id, { type: "data", data: null });
  r = await call();
  answers.push(shape(r));
  if (r.kind === "ops") done(r.ops[0]!.id, { type: "data", data: { name: "test/signal.sent", data: { key: "k" } } });
  // 4: a step that fails for good, then the function's own failure
  r = await call();
  answers.push(shape(r));
  if (r.kind === "ops") done(r.ops[0]!.id, { type: "error", error: { name: "NonRetriableError", message: "no" } });
  r = await call();
  answers.push(shape(r));
  // 5: with checkpointing (the SDK's default with Inngest's executor): the sequential steps run in one call,
  // each checkpointed to the executor before the next; the call answers with what is left.
  const checkpointed: unknown[] = [];
  const off = registerCheckpoints("q1", async (ops: CheckpointOp[]) => {
    checkpointed.push(...ops.map((o) => ({ id: o.id, op: o.op, name: o.name, data: o.data })));
    return true;
  });
  try {
    const one = await execute({
      handler,
      url: URL_,
      signingKey,
      request: {
        fnId: "courseforge-contract-fn",
        stepId: "step",
        event,
        events: [event],
        steps: {},
        stack: [],
        runId: "run-checkpointed",
        attempt: 0,
        maxAttempts: 3,
        checkpointing: { fnId: "courseforge-contract-fn", queueItemId: "q1" },
      },
    });
    answers.push({ checkpointed, answer: shape(one) });
  } finally {
    off();
  }
  return { sync: synced.functions, answers };
}

describe("the SDK protocol, as recorded", () => {
  it("sync and execution answers are what the executor was written against", async () => {
    const now = JSON.parse(JSON.stringify(await conversation()));
    if (process.env.RECORD_PROTOCOL) {
      fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
      fs.writeFileSync(FIXTURE, `${JSON.stringify(now, null, 2)}\n`);
    }
    const recorded = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    expect(now).toEqual(recorded);
  });
});
