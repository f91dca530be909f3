import { grantCredits } from "@/db/queries/credits";
import type { TenantScope } from "@/db/scope";
import { planOf } from "./plans";

/** Top-up packs (credits never expire). Prices in USD cents. */
export const CREDIT_PACKS = {
  small: { credits: 500, priceCents: 1_000, label: "500 credits" },
  medium: { credits: 3_000, priceCents: 5_000, label: "3,000 credits" },
  large: { credits: 10_000, priceCents: 15_000, label: "10,000 credits" },
} as const;
export type CreditPack = keyof typeof CREDIT_PACKS;

export const periodKey = (at: Date = new Date()) => at.toISOString().slice(0, 7); // YYYY-MM (UTC)

/** The plan's monthly grant for the period containing `at`; idempotent per period. */
export async function grantMonthlyCredits(scope: TenantScope, plan: string, at: Date = new Date()) {
  const amount = planOf(plan).limits.aiCreditsPerMonth;
  if (amount <= 0) return null;
  return grantCredits(scope, amount, `grant:${periodKey(at)}`, `${planOf(plan).name} plan credits for ${periodKey(at)}`);
}

/** After an upgrade mid-period: the difference between the new and old monthly grants, once per plan and period. */
export async function grantUpgradeCredits(scope: TenantScope, fromPlan: string, toPlan: string, at: Date = new Date()) {
  const diff = planOf(toPlan).limits.aiCreditsPerMonth - planOf(fromPlan).limits.aiCreditsPerMonth;
  if (diff <= 0) return null;
  return grantCredits(scope, diff, `grant:${periodKey(at)}:upgrade:${toPlan}`, `Upgrade to ${planOf(toPlan).name}: extra credits for ${periodKey(at)}`);
}
