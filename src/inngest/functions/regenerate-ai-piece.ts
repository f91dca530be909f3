import { NonRetriableError } from "inngest";
import { findGeneration } from "@/db/queries/ai-generations";
import { failItem } from "@/db/queries/ai-generation-items";
import { findGenerationHold, settleAiHold } from "@/db/queries/ai-usage";
import { systemScope } from "@/db/scope";
import { finishIfDone, writeItem } from "@/lib/ai/course/pipeline";
import { inngest } from "../client";
import type { EventData } from "../events";
import { SAME_GENERATION } from "./generate-outline";

/** One piece of a generated course written again (a failed one, or on request with a note), in its own hold. */
export const regenerateAiPieceFunction = inngest.createFunction(
  {
    id: "regenerate-ai-piece",
    name: "AI: write one piece of a course again",
    triggers: [{ event: "ai/item.regeneration-requested" }],
    cancelOn: [{ event: "ai/generation.canceled", if: SAME_GENERATION }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    retries: 2,
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"ai/item.regeneration-requested"> } }).event.data;
      const scope = systemScope(d.creatorId);
      await step.run("mark-failed", async () => {
        await failItem(scope, d.itemId, "Stopped by an error. Write it again.");
        await finishIfDone(scope, d.generationId);
      });
      await step.run("settle", () => settleAiHold(scope, d.aiHoldId));
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"ai/item.regeneration-requested">;
    const scope = systemScope(d.creatorId);
    const status = await step.run("write", async () => {
      const [g, hold] = await Promise.all([findGeneration(scope, d.generationId), findGenerationHold(scope, d.generationId, d.aiHoldId)]);
      if (!g || !hold) throw new NonRetriableError("No such generation.");
      if (g.status !== "generating") return "canceled";
      return writeItem(scope, g, { itemId: d.itemId, aiHoldId: hold.id, run: d.run, note: d.note });
    });
    await step.run("finish", async () => {
      await finishIfDone(scope, d.generationId);
      return settleAiHold(scope, d.aiHoldId);
    });
    return { status };
  },
);
