/**
 * Which engine runs the durable functions:
 *   INNGEST_EVENT_KEY + INNGEST_SIGNING_KEY → Inngest Cloud (or self-hosted with INNGEST_BASE_URL)
 *   INNGEST_DEV=1 or a URL                  → the Inngest dev server
 *   neither                                 → the embedded runner on the app's own Postgres
 */
export type JobsMode = "cloud" | "dev" | "embedded";

export function jobsMode(env: Record<string, string | undefined> = process.env): JobsMode {
  if (env.INNGEST_DEV && env.INNGEST_DEV !== "0") return "dev";
  if (env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY) return "cloud";
  return "embedded";
}
