"use server";
import { z } from "zod";
import { briefOf, getGenerationOrThrow, requestOutlinePart } from "@/db/queries/ai-generations";
import { openAiHold, settleAiHold } from "@/db/queries/ai-usage";
import { assertMayGenerate } from "@/lib/ai/access";
import { worstCaseCredits } from "@/lib/ai/generate";
import { outlinePartTemplate } from "@/lib/ai/prompts";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

const key = z.string().regex(/^[a-z0-9]{6,16}$/);
const schema = z.object({ generationId: z.string().uuid(), moduleKey: key, lessonKey: key.nullable(), note: z.string().trim().max(2000).default("") });

/** Write one module or lesson of the outline again, with a note; its credits are held on their own. */
export const regenerateOutlinePartAction = orgAction({ name: "regenerate-outline-part", schema, minRole: "editor" }, async (input, ctx) => {
  assertMayGenerate(ctx);
  const g = await getGenerationOrThrow(ctx.scope, input.generationId);
  const moduleIndex = g.outline?.modules.findIndex((m) => m.key === input.moduleKey) ?? -1;
  if (g.status !== "outline_ready" || !g.outline || moduleIndex < 0)
    throw new DomainError("conflict", "The outline can no longer be changed, or that module was removed.");
  const lessonIndex = input.lessonKey ? g.outline.modules[moduleIndex]!.lessons.findIndex((l) => l.key === input.lessonKey) : undefined;
  if (lessonIndex === -1) throw new DomainError("not_found", "That lesson was removed. Reload the outline.");
  const requestId = crypto.randomUUID();
  const amount = worstCaseCredits(outlinePartTemplate, {
    brief: briefOf(g),
    outline: g.outline,
    part: input.lessonKey ? "lesson" : "module",
    moduleIndex,
    lessonIndex,
    note: input.note,
  });
  const hold = await openAiHold(ctx.scope, { generationId: g.id, purpose: `part:${requestId}`, amount, reason: "AI course: rewrite part of the outline" });
  try {
    await requestOutlinePart(ctx.scope, { id: g.id, requestId, moduleKey: input.moduleKey, lessonKey: input.lessonKey, note: input.note, aiHoldId: hold.id });
  } catch (err) {
    await settleAiHold(ctx.scope, hold.id);
    throw err;
  }
  return { requestId };
});
