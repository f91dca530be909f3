import { NonRetriableError } from "inngest";
import { completeGeneration, findGeneration } from "@/db/queries/ai-generations";
import { failItem, listGenerationItems, materializeDraftCourse } from "@/db/queries/ai-generation-items";
import { findGenerationHold, settleAiHold } from "@/db/queries/ai-usage";
import { systemScope } from "@/db/scope";
import { finishIfDone, writeItem } from "@/lib/ai/course/pipeline";
import { inngest } from "../client";
import type { EventData } from "../events";
import { SAME_GENERATION } from "./generate-outline";

/** Pieces written at the same time within one run (each its own step). */
export const PIECES_IN_PARALLEL = 3;

/**
 * The creator approved the outline (the generation's credits held): the draft course is made with an
 * empty lesson per piece, then each piece — the sales copy, every lesson, each module's quiz, the cover —
 * is written in a step of its own, a few at a time. A step that ran is never run again (a crash resumes
 * with the next piece, no lesson is made twice); a piece the model fails is marked failed and not charged.
 * At the end the hold is settled: captured what delivered pieces cost, the rest released. Nothing is published.
 */
export const generateCourseFunction = inngest.createFunction(
  {
    id: "generate-course",
    name: "AI: write the course from its outline",
    triggers: [{ event: "ai/generation.approved" }],
    cancelOn: [{ event: "ai/generation.canceled", if: SAME_GENERATION }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    retries: 3,
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"ai/generation.approved"> } }).event.data;
      const scope = systemScope(d.creatorId);
      await step.run("stop-pieces", async () => {
        for (const i of await listGenerationItems(scope, d.generationId))
          if (i.status === "pending" || i.status === "running") await failItem(scope, i.id, "Stopped by an error. Write it again.");
        await completeGeneration(scope, d.generationId);
      });
      await step.run("settle", () => settleAiHold(scope, d.aiHoldId));
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"ai/generation.approved">;
    const scope = systemScope(d.creatorId);
    const plan = await step.run("create-course", async () => {
      const [g, hold] = await Promise.all([findGeneration(scope, d.generationId), findGenerationHold(scope, d.generationId, d.aiHoldId)]);
      if (!g || !hold) throw new NonRetriableError("No such generation.");
      const { courseId } = await materializeDraftCourse(scope, g.id);
      const items = await listGenerationItems(scope, g.id);
      return { courseId, items: items.filter((i) => i.status === "pending").map((i) => ({ id: i.id, run: i.runs + 1 })) };
    });
    for (let i = 0; i < plan.items.length; i += PIECES_IN_PARALLEL) {
      await Promise.all(
        plan.items.slice(i, i + PIECES_IN_PARALLEL).map((item) =>
          step.run(`piece-${item.id}`, async () => {
            const g = await findGeneration(scope, d.generationId);
            if (!g || g.status !== "generating") return "canceled";
            return writeItem(scope, g, { itemId: item.id, aiHoldId: d.aiHoldId, run: item.run });
          }),
        ),
      );
    }
    await step.run("finish", async () => {
      await finishIfDone(scope, d.generationId);
      return settleAiHold(scope, d.aiHoldId);
    });
    return { courseId: plan.courseId };
  },
);
