export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  try {
    env();
  } catch (err) {
    // A configuration the server must not run with (e.g. a public ROOT_DOMAIN without a session secret):
    // say what is missing and stop, rather than serve requests half-configured.
    console.error(`\nCourseforge cannot start.\n${err instanceof Error ? err.message : String(err)}\nSee .env.example.\n`);
    process.exit(1);
  }
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
