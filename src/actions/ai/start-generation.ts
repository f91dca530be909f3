"use server";
import { createGeneration } from "@/db/queries/ai-generations";
import { holdCredits, releaseHold } from "@/db/queries/credits";
import { assertMayGenerate } from "@/lib/ai/access";
import { currentAiSetup } from "@/lib/ai/config";
import { briefSchema } from "@/lib/ai/course/brief";
import { estimateBrief } from "@/lib/ai/course/estimate";
import { orgAction } from "@/lib/actions/chain";

/**
 * The wizard's first step: the brief. The most the whole run can cost is held now (refused with the
 * balance and a top-up link when it is short), then the outline is written by the generate-outline job.
 */
export const startGenerationAction = orgAction({ name: "start-generation", schema: briefSchema, minRole: "editor" }, async (brief, ctx) => {
  assertMayGenerate(ctx);
  const setup = currentAiSetup();
  const estimate = estimateBrief(brief, setup);
  const id = crypto.randomUUID();
  const hold = await holdCredits(ctx.scope, { amount: estimate.hold, key: `ai-hold:${id}:brief`, reason: `AI course: ${brief.topic.slice(0, 80)}` });
  try {
    await createGeneration(ctx.scope, {
      id,
      actorUserId: ctx.user.id,
      brief,
      sample: setup.sample,
      estimateCredits: estimate.typical,
      ledgerHold: { id: hold.id, amount: hold.amount },
    });
  } catch (err) {
    await releaseHold(ctx.scope, hold.id, `ai-settle:brief:${id}`);
    throw err;
  }
  return { generationId: id, estimate };
});
