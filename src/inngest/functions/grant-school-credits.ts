import { getCreatorOrThrow } from "@/db/queries/tenants";
import { systemScope } from "@/db/scope";
import { grantMonthlyCredits } from "@/lib/platform-billing/credits";
import { inngest } from "../client";
import type { EventData } from "../events";

/** One school's monthly grant for a period (fanned out by grant-monthly-credits); idempotent in the ledger. */
export const grantSchoolCreditsFunction = inngest.createFunction(
  {
    id: "grant-school-credits",
    name: "Grant a school its monthly AI credits",
    triggers: [{ event: "plans/monthly-grant.due" }],
    retries: 5,
    concurrency: { limit: 5 },
  },
  async ({ event, step }) => {
    const { creatorId, period } = event.data as EventData<"plans/monthly-grant.due">;
    return step.run("grant", async () => {
      const school = await getCreatorOrThrow(systemScope(creatorId));
      const tx = await grantMonthlyCredits(systemScope(creatorId), school.plan, new Date(`${period}-01T00:00:00Z`));
      return { plan: school.plan, granted: tx?.amount ?? 0 };
    });
  },
);
