// `npm run worker`: a standalone embedded job runner against a Postgres server (DATABASE_URL).
// Several may run at once, beside the web server's own runner; a run executes in one place at a time.
import { closeDb } from "@/db/lifecycle";
import { functions } from "@/inngest/functions";
import { jobsMode } from "@/inngest/mode";
import { getRunner } from "@/inngest/runtime";
import { env } from "@/lib/env";

if (jobsMode() !== "embedded") {
  console.error("INNGEST_* is set: Inngest runs the functions; no embedded worker needed.");
  process.exit(1);
}
if (env().databaseDriver === "pglite") {
  console.error("The embedded database (PGlite) belongs to the web server process, whose runner already runs the jobs. Set DATABASE_URL to a Postgres server to run separate workers.");
  process.exit(1);
}
const runner = getRunner(functions);
await runner.start();
console.log(`${runner.id}: running ${runner.functions().map((f) => f.id).join(", ")}`);
const stop = async () => {
  await runner.stop();
  await closeDb();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
