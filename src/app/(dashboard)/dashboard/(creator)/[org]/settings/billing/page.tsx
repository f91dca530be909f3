import { format } from "date-fns";
import { BuyCredits, ManageBilling, PlanPicker } from "@/components/platform-billing/billing-panels";
import { latestSubscription } from "@/db/queries/platform-billing";
import { storageUsedBytes } from "@/db/queries/media";
import { billingMode } from "@/lib/platform-billing/stripe";
import { PAST_DUE_GRACE_DAYS, PAST_DUE_GRACE_MS } from "@/lib/platform-billing/stripe-events";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getBalances, listLedger, listOpenHolds } from "@/db/queries/credits";
import { countUsage } from "@/db/queries/limits";
import { listUsageHistory, periodUsage } from "@/db/queries/usage";
import { requireOrg } from "@/lib/auth/session";
import { CREDIT_PACKS } from "@/lib/platform-billing/credits";
import { METRIC_LABEL, PLAN_IDS, PLANS } from "@/lib/platform-billing/plans";

const usd = (cents: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

function Meter({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const ratio = limit ? Math.min(1, used / limit) : 0;
  const color = ratio >= 1 ? "bg-red-500" : ratio >= 0.8 ? "bg-amber-500" : "bg-emerald-500";
  return (
    <div className="flex flex-col gap-1" data-testid={`meter-${label}`}>
      <div className="flex justify-between text-sm">
        <span className="capitalize">{label}</span>
        <span className="text-zinc-500">
          {used.toLocaleString("en-US")} / {limit?.toLocaleString("en-US") ?? "unlimited"}
        </span>
      </div>
      <div
        className="h-2 rounded-full bg-zinc-100"
        role="progressbar"
        aria-label={label}
        aria-valuenow={used}
        aria-valuemin={0}
        aria-valuemax={limit ?? undefined}
      >
        <div className={`h-2 rounded-full ${color}`} style={{ width: `${limit ? ratio * 100 : 4}%` }} />
      </div>
      {limit && ratio >= 0.8 ? (
        <p className="text-xs text-amber-700">{ratio >= 1 ? "Limit reached — upgrade to add more." : "Over 80% of your plan's limit."}</p>
      ) : null}
    </div>
  );
}

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org } = await params;
  const query = await searchParams;
  const mode = billingMode();
  const { scope, role, creator } = await requireOrg(org);
  const [{ plan, usage }, balances, holds, ledger, month, history, storedBytes] = await Promise.all([
    countUsage(scope),
    getBalances(scope),
    listOpenHolds(scope),
    listLedger(scope, 50),
    periodUsage(scope),
    listUsageHistory(scope),
    storageUsedBytes(scope),
  ]);
  const sub = mode === "stripe" ? await latestSubscription(scope) : null;
  const plans = PLAN_IDS.map((id) => {
    const p = PLANS[id];
    const l = p.limits;
    return {
      id,
      name: p.name,
      price: p.priceMonthlyUsd,
      highlights: [
        `${l.courses?.toLocaleString("en-US") ?? "Unlimited"} ${l.courses === 1 ? "course" : "courses"}`,
        `${l.students?.toLocaleString("en-US") ?? "Unlimited"} students`,
        `${l.teamSeats} team ${l.teamSeats === 1 ? "seat" : "seats"}`,
        `${l.videoMinutesPerMonth?.toLocaleString("en-US") ?? "Unlimited"} video minutes / month`,
        `${l.aiCreditsPerMonth.toLocaleString("en-US")} AI credits / month`,
        `${l.transactionFeeBps / 100}% transaction fee`,
      ],
    };
  });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Billing</h1>
        <p className="text-sm text-zinc-500">Your plan, what you use, and your AI credits.</p>
      </div>
      {mode === "test" ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <strong>Test mode</strong> — Stripe is not configured, so plan changes and credit packs apply at once and no card is charged.
        </p>
      ) : null}
      {query.checkout === "success" || query.credits === "success" ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Payment received. Stripe confirms it to us in a few seconds; refresh if your {query.checkout ? "plan" : "credits"} have not updated yet.
        </p>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Plan: {plan.name}</CardTitle>
          <CardDescription>
            {role !== "owner"
              ? "Only owners can change the plan."
              : mode === "stripe"
                ? "Plan changes are confirmed on Stripe and apply as soon as Stripe tells us; a downgrade needs you to be within the smaller plan's limits."
                : "Upgrades apply at once; a downgrade needs you to be within the smaller plan's limits."}
          </CardDescription>
          {sub ? (
            <p className="text-sm text-zinc-600" data-testid="subscription-status">
              Subscription {sub.status}
              {sub.cancelAtPeriodEnd && sub.periodEnd
                ? ` · ends ${format(sub.periodEnd, "d MMM yyyy")}, then Free`
                : sub.periodEnd
                  ? ` · renews ${format(sub.periodEnd, "d MMM yyyy")}`
                  : ""}
            </p>
          ) : null}
          {sub?.status === "past_due" && sub.pastDueSince ? (
            <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="past-due">
              {new Date(sub.pastDueSince.getTime() + PAST_DUE_GRACE_MS) > new Date()
                ? `Your last payment failed. Update your card under "Manage billing" before ${format(new Date(sub.pastDueSince.getTime() + PAST_DUE_GRACE_MS), "d MMM yyyy")}, or the school moves to Free.`
                : `Your last payment failed and the ${PAST_DUE_GRACE_DAYS}-day grace period is over: the school is on Free until the invoice is paid under "Manage billing".`}
            </p>
          ) : null}
          {mode === "stripe" && role === "owner" ? <ManageBilling /> : null}
        </CardHeader>
        <CardContent>
          <PlanPicker current={plan.id} plans={plans} canChange={role === "owner"} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Usage</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {usage.map((u) => (
            <Meter key={u.metric} label={METRIC_LABEL[u.metric]} used={u.used} limit={u.limit} />
          ))}
          <Meter label="emails this month" used={month.emails} limit={plan.limits.emailsPerMonth} />
          <Meter label="video minutes this month" used={month.video_minutes} limit={plan.limits.videoMinutesPerMonth} />
          <Meter label="storage (GB)" used={Math.round((storedBytes / 1e9) * 100) / 100} limit={plan.limits.storageGb} />
          {month.student_overage > 0 ? (
            <p className="text-sm text-amber-800 sm:col-span-2" data-testid="student-overage">
              {month.student_overage.toLocaleString("en-US")} {month.student_overage === 1 ? "student" : "students"} joined over your plan&apos;s limit this
              month. They have full access — nobody is turned away — and are counted as overage. Upgrade to include them.
            </p>
          ) : null}
        </CardContent>
        {history.length ? (
          <CardContent>
            <h3 className="mb-1 text-sm font-semibold">Past periods</h3>
            <ul className="text-sm text-zinc-600">
              {history.slice(0, 24).map((h) => (
                <li key={`${h.periodStart}-${h.metric}`}>
                  {h.periodStart.slice(0, 7)} · {h.metric.replace("_", " ")}: {h.quantity.toLocaleString("en-US")}
                </li>
              ))}
            </ul>
          </CardContent>
        ) : null}
      </Card>
      <Card>
        <CardHeader className="flex-row flex-wrap items-end justify-between gap-3">
          <div>
            <CardTitle>AI credits</CardTitle>
            <CardDescription>
              <span className="text-2xl font-semibold text-zinc-900" data-testid="credits-available">
                {balances.available.toLocaleString("en-US")}
              </span>{" "}
              available · {balances.held.toLocaleString("en-US")} held by {holds.length} job{holds.length === 1 ? "" : "s"} in flight ·{" "}
              {plan.limits.aiCreditsPerMonth.toLocaleString("en-US")} granted monthly (unused credits roll over)
            </CardDescription>
          </div>
          {role !== "editor" ? (
            <BuyCredits packs={Object.entries(CREDIT_PACKS).map(([id, p]) => ({ id: id as "small", label: p.label, price: usd(p.priceCents) }))} />
          ) : null}
        </CardHeader>
        <CardContent>
          <div className="mb-2 flex justify-between">
            <h3 className="text-sm font-semibold">History</h3>
            <a className="text-sm underline" href={`/${creator.slug}/settings/billing/ledger.csv`} download>
              Export CSV
            </a>
          </div>
          {ledger.length === 0 ? (
            <p className="text-sm text-zinc-500">No credit activity yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-zinc-500">
                  <tr>
                    <th className="py-1 pr-4 font-medium">When</th>
                    <th className="py-1 pr-4 font-medium">What</th>
                    <th className="py-1 pr-4 text-right font-medium">Available</th>
                    <th className="py-1 text-right font-medium">Held</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {ledger.map((l) => (
                    <tr key={l.id} data-testid="ledger-row">
                      <td className="py-1 pr-4 text-zinc-500">{format(l.createdAt, "d MMM yyyy HH:mm")}</td>
                      <td className="py-1 pr-4">
                        {l.kind}
                        {l.reason ? <span className="text-zinc-500"> · {l.reason}</span> : null}
                      </td>
                      <td
                        className={`py-1 pr-4 text-right ${l.availableDelta < 0 ? "text-red-700" : l.availableDelta > 0 ? "text-emerald-700" : "text-zinc-400"}`}
                      >
                        {l.availableDelta > 0 ? `+${l.availableDelta}` : l.availableDelta}
                      </td>
                      <td className="py-1 text-right text-zinc-600">{l.heldDelta > 0 ? `+${l.heldDelta}` : l.heldDelta}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
