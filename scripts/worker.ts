// `npm run worker`: a standalone embedded job runner against a Postgres server (DATABASE_URL), or, in
// Inngest modes, a relay of the outbox's events to Inngest. Several may run at once, beside the web
// server's own; a run executes in one place at a time.
import { closeDb } from "@/db/lifecycle";
import { jobsMode } from "@/inngest/mode";
import { env } from "@/lib/env";

if (env().databaseDriver === "pglite") {
  console.error(
    "The embedded database (PGlite) belongs to the web server process, whose runner already runs the jobs. Set DATABASE_URL to a Postgres server to run separate workers.",
  );
  process.exit(1);
}
let stopRunner: () => Promise<void>;
if (jobsMode() === "embedded") {
  const { inngestHandler } = await import("@/inngest/serve");
  const { getRunner } = await import("@/inngest/runtime");
  const runner = getRunner(inngestHandler);
  await runner.start();
  console.log(`${runner.id}: running ${(await runner.functions()).map((f) => f.id).join(", ")}`);
  stopRunner = () => runner.stop();
} else {
  const { startRelay } = await import("@/inngest/relay");
  const stop = startRelay(env().JOB_POLL_MS);
  console.log(`relaying the outbox to Inngest (${jobsMode()})`);
  stopRunner = async () => stop();
}
const stop = async () => {
  await stopRunner();
  await closeDb();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
