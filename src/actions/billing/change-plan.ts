"use server";
import { z } from "zod";
import { assertCanMoveTo, DowngradeError } from "@/db/queries/limits";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";
import { cancelSubscriptionUrl, subscriptionCheckoutUrl } from "@/lib/billing/checkout";
import { applyPlan } from "@/lib/billing/plan-sync";
import { stripeBilling } from "@/lib/billing/stripe";
import { PLAN_IDS } from "@/lib/plans/plans";

/**
 * Owners change the plan. A move to a plan whose limits the school is over is refused first, with
 * what must be removed. With Stripe: returns the Checkout / customer-portal page to confirm on, and
 * the webhook applies the change. Test mode: applied at once through the same path the webhook uses.
 */
export const changePlanAction = orgAction("change-plan", { schema: z.object({ plan: z.enum(PLAN_IDS) }), minRole: "owner" }, async ({ plan }, { scope, user, creator }) => {
  try {
    await assertCanMoveTo(scope, plan);
    const billing = stripeBilling();
    if (billing) {
      const url = plan === "free" ? await cancelSubscriptionUrl(scope, creator.slug) : await subscriptionCheckoutUrl(scope, creator.slug, plan, billing);
      return { redirectUrl: url };
    }
    const r = await applyPlan(scope, plan, { actorUserId: user.id, source: "test-mode" });
    return { plan: r.to };
  } catch (err) {
    if (err instanceof DowngradeError) throw new ActionError("conflict", err.message);
    throw err;
  }
});
