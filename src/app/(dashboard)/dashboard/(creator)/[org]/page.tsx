import { formatDistanceToNow } from "date-fns";
import { Award, BadgeDollarSign, Check, GraduationCap, ShoppingBag, UserPlus, Users } from "lucide-react";
import Link from "next/link";
import { RevenueChart } from "@/components/dashboard/revenue-chart";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getBalances } from "@/db/queries/credits";
import { dashboardHome } from "@/db/queries/dashboard";
import { countUsage } from "@/db/queries/limits";
import { requireOrg } from "@/lib/auth/session";
import { formatAmount } from "@/lib/commerce/pricing";
import { siteOrigin } from "@/lib/site/seo";
import { getSite } from "@/lib/tenant/resolve";
import { METRIC_LABEL } from "@/lib/platform-billing/plans";

export const metadata = { title: "Home" };

const pct = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : 0);

/**
 * The creator's home: the last 30 days (revenue as a chart, new and active students, completion), top
 * courses, recent activity, plan usage and credits, and a setup checklist that ticks itself and goes away
 * once everything is done.
 */
export default async function OrgHome({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, creator, user } = await requireOrg(org);
  const [home, { plan, usage }, credits, record] = await Promise.all([dashboardHome(scope), countUsage(scope), getBalances(scope), getSite(creator.slug)]);
  // The school's canonical address (its verified custom domain when it has one).
  const site = `${siteOrigin(record ?? { slug: creator.slug, customDomain: null })}/`;
  const branded = creator.branding.logoUrl !== null || creator.branding.primaryColor !== "#4f46e5";
  const checklist = [
    { done: branded, label: "Brand your site", href: `/${org}/settings/branding` },
    { done: home.setup.courses > 0, label: "Create your first course", href: `/${org}/courses` },
    { done: home.setup.published > 0, label: "Publish a course", href: `/${org}/courses` },
    { done: home.setup.payments, label: "Connect payments", href: `/${org}/settings/payments` },
    ...(plan.limits.customDomain || home.setup.domain ? [{ done: home.setup.domain, label: "Connect your own domain", href: `/${org}/settings/domains` }] : []),
    { done: home.setup.sold, label: "Make your first sale", href: `/${org}/offers` },
  ];
  const todo = checklist.filter((c) => !c.done).length;
  const revenueTotal = home.revenue.totals[0];
  const stats = [
    {
      label: "Revenue, 30 days",
      value: revenueTotal ? formatAmount(revenueTotal.net, revenueTotal.currency) : "—",
      note: `${home.revenue.sales} sale${home.revenue.sales === 1 ? "" : "s"}${home.revenue.totals.length > 1 ? ` in ${revenueTotal!.currency.toUpperCase()}` : ""}`,
      icon: BadgeDollarSign,
    },
    { label: "New students", value: home.students.new.toLocaleString("en-US"), note: `${home.students.total.toLocaleString("en-US")} in all`, icon: UserPlus },
    { label: "Active students", value: home.students.active.toLocaleString("en-US"), note: "opened their courses in 30 days", icon: Users },
    {
      label: "Completion rate",
      value: home.completion.enrolled ? `${pct(home.completion.completed, home.completion.enrolled)}%` : "—",
      note: `${home.completion.completed.toLocaleString("en-US")} of ${home.completion.enrolled.toLocaleString("en-US")} enrolments`,
      icon: GraduationCap,
    },
  ];
  return (
    <div className="flex flex-col gap-6">
      <div>
        {/* A school with nothing in it yet is new to its creator: no "back" about it. */}
        <h1 className="text-2xl font-semibold">
          {home.setup.courses > 0 ? "Welcome back" : "Welcome"}, {user.name.split(" ")[0]}
        </h1>
        <p className="text-sm text-zinc-500">
          Your site:{" "}
          <a className="underline" href={site} target="_blank" rel="noreferrer">
            {site}
          </a>
        </p>
      </div>

      {todo ? (
        <Card data-testid="setup-checklist">
          <CardHeader>
            <CardTitle>
              Set up your school · {checklist.length - todo} of {checklist.length} done
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ol className="flex flex-col gap-2">
              {checklist.map((c) => (
                <li key={c.label} className="flex items-center gap-3 text-sm">
                  <span
                    aria-hidden
                    className={`flex size-5 items-center justify-center rounded-full text-xs ${c.done ? "bg-emerald-600 text-white" : "border border-zinc-300"}`}
                  >
                    {c.done ? <Check className="size-3" /> : null}
                  </span>
                  <Link href={c.href} className={c.done ? "text-zinc-500 line-through" : "font-medium hover:underline"}>
                    {c.label}
                  </Link>
                  <span className="sr-only">{c.done ? "(done)" : "(to do)"}</span>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      ) : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label}>
            <CardHeader className="flex-row items-center justify-between">
              <span className="text-sm text-zinc-500">{s.label}</span>
              <s.icon className="size-4 text-zinc-400" aria-hidden />
            </CardHeader>
            <CardContent className="flex flex-col gap-0.5">
              <span className="text-2xl font-semibold" data-testid={`stat-${s.label.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
                {s.value}
              </span>
              <span className="text-xs text-zinc-500">{s.note}</span>
            </CardContent>
          </Card>
        ))}
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Revenue, last 30 days</CardTitle>
        </CardHeader>
        <CardContent>
          {home.revenue.currency && home.revenue.sales ? (
            <>
              <RevenueChart series={home.revenue.series} currency={home.revenue.currency} />
              <table className="sr-only">
                <caption>Net revenue by day</caption>
                <tbody>
                  {home.revenue.series
                    .filter((d) => d.net || d.sales)
                    .map((d) => (
                      <tr key={d.day}>
                        <th scope="row">{d.day}</th>
                        <td>{formatAmount(d.net, home.revenue.currency!)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
              {home.revenue.totals.length > 1 ? (
                <p className="mt-2 text-xs text-zinc-500">
                  Also:{" "}
                  {home.revenue.totals
                    .slice(1)
                    .map((t) => formatAmount(t.net, t.currency))
                    .join(" · ")}
                </p>
              ) : null}
            </>
          ) : (
            <div className="flex flex-col items-start gap-2 rounded-lg border border-dashed border-zinc-300 p-6 text-sm text-zinc-600">
              <p>No sales in the last 30 days yet.</p>
              <p>
                {home.setup.published
                  ? "Share a course page from your site, or put an offer on sale."
                  : "Publish a course and put an offer on sale to start selling."}
              </p>
              <Link href={`/${org}/offers`} className="font-medium underline">
                Go to offers
              </Link>
            </div>
          )}
        </CardContent>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Top courses</CardTitle>
          </CardHeader>
          <CardContent>
            {home.topCourses.length ? (
              <ul className="flex flex-col gap-3" data-testid="top-courses">
                {home.topCourses.map((c) => (
                  <li key={c.id} className="flex flex-col gap-1 text-sm">
                    <div className="flex justify-between gap-3">
                      <Link href={`/${org}/courses/${c.id}`} className="font-medium hover:underline">
                        {c.title}
                      </Link>
                      <span className="shrink-0 text-zinc-600">
                        {c.enrolled.toLocaleString("en-US")} student{c.enrolled === 1 ? "" : "s"} · {pct(c.completed, c.enrolled)}% completed
                      </span>
                    </div>
                    <span className="block h-1.5 overflow-hidden rounded-full bg-zinc-200" aria-hidden>
                      <span className="block h-full rounded-full bg-emerald-600" style={{ width: `${pct(c.completed, c.enrolled)}%` }} />
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-600">No students yet. When people enroll, your most popular courses show here.</p>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Recent activity</CardTitle>
          </CardHeader>
          <CardContent>
            {home.activity.length ? (
              <ul className="flex flex-col gap-2" data-testid="recent-activity">
                {home.activity.map((a, i) => {
                  const Icon = a.kind === "sale" ? ShoppingBag : a.kind === "completion" ? Award : UserPlus;
                  return (
                    <li key={`${a.kind}-${i}`} className="flex items-start gap-3 text-sm">
                      <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-zinc-500" />
                      <span className="flex-1">
                        <strong className="font-medium">{a.who || "Someone"}</strong>{" "}
                        {a.kind === "sale"
                          ? `bought ${a.what}${a.amount !== null && a.currency ? ` (${formatAmount(a.amount, a.currency)})` : ""}${a.refunded ? ", refunded" : ""}`
                          : a.kind === "completion"
                            ? `completed ${a.what}`
                            : `enrolled in ${a.what}`}
                      </span>
                      <time dateTime={a.at.toISOString()} className="shrink-0 text-xs text-zinc-500">
                        {formatDistanceToNow(a.at, { addSuffix: true })}
                      </time>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="text-sm text-zinc-600">Sales, enrolments and completions show here as they happen.</p>
            )}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Plan: {plan.name}</CardTitle>
          <Link href={`/${org}/settings/billing`} className="text-sm underline">
            Billing
          </Link>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {usage.map((u) => (
            <div key={u.metric} className="flex flex-col gap-1 text-sm">
              <span className="text-zinc-600 first-letter:uppercase">{METRIC_LABEL[u.metric]}</span>
              <span className="font-medium">
                {u.used.toLocaleString("en-US")}
                {u.limit === null ? "" : ` of ${u.limit.toLocaleString("en-US")}`}
              </span>
              {u.limit !== null ? (
                <span
                  role="img"
                  aria-label={`${pct(u.used, u.limit)}% of the plan's ${METRIC_LABEL[u.metric]}`}
                  className="block h-1.5 overflow-hidden rounded-full bg-zinc-200"
                >
                  <span
                    className={`block h-full rounded-full ${u.ratio >= 1 ? "bg-red-600" : u.ratio >= 0.8 ? "bg-amber-500" : "bg-indigo-600"}`}
                    style={{ width: `${Math.min(100, pct(u.used, u.limit))}%` }}
                  />
                </span>
              ) : null}
            </div>
          ))}
          <div className="flex flex-col gap-1 text-sm">
            <span className="text-zinc-600">AI credits</span>
            <span className="font-medium" data-testid="credits-available">
              {credits.available.toLocaleString("en-US")} available
            </span>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
