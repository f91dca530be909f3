// A runner process for the job benchmark (DATABASE_URL must point at the benchmark database).
import { toLocalFunction } from "@/inngest/runner/registry";
import { Runner } from "@/inngest/runner/worker";
import { benchThreeStep } from "./job-fn";

const runner = new Runner([toLocalFunction(benchThreeStep)], { pollMs: Number(process.env.JOB_POLL_MS ?? 50), maxParallel: Number(process.env.JOB_MAX_PARALLEL ?? 16) });
await runner.start();
process.send?.("ready");
process.on("SIGTERM", async () => {
  await runner.stop();
  process.exit(0);
});
