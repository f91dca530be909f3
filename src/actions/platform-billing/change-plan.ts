"use server";
import { z } from "zod";
import { assertCanMoveTo, DowngradeError } from "@/db/queries/limits";
import { DomainError } from "@/lib/errors";
import { orgAction } from "@/lib/actions/chain";
import { cancelSubscriptionUrl, changePlanUrl } from "@/lib/platform-billing/checkout";
import { applyPlan } from "@/lib/platform-billing/plan-sync";
import { stripeBilling } from "@/lib/platform-billing/stripe";
import { PLAN_IDS } from "@/lib/platform-billing/plans";

/**
 * Owners change the plan. A move to a plan whose limits the school is over is refused first, with
 * what must be removed. With Stripe: returns the Checkout / customer-portal page of the SCHOOL's
 * Stripe customer to confirm on, and the webhook applies the change (a move to Free with nothing
 * billed on Stripe applies at once). Test mode: applied at once through the same path the webhook
 * uses. `requestId` (one per click) makes a double click open one Checkout.
 */
export const changePlanAction = orgAction(
  { name: "change-plan", schema: z.object({ plan: z.enum(PLAN_IDS), requestId: z.string().uuid().optional() }), minRole: "owner" },
  async ({ plan, requestId }, { scope, user, creator }) => {
    try {
      await assertCanMoveTo(scope, plan);
      const billing = stripeBilling();
      const school = { slug: creator.slug, name: creator.name };
      if (billing && plan !== "free") return { redirectUrl: await changePlanUrl(scope, { school, plan, requestId }, billing) };
      if (billing) {
        const url = await cancelSubscriptionUrl(scope, school, billing);
        if (url) return { redirectUrl: url };
      }
      const r = await applyPlan(scope, plan, { actorUserId: user.id, source: billing ? "stripe" : "test-mode" });
      return { plan: r.to };
    } catch (err) {
      if (err instanceof DowngradeError) throw new DomainError("conflict", err.message);
      throw err;
    }
  },
);
