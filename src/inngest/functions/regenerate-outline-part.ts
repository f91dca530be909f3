import { NonRetriableError } from "inngest";
import { findGeneration, replaceOutlinePart } from "@/db/queries/ai-generations";
import { findGenerationHold, settleAiHold } from "@/db/queries/ai-usage";
import { systemScope } from "@/db/scope";
import { writeOutlinePart } from "@/lib/ai/course/pipeline";
import { inngest } from "../client";
import type { EventData } from "../events";
import { SAME_GENERATION } from "./generate-outline";

/** One module or lesson of an outline under review, written again with the creator's note; charged only when it replaced the old one. */
export const regenerateOutlinePartFunction = inngest.createFunction(
  {
    id: "regenerate-outline-part",
    name: "AI: rewrite part of an outline",
    triggers: [{ event: "ai/outline-part.requested" }],
    cancelOn: [{ event: "ai/generation.canceled", if: SAME_GENERATION }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    retries: 2,
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"ai/outline-part.requested"> } }).event.data;
      const scope = systemScope(d.creatorId);
      await step.run("clear", () => replaceOutlinePart(scope, { id: d.generationId, moduleKey: d.moduleKey, lessonKey: d.lessonKey, replace: null }));
      await step.run("settle", () => settleAiHold(scope, d.aiHoldId));
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"ai/outline-part.requested">;
    const scope = systemScope(d.creatorId);
    const result = await step.run("write", async () => {
      const [g, hold] = await Promise.all([findGeneration(scope, d.generationId), findGenerationHold(scope, d.generationId, d.aiHoldId)]);
      if (!g || !hold) throw new NonRetriableError("No such generation.");
      return writeOutlinePart(scope, g, { aiHoldId: hold.id, requestId: d.requestId, moduleKey: d.moduleKey, lessonKey: d.lessonKey, note: d.note });
    });
    await step.run("settle", () => settleAiHold(scope, d.aiHoldId));
    return { result };
  },
);
