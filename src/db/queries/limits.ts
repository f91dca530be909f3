import { and, count, eq, isNull, gt, ne, sql } from "drizzle-orm";
import { planAllowing, planOf, METRIC_LABEL, type CountMetric } from "@/lib/plans/plans";
import type { DbOrTx } from "../client";
import { getDb } from "../client";
import { courses, creatorMembers, creators, invitations, students } from "../schema";
import type { TenantScope } from "../scope";

export class LimitError extends Error {
  constructor(
    public readonly metric: CountMetric,
    public readonly limit: number,
    public readonly planName: string,
    public readonly upgradeTo: string | null,
  ) {
    super(
      `Your ${planName} plan includes ${limit} ${METRIC_LABEL[metric]}.` +
        (upgradeTo ? ` Upgrade to ${upgradeTo} to add more.` : " Remove some first or contact us for a larger plan."),
    );
    this.name = "LimitError";
  }
}

export async function currentCount(tx: DbOrTx, scope: TenantScope, metric: CountMetric): Promise<number> {
  const c = scope.creatorId;
  switch (metric) {
    case "courses": {
      const [r] = await tx.select({ n: count() }).from(courses).where(and(eq(courses.creatorId, c), ne(courses.status, "archived")));
      return r?.n ?? 0;
    }
    case "publishedCourses": {
      const [r] = await tx.select({ n: count() }).from(courses).where(and(eq(courses.creatorId, c), eq(courses.status, "published")));
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
export async function assertWithinLimit(tx: DbOrTx, scope: TenantScope, metric: CountMetric, amount = 1): Promise<void> {
  const [c] = await tx.execute<{ plan: string }>(sql`select plan from ${creators} where ${creators.id} = ${scope.creatorId} for update`).then((r) => r.rows);
  if (!c) throw new Error("tenant not found");
  const plan = planOf(c.plan);
  const limit = plan.limits[metric];
  if (limit === null) return;
  const used = await currentCount(tx, scope, metric);
  if (used + amount > limit) throw new LimitError(metric, limit, plan.name, planAllowing(metric, used + amount)?.name ?? null);
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
