"use server";
import { z } from "zod";
import { cancelGeneration } from "@/db/queries/ai-generations";
import { assertMayGenerate } from "@/lib/ai/access";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Stop a generation at any point: its jobs stop, work not delivered is not charged, the rest of the credits come back. */
export const cancelGenerationAction = orgAction(
  { name: "cancel-generation", schema: z.object({ generationId: z.string().uuid() }), minRole: "editor" },
  async (input, ctx) => {
    assertMayGenerate(ctx);
    const canceled = await cancelGeneration(ctx.scope, { id: input.generationId, actorUserId: ctx.user.id });
    if (!canceled) throw new DomainError("conflict", "This generation has already ended.");
    return { canceled };
  },
);
