import { sql } from "drizzle-orm";
import { getDb } from "../client";
import { courses, domains, enrollments, offers, orders, stripeAccounts, students, user } from "../schema";
import type { TenantScope } from "../scope";

/**
 * The creator's dashboard home: how the school is doing over the last 30 days, and what to set up next.
 * Every figure is an aggregate over the school's own rows (indexed by creator and time), computed at once.
 */
export type DashboardHome = Awaited<ReturnType<typeof dashboardHome>>;

const DAY_MS = 86_400_000;

export async function dashboardHome(scope: TenantScope, opts: { days?: number; now?: Date } = {}) {
  const db = await getDb();
  const c = scope.creatorId;
  const days = opts.days ?? 30;
  const now = opts.now ?? new Date();
  // The window is whole UTC days: today and the 29 before it, as the chart shows them.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const [revenue, people, top, activity, setup] = await Promise.all([
    // Net revenue per day and currency (refunds taken off), from orders paid in the window; free claims are not sales.
    db.execute<{ day: string; currency: string; net: number; sales: number }>(sql`
      select to_char(date_trunc('day', o.paid_at at time zone 'UTC'), 'YYYY-MM-DD') as day, o.currency,
        sum(o.amount_total - o.amount_refunded)::bigint as net, count(*)::int as sales
      from ${orders} o
      where o.creator_id = ${c} and o.paid_at >= ${since} and o.status in ('paid', 'refunded') and o.amount_total > 0
      group by 1, 2 order by 1`),
    db.execute<{ total: number; new_students: number; active: number; enrolled: number; completed: number }>(sql`
      select
        (select count(*)::int from ${students} s where s.creator_id = ${c}) as total,
        (select count(*)::int from ${students} s where s.creator_id = ${c} and s.created_at >= ${since}) as new_students,
        (select count(*)::int from ${students} s where s.creator_id = ${c} and s.last_active_at >= ${since}) as active,
        (select count(*)::int from ${enrollments} e where e.creator_id = ${c} and e.status = 'active') as enrolled,
        (select count(*)::int from ${enrollments} e where e.creator_id = ${c} and e.status = 'active' and e.completed_at is not null) as completed`),
    // Courses by students enrolled, with completions.
    db.execute<{ id: string; title: string; enrolled: number; completed: number }>(sql`
      select co.id, co.title, count(e.id)::int as enrolled, count(e.completed_at)::int as completed
      from ${courses} co
      join ${enrollments} e on e.course_id = co.id and e.creator_id = ${c} and e.status = 'active'
      where co.creator_id = ${c}
      group by co.id, co.title order by enrolled desc, co.title limit 5`),
    // The latest sales, enrolments and completions, newest first.
    db.execute<{
      kind: "sale" | "enrollment" | "completion";
      at: Date | string;
      who: string;
      what: string;
      amount: number | null;
      currency: string | null;
      refunded: boolean | null;
    }>(sql`
      (select 'sale' as kind, o.paid_at as at, coalesce(u.name, o.email, '') as who, of.name as what, o.amount_total as amount, o.currency,
         o.status = 'refunded' as refunded
         from ${orders} o join ${offers} of on of.id = o.offer_id and of.creator_id = ${c} left join ${user} u on u.id = o.user_id
         where o.creator_id = ${c} and o.paid_at is not null and o.amount_total > 0 order by o.paid_at desc limit 10)
      union all
      (select 'enrollment', e.enrolled_at, u.name, co.title, null, null, null
         from ${enrollments} e join ${courses} co on co.id = e.course_id and co.creator_id = ${c} join ${user} u on u.id = e.user_id
         where e.creator_id = ${c} order by e.enrolled_at desc limit 10)
      union all
      (select 'completion', e.completed_at, u.name, co.title, null, null, null
         from ${enrollments} e join ${courses} co on co.id = e.course_id and co.creator_id = ${c} join ${user} u on u.id = e.user_id
         where e.creator_id = ${c} and e.completed_at is not null order by e.completed_at desc limit 10)
      order by at desc limit 12`),
    db.execute<{ courses: number; published: number; payments: boolean; domain: boolean; sold: boolean }>(sql`
      select
        (select count(*)::int from ${courses} co where co.creator_id = ${c} and co.status <> 'archived') as courses,
        (select count(*)::int from ${courses} co where co.creator_id = ${c} and co.status = 'published') as published,
        exists (select 1 from ${stripeAccounts} a where a.creator_id = ${c} and a.charges_enabled and a.disconnected_at is null) as payments,
        exists (select 1 from ${domains} d where d.creator_id = ${c} and d.verified_at is not null) as domain,
        exists (select 1 from ${orders} o where o.creator_id = ${c} and o.status = 'paid' and o.amount_total > 0) as sold`),
  ]);

  // One chart, in the currency the school sold most in (amounts of different currencies are not compared);
  // the others are listed beside it.
  const byCurrency = new Map<string, { net: number; sales: number }>();
  for (const r of revenue.rows) {
    const t = byCurrency.get(r.currency) ?? { net: 0, sales: 0 };
    byCurrency.set(r.currency, { net: t.net + Number(r.net), sales: t.sales + Number(r.sales) });
  }
  const currencies = [...byCurrency.entries()].sort((a, b) => b[1].sales - a[1].sales).map(([currency, t]) => ({ currency, ...t }));
  const main = currencies[0]?.currency ?? null;
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = revenue.rows.find((r) => r.day === day && r.currency === main);
    return { day, net: row ? Number(row.net) : 0, sales: row ? Number(row.sales) : 0 };
  });
  const p = people.rows[0]!;
  const s = setup.rows[0]!;
  return {
    days,
    revenue: { currency: main, series, totals: currencies, sales: currencies[0]?.sales ?? 0 },
    students: { total: Number(p.total), new: Number(p.new_students), active: Number(p.active) },
    completion: { enrolled: Number(p.enrolled), completed: Number(p.completed) },
    topCourses: top.rows.map((r) => ({ id: r.id, title: r.title, enrolled: Number(r.enrolled), completed: Number(r.completed) })),
    activity: activity.rows.map((r) => ({ ...r, at: new Date(r.at), amount: r.amount === null ? null : Number(r.amount), refunded: r.refunded === true })),
    setup: { courses: Number(s.courses), published: Number(s.published), payments: s.payments === true, domain: s.domain === true, sold: s.sold === true },
  };
}
