"use server";
import { getBalances } from "@/db/queries/credits";
import { currentAiSetup } from "@/lib/ai/config";
import { briefSchema } from "@/lib/ai/course/brief";
import { estimateBrief } from "@/lib/ai/course/estimate";
import { orgAction } from "@/lib/actions/chain";

/** The credit estimate of a brief, and the school's balance, before anything runs (nothing is written). */
export const estimateGenerationAction = orgAction({ name: "estimate-generation", schema: briefSchema, minRole: "editor" }, async (brief, ctx) => {
  const estimate = estimateBrief(brief, currentAiSetup());
  const balances = await getBalances(ctx.scope);
  return { typical: estimate.typical, hold: estimate.hold, available: balances.available };
});
