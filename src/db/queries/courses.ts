import { and, asc, count, eq, ilike, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courseModules, courses, enrollments, lessons, offerCourses, offers, prices } from "../schema";
import type { TenantScope } from "../scope";
import { assertWithinLimit } from "./limits";
import { DomainError, writeAudit } from "./tenants";

export type Course = typeof courses.$inferSelect;

export async function listCourses(scope: TenantScope, filter: { status?: Course["status"]; q?: string } = {}) {
  const db = await getDb();
  const conds = [eq(courses.creatorId, scope.creatorId)];
  if (filter.status) conds.push(eq(courses.status, filter.status));
  if (filter.q) conds.push(ilike(courses.title, `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  const lessonCount = db
    .select({ courseId: lessons.courseId, n: count().as("n") })
    .from(lessons)
    .where(eq(lessons.creatorId, scope.creatorId))
    .groupBy(lessons.courseId)
    .as("lc");
  return db
    .select({
      id: courses.id,
      slug: courses.slug,
      title: courses.title,
      subtitle: courses.subtitle,
      status: courses.status,
      coverUrl: courses.coverUrl,
      updatedAt: courses.updatedAt,
      lessonCount: sql<number>`coalesce(${lessonCount.n}, 0)::int`,
    })
    .from(courses)
    .leftJoin(lessonCount, eq(lessonCount.courseId, courses.id))
    .where(and(...conds))
    .orderBy(asc(courses.title));
}

export async function listPublishedCourses(scope: TenantScope) {
  return listCourses(scope, { status: "published" });
}

export async function countCourses(scope: TenantScope) {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(courses).where(eq(courses.creatorId, scope.creatorId));
  return r?.n ?? 0;
}

export async function findPublishedCourseBySlug(scope: TenantScope, slug: string) {
  const db = await getDb();
  const [course] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, slug), eq(courses.status, "published")));
  if (!course) return null;
  const mods = await db
    .select()
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, course.id)))
    .orderBy(asc(courseModules.position));
  const ls = await db
    .select({ id: lessons.id, moduleId: lessons.moduleId, title: lessons.title, type: lessons.type, position: lessons.position, isFreePreview: lessons.isFreePreview, durationSeconds: lessons.durationSeconds })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, course.id), eq(lessons.status, "published")))
    .orderBy(asc(lessons.position));
  return { course, modules: mods.map((m) => ({ ...m, lessons: ls.filter((l) => l.moduleId === m.id) })) };
}

/** A student's courses in this tenant. */
export async function listEnrolledCourses(scope: TenantScope, userId: string) {
  const db = await getDb();
  return db
    .select({ id: courses.id, slug: courses.slug, title: courses.title, subtitle: courses.subtitle, coverUrl: courses.coverUrl, enrolledAt: enrollments.enrolledAt })
    .from(enrollments)
    .innerJoin(courses, and(eq(courses.id, enrollments.courseId), eq(courses.creatorId, scope.creatorId)))
    .where(and(eq(enrollments.creatorId, scope.creatorId), eq(enrollments.userId, userId), eq(enrollments.status, "active")))
    .orderBy(asc(courses.title));
}

/** The lowest active price per course (for catalog cards). */
export async function listCoursePrices(scope: TenantScope) {
  const db = await getDb();
  return db
    .select({ courseId: offerCourses.courseId, amount: sql<number>`min(${prices.amount})::int`, currency: sql<string>`min(${prices.currency})` })
    .from(offerCourses)
    .innerJoin(offers, and(eq(offers.id, offerCourses.offerId), eq(offers.creatorId, scope.creatorId), eq(offers.status, "active")))
    .innerJoin(prices, and(eq(prices.offerId, offers.id), eq(prices.creatorId, scope.creatorId)))
    .where(eq(offerCourses.creatorId, scope.creatorId))
    .groupBy(offerCourses.courseId);
}

/**
 * Create a draft course (the course builder extends this). Counted against the plan's course limit
 * in the same transaction.
 */
export async function createCourse(scope: TenantScope, actorUserId: string, input: { title: string; slug: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertWithinLimit(tx, scope, "courses", 1); // also locks the tenant row: creations are serialized
    const [taken] = await tx.select({ id: courses.id }).from(courses).where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, input.slug)));
    if (taken) throw new DomainError("conflict", `Another course already uses the address “${input.slug}”. Choose another slug.`);
    const [row] = await tx.insert(courses).values({ creatorId: scope.creatorId, title: input.title, slug: input.slug }).returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.created", targetType: "course", targetId: row!.id });
    return row!;
  });
}
