import { changePlan } from "@/db/queries/limits";
import { purchaseCredits } from "@/db/queries/credits";
import type { TenantScope } from "@/db/scope";
import { CREDIT_PACKS, grantPlanCredits, type CreditPack } from "@/lib/platform-billing/credits";
import type { PlanId } from "@/lib/platform-billing/plans";

/**
 * The one path by which a tenant's plan changes and top-up credits arrive, whether the trigger is
 * a Stripe webhook or the test-mode billing page. Both are idempotent: the plan change is a no-op
 * when the tenant is already on that plan, and the grant and the purchase are ledger operations
 * keyed so that a replay adds nothing.
 *
 * The plan's credits for the period are brought up to its monthly amount whether or not the plan
 * changed now (one grant per period, for the highest plan reached: see grantMonthlyCredits), so a
 * retried webhook whose plan change committed before a crash still grants, and switching back to a
 * plan already paid for this period grants nothing.
 */
export async function applyPlan(scope: TenantScope, plan: PlanId, opts: { actorUserId: string | null; source: "test-mode" | "stripe"; force?: boolean }) {
  const { from, to, changed } = await changePlan(scope, { actorUserId: opts.actorUserId, planId: plan, force: opts.force, source: opts.source });
  await grantPlanCredits(scope, to.id, { upgrade: changed });
  return { from: from.id, to: to.id, changed };
}

export async function fulfilCreditPack(scope: TenantScope, order: { pack: CreditPack; key: string; source: "test-mode" | "stripe" }) {
  const { pack, key, source } = order;
  const p = CREDIT_PACKS[pack];
  await purchaseCredits(scope, { amount: p.credits, key: `purchase:${key}`, reason: `Top-up: ${p.label}${source === "test-mode" ? " (test mode)" : ""}` });
  return { credits: p.credits };
}
