"use server";
import { z } from "zod";
import { briefOf, getGenerationOrThrow } from "@/db/queries/ai-generations";
import { findGenerationItem, requeueItem } from "@/db/queries/ai-generation-items";
import { openAiHold, settleAiHold } from "@/db/queries/ai-usage";
import { assertMayGenerate } from "@/lib/ai/access";
import { estimateCover } from "@/lib/ai/course/estimate";
import { worstCaseCredits } from "@/lib/ai/generate";
import { courseCopyTemplate, lessonTemplate, quizTemplate } from "@/lib/ai/prompts";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

const schema = z.object({ generationId: z.string().uuid(), itemId: z.string().uuid(), note: z.string().trim().max(2000).default("") });

/** Write one piece of the generated course again (a failed lesson, or one to redo with a note), in a hold of its own. */
export const regenerateAiPieceAction = orgAction({ name: "regenerate-ai-piece", schema, minRole: "editor" }, async (input, ctx) => {
  assertMayGenerate(ctx);
  const g = await getGenerationOrThrow(ctx.scope, input.generationId);
  const item = await findGenerationItem(ctx.scope, input.itemId);
  if (!item || item.generationId !== g.id || !g.outline) throw new DomainError("not_found", "Piece not found");
  const brief = briefOf(g);
  const outline = g.outline;
  const moduleIndex = Math.max(
    0,
    outline.modules.findIndex((m) => m.key === item.key || m.lessons.some((l) => l.key === item.key)),
  );
  const lessonIndex = Math.max(0, outline.modules[moduleIndex]?.lessons.findIndex((l) => l.key === item.key) ?? 0);
  const amount =
    item.kind === "lesson"
      ? worstCaseCredits(lessonTemplate, { brief, outline, moduleIndex, lessonIndex, note: input.note })
      : item.kind === "quiz"
        ? worstCaseCredits(quizTemplate, { brief, outline, moduleIndex, count: 8, note: input.note })
        : item.kind === "copy"
          ? worstCaseCredits(courseCopyTemplate, { brief, outline })
          : estimateCover(brief, outline.title).hold;
  const run = item.runs + 1;
  const hold = await openAiHold(ctx.scope, {
    generationId: g.id,
    purpose: `item:${item.id}:${run}:${crypto.randomUUID()}`,
    amount,
    reason: `AI course: write “${item.title.slice(0, 60)}” again`,
  });
  try {
    await requeueItem(ctx.scope, { generationId: g.id, itemId: item.id, run, aiHoldId: hold.id, note: input.note });
  } catch (err) {
    await settleAiHold(ctx.scope, hold.id);
    throw err;
  }
  return { run };
});
