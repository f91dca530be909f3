import { rollupUsage } from "@/db/queries/usage";
import { inngest } from "../client";

/** Every 15 minutes: recompute this period's usage counters from the usage events (idempotent). */
export const rollupUsageFunction = inngest.createFunction(
  { id: "rollup-usage", name: "Roll up usage counters", triggers: [{ cron: "*/15 * * * *" }], retries: 3 },
  async ({ step }) => {
    const rows = await step.run("rollup-current-period", () => rollupUsage(new Date()));
    return { rows };
  },
);
