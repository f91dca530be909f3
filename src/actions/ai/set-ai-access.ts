"use server";
import { z } from "zod";
import { setAiForEditors } from "@/db/queries/tenants";
import { orgAction } from "@/lib/actions/chain";

/** An owner lets editors run AI generation (spending the school's credits), or stops them. */
export const setAiAccessAction = orgAction(
  { name: "set-ai-access", schema: z.object({ editorsMayGenerate: z.boolean() }), minRole: "owner" },
  async (input, ctx) => {
    await setAiForEditors(ctx.scope, { actorUserId: ctx.user.id, allowed: input.editorsMayGenerate });
    return { editorsMayGenerate: input.editorsMayGenerate };
  },
);
