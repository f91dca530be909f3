import { inngest } from "@/inngest/client";

/** The benchmark's 3-step function; step "a" records how long after sendEvent it started. */
export const benchThreeStep = inngest.createFunction(
  { id: "bench-three-step", triggers: [{ event: "test/job.requested" }], retries: 0 },
  async ({ event, step }) => {
    const a = await step.run("a", () => ({ delayMs: Date.now() - (event as { ts: number }).ts }));
    const b = await step.run("b", () => a.delayMs + 1);
    const c = await step.run("c", () => b + 1);
    return c;
  },
);
