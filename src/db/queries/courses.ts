import { and, asc, count, eq, ilike, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courseModules, courses, enrollments, lessonFiles, lessons, offerCourses, offers, prices } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { assertWithinLimit } from "./limits";
import { recordFact } from "./outbox";

/**
 * Courses: the catalog reads, the builder's course-level writes (settings, duplicate, publish, archive,
 * delete) and the rule for publishing one. Modules and lessons are in ./modules.ts and ./lessons.ts.
 * Every query names the tenant in its WHERE clause; writes that touch a course's structure lock its row
 * first (lockCourse), so edits from two tabs are applied one after the other.
 */
export type Course = typeof courses.$inferSelect;

/** "Course not found" and the like: a foreign id is simply not found. */
export const notFoundError = (what: string) => new DomainError("not_found", `${what} not found`);

export async function lockCourse(tx: Tx, scope: TenantScope, courseId: string): Promise<Course> {
  const [c] = await tx
    .select()
    .from(courses)
    .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
    .for("update");
  if (!c) throw notFoundError("Course");
  return c;
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────

export async function getCourse(scope: TenantScope, courseId: string) {
  const db = await getDb();
  const [c] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)));
  return c ?? null;
}

/** A course's modules in order, each with its lessons in order (no bodies); only published lessons for the public site. */
async function modulesWithLessons(scope: TenantScope, of: { courseId: string; publishedOnly: boolean }) {
  const db = await getDb();
  const mods = await db
    .select({ id: courseModules.id, title: courseModules.title, position: courseModules.position })
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, of.courseId)))
    .orderBy(asc(courseModules.position), asc(courseModules.id));
  const cols = { id: lessons.id, moduleId: lessons.moduleId, title: lessons.title, type: lessons.type, status: lessons.status, position: lessons.position };
  const ls = await db
    .select({ ...cols, isFreePreview: lessons.isFreePreview, durationSeconds: lessons.durationSeconds, version: lessons.version })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, of.courseId), of.publishedOnly ? eq(lessons.status, "published") : undefined))
    .orderBy(asc(lessons.position), asc(lessons.id));
  const all = mods.map((m) => ({ ...m, lessons: ls.filter((l) => l.moduleId === m.id) }));
  // On the public site a module shows only once it has something published (a draft module's title is not news).
  return of.publishedOnly ? all.filter((m) => m.lessons.length > 0) : all;
}

/** The course with its outline (modules → lessons, without lesson bodies), for the builder. */
export async function getCourseOutline(scope: TenantScope, courseId: string) {
  const course = await getCourse(scope, courseId);
  if (!course) return null;
  return { course, modules: await modulesWithLessons(scope, { courseId, publishedOnly: false }) };
}

export type CourseOutline = NonNullable<Awaited<ReturnType<typeof getCourseOutline>>>;

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
  return { course, modules: await modulesWithLessons(scope, { courseId: course.id, publishedOnly: true }) };
}

/** The lowest active price per course (for catalog cards). */
export async function listCoursePrices(scope: TenantScope) {
  const db = await getDb();
  // One real price per course (its amount with its own currency), the cheapest: never a mix of two prices.
  const r = await db.execute<{ course_id: string; amount: number; currency: string }>(sql`
    select distinct on (oc.course_id) oc.course_id, p.amount, p.currency
    from ${offerCourses} oc
    join ${offers} o on o.id = oc.offer_id and o.creator_id = ${scope.creatorId} and o.status = 'active'
    join ${prices} p on p.offer_id = o.id and p.creator_id = ${scope.creatorId}
    where oc.creator_id = ${scope.creatorId}
    order by oc.course_id, p.amount, p.currency`);
  return r.rows.map((x) => ({ courseId: x.course_id, amount: Number(x.amount), currency: x.currency }));
}

/** The first lesson (by module, then lesson position) of each of the tenant's courses, for "Preview as student". */
export async function firstLessonIds(scope: TenantScope): Promise<Map<string, string>> {
  const db = await getDb();
  const rows = await db.execute<{ course_id: string; lesson_id: string }>(sql`
    select distinct on (l.course_id) l.course_id, l.id as lesson_id
    from ${lessons} l join ${courseModules} m on m.id = l.module_id and m.creator_id = ${scope.creatorId}
    where l.creator_id = ${scope.creatorId}
    order by l.course_id, m.position, l.position`);
  return new Map(rows.rows.map((r) => [r.course_id, r.lesson_id]));
}

// ─── Writes ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Create a draft course (the course builder extends this). Counted against the plan's course limit
 * in the same transaction.
 */
export async function createCourse(scope: TenantScope, actorUserId: string, input: { title: string; slug: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertWithinLimit(tx, scope, { metric: "courses", amount: 1 }); // also locks the tenant row: creations are serialized
    const [taken] = await tx
      .select({ id: courses.id })
      .from(courses)
      .where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, input.slug)));
    if (taken) throw new DomainError("conflict", `Another course already uses the address “${input.slug}”. Choose another slug.`);
    const [row] = await tx.insert(courses).values({ creatorId: scope.creatorId, title: input.title, slug: input.slug }).returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.created", targetType: "course", targetId: row!.id });
    return row!;
  });
}

export type CourseFields = Partial<
  Pick<Course, "title" | "slug" | "subtitle" | "description" | "coverUrl" | "category" | "language" | "seoTitle" | "seoDescription">
>;

/** Update course settings. With `expectedVersion`, refuses (conflict) if someone saved since. */
export async function updateCourse(scope: TenantScope, change: { actorUserId: string; courseId: string; fields: CourseFields; expectedVersion?: number }) {
  const { actorUserId, courseId, fields, expectedVersion } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    if (expectedVersion !== undefined && c.version !== expectedVersion)
      throw new DomainError("conflict", "This course was changed elsewhere since you opened it. Reload to see the latest version.", {
        details: { kind: "version_conflict", currentVersion: c.version },
      });
    if (fields.slug && fields.slug !== c.slug) {
      const [taken] = await tx
        .select({ id: courses.id })
        .from(courses)
        .where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, fields.slug), ne(courses.id, courseId)));
      // Invalid input (not a conflict between editors): the settings form shows it under the slug and keeps autosaving the rest.
      const message = `Another course already uses the address “${fields.slug}”.`;
      if (taken) throw new DomainError("invalid", message, { fieldErrors: { "fields.slug": [message] } });
    }
    const [row] = await tx
      .update(courses)
      .set({ ...fields, version: c.version + 1, updatedAt: new Date() })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.updated", targetType: "course", targetId: courseId, data: { fields: Object.keys(fields) } });
    return row!;
  });
}

async function freeSlug(tx: Tx, scope: TenantScope, base: string) {
  const rows = await tx
    .select({ slug: courses.slug })
    .from(courses)
    .where(and(eq(courses.creatorId, scope.creatorId), sql`${courses.slug} like ${base.replace(/[%_\\]/g, "\\$&") + "%"}`));
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A new id for each row, keyed by its old id (for copies that remap references). */
const freshIds = (rows: { id: string }[]) => new Map(rows.map((r) => [r.id, crypto.randomUUID()]));

/** Deep copy as a new draft ("Copy of …"): modules, lessons (drafts), files, prerequisites remapped. */
export async function duplicateCourse(scope: TenantScope, actorUserId: string, courseId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertWithinLimit(tx, scope, { metric: "courses", amount: 1 });
    const src = await lockCourse(tx, scope, courseId);
    const slug = await freeSlug(tx, scope, `${src.slug}-copy`.slice(0, 80));
    const [copy] = await tx
      .insert(courses)
      .values({
        creatorId: scope.creatorId,
        title: `Copy of ${src.title}`.slice(0, 200),
        slug,
        status: "draft",
        subtitle: src.subtitle,
        description: src.description,
        salesPage: src.salesPage,
        coverUrl: src.coverUrl,
        category: src.category,
        language: src.language,
        seoTitle: src.seoTitle,
        seoDescription: src.seoDescription,
      })
      .returning();
    const ofCourse = <T extends typeof courseModules | typeof lessons>(t: T) => and(eq(t.creatorId, scope.creatorId), eq(t.courseId, courseId));
    const mods = await tx.select().from(courseModules).where(ofCourse(courseModules));
    const modMap = freshIds(mods);
    if (mods.length)
      await tx.insert(courseModules).values(mods.map(({ id, createdAt, updatedAt, ...m }) => ({ ...m, id: modMap.get(id)!, courseId: copy!.id })));
    const ls = await tx.select().from(lessons).where(ofCourse(lessons));
    const lessonMap = freshIds(ls);
    // Every column is copied but the ids it is known by (remapped), its timestamps and its body version.
    const copies = ls.map(({ id, createdAt, updatedAt, version, ...l }) => ({
      ...l,
      id: lessonMap.get(id)!,
      courseId: copy!.id,
      moduleId: modMap.get(l.moduleId)!,
      prerequisiteLessonId: l.prerequisiteLessonId ? (lessonMap.get(l.prerequisiteLessonId) ?? null) : null,
    }));
    if (copies.length) await tx.insert(lessons).values(copies);
    if (ls.length) {
      const files = await tx
        .select()
        .from(lessonFiles)
        .where(
          and(
            eq(lessonFiles.creatorId, scope.creatorId),
            inArray(
              lessonFiles.lessonId,
              ls.map((l) => l.id),
            ),
          ),
        );
      if (files.length)
        await tx
          .insert(lessonFiles)
          .values(files.map((f) => ({ creatorId: scope.creatorId, lessonId: lessonMap.get(f.lessonId)!, mediaAssetId: f.mediaAssetId, position: f.position })));
    }
    await writeAudit(tx, scope, { actorUserId, action: "course.duplicated", targetType: "course", targetId: copy!.id, data: { from: courseId } });
    return copy!;
  });
}

export async function setCourseStatus(scope: TenantScope, change: { actorUserId: string; courseId: string; status: "draft" | "archived" }) {
  const { actorUserId, courseId, status } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    // An archived course does not count against the plan; restoring it makes it count again.
    if (c.status === "archived" && status !== "archived") await assertWithinLimit(tx, scope, { metric: "courses", amount: 1 });
    const [row] = await tx
      .update(courses)
      .set({ status, updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, {
      actorUserId,
      action: status === "archived" ? "course.archived" : c.status === "published" ? "course.unpublished" : "course.restored",
      targetType: "course",
      targetId: courseId,
    });
    return row!;
  });
}

/** What stops a course from being published (empty when it can be): the rule, beside the noun it judges. */
export async function coursePublishProblems(tx: Tx, scope: TenantScope, c: Course): Promise<string[]> {
  const out: string[] = [];
  if (!c.title.trim()) out.push("a title");
  if (!c.slug.trim()) out.push("a URL slug");
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, c.id), eq(lessons.status, "published")));
  if (!n?.n) out.push("at least one published lesson");
  return out;
}

export async function publishCourse(scope: TenantScope, actorUserId: string, courseId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    if (c.status === "published") return c;
    const missing = await coursePublishProblems(tx, scope, c);
    if (missing.length) throw new DomainError("invalid", `To publish this course it needs ${missing.join(", ")}.`);
    // Straight from the archive, it counts as a course again too.
    if (c.status === "archived") await assertWithinLimit(tx, scope, { metric: "courses", amount: 1 });
    await assertWithinLimit(tx, scope, { metric: "publishedCourses", amount: 1 });
    const [row] = await tx
      .update(courses)
      .set({ status: "published", publishedAt: c.publishedAt ?? new Date(), updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.published", targetType: "course", targetId: courseId });
    await recordFact(tx, { name: "course/published", data: { creatorId: scope.creatorId, courseId, title: row!.title } });
    return row!;
  });
}

/** Delete a course and everything in it (only this course's rows). Refused while students are enrolled. */
export async function deleteCourse(scope: TenantScope, change: { actorUserId: string; courseId: string; confirmTitle: string }) {
  const { actorUserId, courseId, confirmTitle } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    if (confirmTitle.trim() !== c.title.trim()) throw new DomainError("invalid", `Type the course title “${c.title}” to confirm.`);
    const [e] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(enrollments)
      .where(and(eq(enrollments.creatorId, scope.creatorId), eq(enrollments.courseId, courseId), eq(enrollments.status, "active")));
    if (e?.n)
      throw new DomainError("conflict", `${e.n} student${e.n === 1 ? " is" : "s are"} enrolled in this course. Archive it instead, so they keep their access.`);
    await tx.delete(courses).where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)));
    await writeAudit(tx, scope, { actorUserId, action: "course.deleted", targetType: "course", targetId: courseId, data: { title: c.title, slug: c.slug } });
    return { id: courseId };
  });
}
