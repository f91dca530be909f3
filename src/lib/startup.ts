import { env } from "@/lib/env";

/**
 * The server's first act (src/instrumentation.ts): a configuration it must not run with — a public
 * ROOT_DOMAIN without a session secret, say — stops it with a message naming what is missing, rather than
 * serving requests half-configured.
 */
export function checkConfigurationOrExit(): void {
  try {
    env();
  } catch (err) {
    console.error(`\nCourseforge cannot start.\n${err instanceof Error ? err.message : String(err)}\nSee .env.example.\n`);
    process.exit(1);
  }
}
