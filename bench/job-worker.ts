// A runner process for the job benchmark (DATABASE_URL must point at the benchmark database).
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { embeddedSigningKey } from "@/inngest/embedded";
import type { ServeHandler } from "@/inngest/runner/protocol";
import { Runner } from "@/inngest/runner/worker";
import { benchThreeStep } from "./job-fn";

const handler = serve({ client: inngest, functions: [benchThreeStep] }) as unknown as ServeHandler;
const runner = new Runner({
  handler,
  signingKey: embeddedSigningKey(),
  pollMs: Number(process.env.JOB_POLL_MS ?? 50),
  maxParallel: Number(process.env.JOB_MAX_PARALLEL ?? 16),
});
await runner.start();
process.send?.("ready");
process.on("SIGTERM", async () => {
  await runner.stop();
  process.exit(0);
});
