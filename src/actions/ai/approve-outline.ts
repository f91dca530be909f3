"use server";
import { z } from "zod";
import { approveOutline, briefOf, getGenerationOrThrow } from "@/db/queries/ai-generations";
import { findAiHold, openAiHold, settleAiHold } from "@/db/queries/ai-usage";
import { assertMayGenerate } from "@/lib/ai/access";
import { estimateGeneration } from "@/lib/ai/course/estimate";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

const schema = z.object({ generationId: z.string().uuid(), expectedVersion: z.number().int().min(1) });

/**
 * Approve the outline as the creator left it: the brief's hold is settled (the outline is paid for), the
 * most this course can cost is held afresh (refused with the balance when short), and the lessons,
 * quizzes and cover are written by the generate-course job.
 */
export const approveOutlineAction = orgAction({ name: "approve-outline", schema, minRole: "editor" }, async (input, ctx) => {
  assertMayGenerate(ctx);
  const g = await getGenerationOrThrow(ctx.scope, input.generationId);
  if (g.status !== "outline_ready" || !g.outline) throw new DomainError("conflict", "This outline was already approved, or the run has ended.");
  if (g.outlineVersion !== input.expectedVersion)
    throw new DomainError("conflict", "The outline changed in another tab or by a regeneration. Review the latest version, then approve.");
  if (g.pendingParts.length) throw new DomainError("conflict", "Part of the outline is still being rewritten. Approve once it is back.");
  const brief = await findAiHold(ctx.scope, g.id, "brief");
  if (brief) await settleAiHold(ctx.scope, brief.id);
  const estimate = estimateGeneration(briefOf(g), g.outline);
  const hold = await openAiHold(ctx.scope, {
    generationId: g.id,
    purpose: `generate:${crypto.randomUUID()}`,
    amount: estimate.hold,
    reason: `AI course: ${g.outline.title.slice(0, 80)}`,
  });
  try {
    await approveOutline(ctx.scope, { id: g.id, actorUserId: ctx.user.id, expectedVersion: input.expectedVersion, aiHoldId: hold.id });
  } catch (err) {
    await settleAiHold(ctx.scope, hold.id);
    throw err;
  }
  return { estimate };
});
