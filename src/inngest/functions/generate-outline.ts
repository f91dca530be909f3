import { NonRetriableError } from "inngest";
import { failGeneration, findGeneration } from "@/db/queries/ai-generations";
import { findGenerationHold, settleAiHold } from "@/db/queries/ai-usage";
import { systemScope } from "@/db/scope";
import { writeOutline } from "@/lib/ai/course/pipeline";
import { AiError } from "@/lib/ai/errors";
import { inngest } from "../client";
import type { EventData } from "../events";

/** Inngest's CEL: this run's generation is the one the event names. */
export const SAME_GENERATION = "event.data.generationId == async.data.generationId";

/**
 * A creator submitted a brief (its credits held): the outline is written, streamed into the wizard, and
 * saved for review. The run then waits up to a week for the approval; without one the brief's hold is
 * settled (the outline is kept — approving later holds afresh). Canceling stops it (settled by
 * settle-canceled-generation). A model failure fails the generation and charges nothing.
 */
export const generateOutlineFunction = inngest.createFunction(
  {
    id: "generate-outline",
    name: "AI: write a course outline",
    triggers: [{ event: "ai/generation.requested" }],
    cancelOn: [{ event: "ai/generation.canceled", if: SAME_GENERATION }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    retries: 2,
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"ai/generation.requested"> } }).event.data;
      const scope = systemScope(d.creatorId);
      await step.run("mark-failed", () => failGeneration(scope, d.generationId, "The outline could not be written. Nothing was charged; try again."));
      await step.run("settle", () => settleAiHold(scope, d.aiHoldId));
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"ai/generation.requested">;
    const scope = systemScope(d.creatorId);
    const written = await step.run("outline", async () => {
      const g = await findGeneration(scope, d.generationId);
      const hold = await findGenerationHold(scope, d.generationId, d.aiHoldId);
      if (!g || !hold) throw new NonRetriableError("No such generation.");
      if (g.status !== "outlining") return { ok: g.outline !== null };
      try {
        return { ok: (await writeOutline(scope, g, { aiHoldId: hold.id })) !== null };
      } catch (err) {
        if (!(err instanceof AiError)) throw err;
        await failGeneration(scope, g.id, err.message);
        return { ok: false };
      }
    });
    if (!written.ok) {
      await step.run("settle-failed", () => settleAiHold(scope, d.aiHoldId));
      return { outline: false };
    }
    const approved = await step.waitForEvent("wait-for-approval", { event: "ai/generation.approved", timeout: "7d", if: SAME_GENERATION });
    if (!approved) await step.run("settle-unapproved", () => settleAiHold(scope, d.aiHoldId));
    return { outline: true, approved: Boolean(approved) };
  },
);
