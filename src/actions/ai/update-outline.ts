"use server";
import { z } from "zod";
import { updateOutline } from "@/db/queries/ai-generations";
import { assertMayGenerate } from "@/lib/ai/access";
import { outlineSchema } from "@/lib/ai/course/outline";
import { orgAction } from "@/lib/actions/chain";

const schema = z.object({ generationId: z.string().uuid(), expectedVersion: z.number().int().min(1), outline: outlineSchema });

/** The creator's edits of the outline under review (rename, reorder, add, remove), saved as they go. */
export const updateOutlineAction = orgAction({ name: "update-outline", schema, minRole: "editor" }, async (input, ctx) => {
  assertMayGenerate(ctx);
  return updateOutline(ctx.scope, { id: input.generationId, expectedVersion: input.expectedVersion, outline: input.outline });
});
