import { and, count, eq, isNull, gt, ne, sql } from "drizzle-orm";
import { planAllowing, planOf, METRIC_LABEL, type CountMetric, type Plan } from "@/lib/platform-billing/plans";
import { DomainError } from "@/lib/errors";
import type { DbOrTx } from "../client";
import { getDb } from "../client";
import { auditLogs, courses, creatorMembers, creators, invitations, students } from "../schema";
import type { TenantScope } from "../scope";

/** "1 published course", "2 team seats": the metric's label in the singular for one. */
function countOf(n: number, metric: CountMetric): string {
  const label = METRIC_LABEL[metric];
  return `${n} ${n === 1 ? label.replace(/ies$/, "y").replace(/s$/, "") : label}`;
}

/** The plan's limit for a metric is reached: nothing was written; details point at the billing page. */
export class LimitError extends DomainError {
  readonly metric: CountMetric;
  readonly limit: number;

  constructor({ metric, limit, planName, upgradeTo }: { metric: CountMetric; limit: number; planName: string; upgradeTo: string | null }) {
    super(
      "limit_reached",
      `Your ${planName} plan includes ${limit} ${METRIC_LABEL[metric]}.` +
        (upgradeTo ? ` Upgrade to ${upgradeTo} to add more.` : " Remove some first or contact us for a larger plan."),
      { details: { kind: "limit_reached", metric, upgradePath: "settings/billing" } },
    );
    this.metric = metric;
    this.limit = limit;
  }
}

export async function currentCount(tx: DbOrTx, scope: TenantScope, metric: CountMetric): Promise<number> {
  const c = scope.creatorId;
  switch (metric) {
    case "courses": {
      const [r] = await tx
        .select({ n: count() })
        .from(courses)
        .where(and(eq(courses.creatorId, c), ne(courses.status, "archived")));
      return r?.n ?? 0;
    }
    case "publishedCourses": {
      const [r] = await tx
        .select({ n: count() })
        .from(courses)
        .where(and(eq(courses.creatorId, c), eq(courses.status, "published")));
      return r?.n ?? 0;
    }
    case "students": {
      const [r] = await tx.select({ n: count() }).from(students).where(eq(students.creatorId, c));
      return r?.n ?? 0;
    }
    case "teamSeats": {
      const [m] = await tx.select({ n: count() }).from(creatorMembers).where(eq(creatorMembers.creatorId, c));
      const [i] = await tx
        .select({ n: count() })
        .from(invitations)
        .where(and(eq(invitations.creatorId, c), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
      return (m?.n ?? 0) + (i?.n ?? 0);
    }
  }
}

/**
 * The one enforcement point for count limits. Call it inside the transaction that creates the
 * thing: it locks the tenant row first, so concurrent creations of one tenant are serialized and
 * 20 parallel "create" calls at limit − 1 create exactly one.
 */
export async function assertWithinLimit(tx: DbOrTx, scope: TenantScope, want: { metric: CountMetric; amount?: number }): Promise<void> {
  const { metric, amount = 1 } = want;
  const [c] = await tx.execute<{ plan: string }>(sql`select plan from ${creators} where ${creators.id} = ${scope.creatorId} for update`).then((r) => r.rows);
  if (!c) throw new Error("tenant not found");
  const plan = planOf(c.plan);
  const limit = plan.limits[metric];
  if (limit === null) return;
  const used = await currentCount(tx, scope, metric);
  if (used + amount > limit) throw new LimitError({ metric, limit, planName: plan.name, upgradeTo: planAllowing(metric, used + amount)?.name ?? null });
}

/** Usage of every count limit, for the dashboard (bars, 80% warnings). */
export async function countUsage(scope: TenantScope) {
  const db = await getDb();
  const [c] = await db.select({ plan: creators.plan }).from(creators).where(eq(creators.id, scope.creatorId));
  const plan = planOf(c?.plan ?? "free");
  const metrics: CountMetric[] = ["courses", "publishedCourses", "students", "teamSeats"];
  const out = [];
  for (const m of metrics) {
    const used = await currentCount(db, scope, m);
    const limit = plan.limits[m];
    out.push({ metric: m, used, limit, ratio: limit ? used / limit : 0 });
  }
  return { plan, usage: out };
}

/** A move to a plan whose limits the school is over: refused, with what must go first. */
export class DowngradeError extends DomainError {
  constructor(
    public readonly blockers: { metric: CountMetric; used: number; limit: number }[],
    planName: string,
  ) {
    super(
      "conflict",
      `To move to ${planName}, first remove ${blockers.map((b) => `${countOf(b.used - b.limit, b.metric)} (you have ${b.used}, ${planName} allows ${b.limit})`).join(" and ")}.`,
      { details: { kind: "downgrade_blocked", blockers } },
    );
  }
}

async function downgradeBlockers(tx: DbOrTx, scope: TenantScope, next: Plan) {
  const blockers = [];
  for (const m of ["courses", "publishedCourses", "students", "teamSeats"] as CountMetric[]) {
    const limit = next.limits[m];
    if (limit === null) continue;
    const used = await currentCount(tx, scope, m);
    if (used > limit) blockers.push({ metric: m, used, limit });
  }
  return blockers;
}

/** Throws DowngradeError when the tenant is over any of the plan's count limits (checked before sending someone to Stripe). */
export async function assertCanMoveTo(scope: TenantScope, planId: string) {
  const next = planOf(planId);
  const db = await getDb();
  const blockers = await downgradeBlockers(db, scope, next);
  if (blockers.length) throw new DowngradeError(blockers, next.name);
}

/**
 * Change a tenant's plan. A downgrade is refused while the tenant is over any of the new plan's
 * count limits, naming what must be removed first — unless `force` (Stripe says the subscription
 * ended or changed: the plan follows, and the limits then refuse new work until they fit).
 * Moving to the plan the tenant is already on changes nothing (`changed: false`, no audit entry).
 */
export async function changePlan(scope: TenantScope, change: { actorUserId: string | null; planId: string; force?: boolean; source?: "test-mode" | "stripe" }) {
  const { actorUserId, planId, ...opts } = change;
  const next = planOf(planId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [c] = await tx.execute<{ plan: string }>(sql`select plan from ${creators} where ${creators.id} = ${scope.creatorId} for update`).then((r) => r.rows);
    if (!c) throw new Error("tenant not found");
    if (c.plan === next.id) return { from: planOf(c.plan), to: next, changed: false };
    if (!opts.force) {
      const blockers = await downgradeBlockers(tx, scope, next);
      if (blockers.length) throw new DowngradeError(blockers, next.name);
    }
    await tx.update(creators).set({ plan: next.id, updatedAt: new Date() }).where(eq(creators.id, scope.creatorId));
    await tx
      .insert(auditLogs)
      .values({ creatorId: scope.creatorId, actorUserId, action: "plan.changed", data: { from: c.plan, to: next.id, source: opts.source ?? "test-mode" } });
    return { from: planOf(c.plan), to: next, changed: true };
  });
}

/** Every tenant and its plan (system use: the monthly credit grant). */
export async function listTenantPlans() {
  const db = await getDb();
  return db.select({ id: creators.id, plan: creators.plan }).from(creators);
}

/** One page of school ids, in id order after `after` (keyset paging for fan-out jobs). */
export async function pageSchoolIds(opts: { after: string | null; limit: number }): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: creators.id })
    .from(creators)
    .where(opts.after ? gt(creators.id, opts.after) : undefined)
    .orderBy(creators.id)
    .limit(opts.limit);
  return rows.map((r) => r.id);
}
