import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courseModules, courses, enrollments, lessonFiles, lessons, mediaAssets } from "../schema";
import type { TenantScope } from "../scope";
import { assertWithinLimit } from "./limits";
import { recordFact } from "./outbox";
import { DomainError, writeAudit } from "./tenants";

/**
 * Courses in the builder: reads (course, outline, lesson) and course-level writes (settings,
 * duplicate, publish, archive, delete). Modules and lessons are in ./outline.ts. Every query names
 * the tenant in its WHERE clause; writes that touch a course's structure lock its row first.
 */
export type Lesson = typeof lessons.$inferSelect;
export type Module = typeof courseModules.$inferSelect;
type CourseRow = typeof courses.$inferSelect;

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);

export async function lockCourse(tx: Tx, scope: TenantScope, courseId: string): Promise<CourseRow> {
  const [c] = await tx.select().from(courses).where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId))).for("update");
  if (!c) throw notFound("Course");
  return c;
}


// ─── Reads ──────────────────────────────────────────────────────────────────────────────────────

export async function getCourse(scope: TenantScope, courseId: string) {
  const db = await getDb();
  const [c] = await db.select().from(courses).where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)));
  return c ?? null;
}

/** The course with its outline (modules → lessons, without lesson bodies). */
export async function getCourseOutline(scope: TenantScope, courseId: string) {
  const course = await getCourse(scope, courseId);
  if (!course) return null;
  const db = await getDb();
  const mods = await db
    .select()
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, courseId)))
    .orderBy(asc(courseModules.position), asc(courseModules.id));
  const ls = await db
    .select({
      id: lessons.id,
      moduleId: lessons.moduleId,
      title: lessons.title,
      type: lessons.type,
      status: lessons.status,
      position: lessons.position,
      isFreePreview: lessons.isFreePreview,
      version: lessons.version,
    })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, courseId)))
    .orderBy(asc(lessons.position), asc(lessons.id));
  return { course, modules: mods.map((m) => ({ id: m.id, title: m.title, position: m.position, lessons: ls.filter((l) => l.moduleId === m.id) })) };
}
export type CourseOutline = NonNullable<Awaited<ReturnType<typeof getCourseOutline>>>;

export async function getLesson(scope: TenantScope, lessonId: string) {
  const db = await getDb();
  const [l] = await db.select().from(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
  if (!l) return null;
  const files = await db
    .select({ id: lessonFiles.id, mediaAssetId: lessonFiles.mediaAssetId, position: lessonFiles.position, filename: mediaAssets.filename, sizeBytes: mediaAssets.sizeBytes, contentType: mediaAssets.contentType })
    .from(lessonFiles)
    .innerJoin(mediaAssets, and(eq(mediaAssets.id, lessonFiles.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)))
    .where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, lessonId)))
    .orderBy(asc(lessonFiles.position));
  return { ...l, files };
}
export type LessonDetail = NonNullable<Awaited<ReturnType<typeof getLesson>>>;

// ─── Courses ────────────────────────────────────────────────────────────────────────────────────

export type CourseFields = Partial<Pick<CourseRow, "title" | "slug" | "subtitle" | "description" | "coverUrl" | "category" | "language" | "seoTitle" | "seoDescription">>;

/** Update course settings. With `expectedVersion`, refuses (conflict) if someone saved since. */
export async function updateCourse(scope: TenantScope, actorUserId: string, courseId: string, fields: CourseFields, expectedVersion?: number) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    if (expectedVersion !== undefined && c.version !== expectedVersion) throw new DomainError("conflict", "This course was changed elsewhere since you opened it. Reload to see the latest version.");
    if (fields.slug && fields.slug !== c.slug) {
      const [taken] = await tx.select({ id: courses.id }).from(courses).where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, fields.slug), ne(courses.id, courseId)));
      if (taken) throw new DomainError("conflict", `Another course already uses the address “${fields.slug}”.`);
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
  const rows = await tx.select({ slug: courses.slug }).from(courses).where(and(eq(courses.creatorId, scope.creatorId), sql`${courses.slug} like ${base.replace(/[%_\\]/g, "\\$&") + "%"}`));
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Deep copy as a new draft ("Copy of …"): modules, lessons (drafts), files, prerequisites remapped. */
export async function duplicateCourse(scope: TenantScope, actorUserId: string, courseId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertWithinLimit(tx, scope, "courses", 1);
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
        coverUrl: src.coverUrl,
        category: src.category,
        language: src.language,
        seoTitle: src.seoTitle,
        seoDescription: src.seoDescription,
      })
      .returning();
    const mods = await tx.select().from(courseModules).where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, courseId)));
    const modMap = new Map<string, string>();
    for (const m of mods) modMap.set(m.id, crypto.randomUUID());
    if (mods.length) await tx.insert(courseModules).values(mods.map((m) => ({ id: modMap.get(m.id)!, creatorId: scope.creatorId, courseId: copy!.id, title: m.title, position: m.position })));
    const ls = await tx.select().from(lessons).where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, courseId)));
    const lessonMap = new Map<string, string>();
    for (const l of ls) lessonMap.set(l.id, crypto.randomUUID());
    if (ls.length)
      await tx.insert(lessons).values(
        ls.map((l) => ({
          creatorId: scope.creatorId,
          type: l.type,
          title: l.title,
          position: l.position,
          status: l.status,
          content: l.content,
          contentHtml: l.contentHtml,
          mediaAssetId: l.mediaAssetId,
          isFreePreview: l.isFreePreview,
          dripDays: l.dripDays,
          dripDate: l.dripDate,
          prerequisiteRule: l.prerequisiteRule,
          durationSeconds: l.durationSeconds,
          id: lessonMap.get(l.id)!,
          courseId: copy!.id,
          moduleId: modMap.get(l.moduleId)!,
          prerequisiteLessonId: l.prerequisiteLessonId ? (lessonMap.get(l.prerequisiteLessonId) ?? null) : null,
        })),
      );
    if (ls.length) {
      const files = await tx.select().from(lessonFiles).where(and(eq(lessonFiles.creatorId, scope.creatorId), inArray(lessonFiles.lessonId, ls.map((l) => l.id))));
      if (files.length) await tx.insert(lessonFiles).values(files.map((f) => ({ creatorId: scope.creatorId, lessonId: lessonMap.get(f.lessonId)!, mediaAssetId: f.mediaAssetId, position: f.position })));
    }
    await writeAudit(tx, scope, { actorUserId, action: "course.duplicated", targetType: "course", targetId: copy!.id, data: { from: courseId } });
    return copy!;
  });
}

export async function setCourseStatus(scope: TenantScope, actorUserId: string, courseId: string, status: "draft" | "archived") {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    // An archived course does not count against the plan; restoring it makes it count again.
    if (c.status === "archived" && status !== "archived") await assertWithinLimit(tx, scope, "courses", 1);
    const [row] = await tx
      .update(courses)
      .set({ status, updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: status === "archived" ? "course.archived" : c.status === "published" ? "course.unpublished" : "course.restored", targetType: "course", targetId: courseId });
    return row!;
  });
}

/** What stops a course from being published (empty when it can be). */
export async function publishProblems(tx: Tx, scope: TenantScope, c: CourseRow): Promise<string[]> {
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
    const missing = await publishProblems(tx, scope, c);
    if (missing.length) throw new DomainError("invalid", `To publish this course it needs ${missing.join(", ")}.`);
    // Straight from the archive, it counts as a course again too.
    if (c.status === "archived") await assertWithinLimit(tx, scope, "courses", 1);
    await assertWithinLimit(tx, scope, "publishedCourses", 1);
    const [row] = await tx
      .update(courses)
      .set({ status: "published", publishedAt: c.publishedAt ?? new Date(), updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.published", targetType: "course", targetId: courseId });
    await recordFact(tx, "course/published", { creatorId: scope.creatorId, courseId, title: row!.title });
    return row!;
  });
}

/** Delete a course and everything in it (only this course's rows). Refused while students are enrolled. */
export async function deleteCourse(scope: TenantScope, actorUserId: string, courseId: string, confirmTitle: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, courseId);
    if (confirmTitle.trim() !== c.title.trim()) throw new DomainError("invalid", `Type the course title “${c.title}” to confirm.`);
    const [e] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(enrollments)
      .where(and(eq(enrollments.creatorId, scope.creatorId), eq(enrollments.courseId, courseId), eq(enrollments.status, "active")));
    if (e?.n) throw new DomainError("conflict", `${e.n} student${e.n === 1 ? " is" : "s are"} enrolled in this course. Archive it instead, so they keep their access.`);
    await tx.delete(courses).where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)));
    await writeAudit(tx, scope, { actorUserId, action: "course.deleted", targetType: "course", targetId: courseId, data: { title: c.title, slug: c.slug } });
    return { id: courseId };
  });
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
