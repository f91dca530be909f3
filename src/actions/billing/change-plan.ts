"use server";
import { z } from "zod";
import { changePlan, DowngradeError } from "@/db/queries/limits";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";
import { grantUpgradeCredits } from "@/lib/plans/credits";
import { PLAN_IDS } from "@/lib/plans/plans";

/**
 * Owners change the plan. Test mode (no Stripe configured): applied at once through the same
 * domain path a Stripe webhook will use; a downgrade while over the new limits is refused.
 */
export const changePlanAction = orgAction("change-plan", { schema: z.object({ plan: z.enum(PLAN_IDS) }), minRole: "owner" }, async ({ plan }, { scope, user }) => {
  try {
    const { from, to } = await changePlan(scope, user.id, plan);
    await grantUpgradeCredits(scope, from.id, to.id);
    return { plan: to.id };
  } catch (err) {
    if (err instanceof DowngradeError) throw new ActionError("conflict", err.message);
    throw err;
  }
});
