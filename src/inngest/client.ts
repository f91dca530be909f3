import { Inngest } from "inngest";
import { embeddedFetch, embeddedSigningKey } from "./embedded";
import { jobsMode } from "./mode";

const mode = jobsMode();

/**
 * The Inngest client. Cloud and dev-server modes talk to Inngest; in embedded mode the same client talks
 * to the embedded executor (src/inngest/runner): its requests to the serve handler are signed with a key
 * derived from the app's secret, its event sends go to the outbox and its step checkpoints to the executor
 * (src/inngest/embedded.ts).
 */
export const inngest = new Inngest({
  id: "courseforge",
  isDev: mode === "dev" ? true : false,
  ...(mode === "dev" && process.env.INNGEST_DEV && /^https?:/.test(process.env.INNGEST_DEV) ? { baseUrl: process.env.INNGEST_DEV } : {}),
  ...(mode === "embedded" ? { signingKey: embeddedSigningKey(), eventKey: "embedded", fetch: embeddedFetch, baseUrl: "http://inngest.embedded.invalid" } : {}),
});
