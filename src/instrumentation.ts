export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("@/lib/startup")).checkConfigurationOrExit();
  const { env } = await import("@/lib/env");
  const { bootstrapDatabase } = await import("@/db/bootstrap");
  await bootstrapDatabase();
  const { jobsMode } = await import("@/inngest/mode");
  // Embedded mode: the job runner lives in the server process (PGlite belongs to one process).
  // With a Postgres server, `npm run worker` processes may run beside it; JOBS_IN_SERVER=off leaves jobs to them.
  if (jobsMode() === "embedded" && env().JOBS_IN_SERVER) {
    const { functions } = await import("@/inngest/functions");
    const { getRunner } = await import("@/inngest/runtime");
    await getRunner(functions).start();
  }
}
