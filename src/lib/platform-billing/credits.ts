import { grantPeriodCreditsUpTo } from "@/db/queries/credits";
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

/**
 * The plan's monthly credits for the period containing `at`: ONE grant in all per school and
 * period, for the highest plan reached in it. The period's grants are brought up to the plan's
 * monthly amount (nothing if they already reach it), so the monthly cron, a new school's first
 * grant, an upgrade, a downgrade and any sequence of switches never grant more than the highest
 * plan's monthly amount in that period. Returns the grant posted (or replayed), null if none was due.
 */
export async function grantMonthlyCredits(scope: TenantScope, plan: string, at: Date = new Date()) {
  return grantPlanCredits(scope, plan, { at, upgrade: false });
}

/**
 * The same, after a plan change (`upgrade`: the ledger says "Upgrade to <plan>"): the rest of the
 * new plan's monthly credits for this period if the period's grants are below it, nothing otherwise.
 */
export async function grantPlanCredits(scope: TenantScope, plan: string, opts: { at?: Date; upgrade: boolean }) {
  const p = planOf(plan);
  const target = p.limits.aiCreditsPerMonth;
  if (target <= 0) return null;
  const period = periodKey(opts.at);
  const reason = opts.upgrade ? `Upgrade to ${p.name}: extra credits for ${period}` : `${p.name} plan credits for ${period}`;
  const r = await grantPeriodCreditsUpTo(scope, { period, target, reason });
  return r.transaction;
}
