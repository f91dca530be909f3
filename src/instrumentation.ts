export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("@/lib/startup")).checkConfigurationOrExit();
  const { env } = await import("@/lib/env");
  const { bootstrapDatabase } = await import("@/db/bootstrap");
  if ((await bootstrapDatabase()).needsDemoSeed) await (await import("@/lib/demo/seed")).seedDemo();
  const { jobsMode } = await import("@/inngest/mode");
  // Embedded mode: the job runner lives in the server process (PGlite belongs to one process).
  // With a Postgres server, `npm run worker` processes may run beside it; JOBS_IN_SERVER=off leaves jobs to them.
  if (!env().JOBS_IN_SERVER) return;
  if (jobsMode() === "embedded") {
    const { inngestHandler } = await import("@/inngest/serve");
    const { getRunner } = await import("@/inngest/runtime");
    await getRunner(inngestHandler).start();
  } else {
    // Inngest runs the functions; this process relays the outbox's events to it.
    const { startRelay } = await import("@/inngest/relay");
    startRelay(env().JOB_POLL_MS);
  }
}
