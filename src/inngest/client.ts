import { Inngest } from "inngest";
import { jobsMode } from "./mode";

const mode = jobsMode();

/** The Inngest client. In embedded mode it is only used to define functions; the embedded runner runs them. */
export const inngest = new Inngest({
  id: "courseforge",
  isDev: mode === "dev" ? true : mode === "cloud" ? false : undefined,
  ...(mode === "dev" && process.env.INNGEST_DEV && /^https?:/.test(process.env.INNGEST_DEV) ? { baseUrl: process.env.INNGEST_DEV } : {}),
});
