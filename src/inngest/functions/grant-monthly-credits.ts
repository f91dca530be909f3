import { pageSchoolIds } from "@/db/queries/limits";
import { periodKey } from "@/lib/platform-billing/credits";
import { inngest } from "../client";

const PAGE = 500;

/**
 * On the 1st of each month (UTC): every school is due its plan's monthly AI credits. The period is
 * fixed inside a step (a retry days later still grants the month it started for), and the schools are
 * fanned out one event each, a page of ids per step (Inngest caps a step's output at 4 MB and a run at
 * 1,000 steps), to `grant-school-credits`, which grants each school on its own.
 */
export const grantMonthlyCreditsFunction = inngest.createFunction(
  { id: "grant-monthly-credits", name: "Grant monthly AI credits", triggers: [{ cron: "0 0 1 * *" }], retries: 5 },
  async ({ step }) => {
    const period = await step.run("period", () => periodKey());
    let after: string | null = null;
    let schools = 0;
    for (let page = 0; ; page++) {
      const cursor: string | null = after;
      const ids: string[] = await step.run(`schools-${page}`, () => pageSchoolIds({ after: cursor, limit: PAGE }));
      if (!ids.length) break;
      await step.sendEvent(
        `due-${page}`,
        // One event id per school and period: a replayed page never grants twice (the ledger would not either).
        ids.map((creatorId) => ({ name: "plans/monthly-grant.due" as const, id: `monthly-grant:${period}:${creatorId}`, data: { creatorId, period } })),
      );
      schools += ids.length;
      after = ids[ids.length - 1]!;
      if (ids.length < PAGE) break;
    }
    return { period, schools };
  },
);
