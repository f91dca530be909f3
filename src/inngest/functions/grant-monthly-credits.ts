import { listTenantPlans } from "@/db/queries/limits";
import { systemScope } from "@/db/scope";
import { grantMonthlyCredits, periodKey } from "@/lib/plans/credits";
import { inngest } from "../client";

/**
 * On the 1st of each month (UTC): every tenant gets its plan's monthly AI credits — the period's
 * grants are brought up to the plan's amount (one grant per tenant and period, for the highest plan
 * reached: a tenant that upgraded mid-period, or a retried or replayed run, gets nothing more).
 */
export const grantMonthlyCreditsFunction = inngest.createFunction(
  { id: "grant-monthly-credits", name: "Grant monthly AI credits", triggers: [{ cron: "0 0 1 * *" }], retries: 5 },
  async ({ step }) => {
    const period = periodKey();
    const tenants = await step.run("list-tenants", () => listTenantPlans());
    let granted = 0;
    for (let i = 0; i < tenants.length; i += 100) {
      const batch = tenants.slice(i, i + 100);
      granted += await step.run(`grant-${i / 100}`, async () => {
        let n = 0;
        for (const t of batch) if (await grantMonthlyCredits(systemScope(t.id), t.plan, new Date(`${period}-01T00:00:00Z`))) n++;
        return n;
      });
    }
    return { period, tenants: tenants.length, granted };
  },
);
