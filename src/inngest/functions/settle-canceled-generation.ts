import { settleGenerationHolds } from "@/db/queries/ai-usage";
import { systemScope } from "@/db/scope";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * A generation was canceled (its runs are stopped by cancelOn): every hold still open is settled —
 * captured what delivered work cost (the outline if it was written, the pieces finished), the rest released.
 */
export const settleCanceledGenerationFunction = inngest.createFunction(
  {
    id: "settle-canceled-generation",
    name: "AI: settle a canceled generation's credits",
    triggers: [{ event: "ai/generation.canceled" }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    retries: 5,
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"ai/generation.canceled">;
    const scope = systemScope(d.creatorId);
    // A call still under way lands after this: it is recorded against the settled hold and not charged.
    return step.run("settle", async () => ({ settled: await settleGenerationHolds(scope, d.generationId) }));
  },
);
