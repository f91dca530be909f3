import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courseModules, courses, enrollments, lessonFiles, lessons, mediaAssets } from "../schema";
import type { TenantScope } from "../scope";
import { assertWithinLimit } from "./limits";
import { DomainError, writeAudit } from "./tenants";

/**
 * The course builder's writes. Every query names the tenant in its WHERE clause. Structural edits
 * (create, move, delete of modules and lessons) first lock the course row, so edits from two tabs
 * are applied one after the other, and each renumbers the positions it touched to 0..n−1 from the
 * rows as they are now: nothing is lost or duplicated whatever the interleaving.
 */
export type Lesson = typeof lessons.$inferSelect;
export type Module = typeof courseModules.$inferSelect;
type CourseRow = typeof courses.$inferSelect;

const notFound = (what: string) => new DomainError("not_found", `${what} not found`);

async function lockCourse(tx: Tx, scope: TenantScope, courseId: string): Promise<CourseRow> {
  const [c] = await tx.select().from(courses).where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId))).for("update");
  if (!c) throw notFound("Course");
  return c;
}

async function moduleIds(tx: Tx, scope: TenantScope, courseId: string) {
  const rows = await tx
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, courseId)))
    .orderBy(asc(courseModules.position), asc(courseModules.createdAt), asc(courseModules.id));
  return rows.map((r) => r.id);
}

async function lessonIds(tx: Tx, scope: TenantScope, moduleId: string) {
  const rows = await tx
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.moduleId, moduleId)))
    .orderBy(asc(lessons.position), asc(lessons.createdAt), asc(lessons.id));
  return rows.map((r) => r.id);
}

/** Write positions 0..n−1 (and the module, for lessons) in one statement. */
async function renumberLessons(tx: Tx, scope: TenantScope, moduleId: string, ids: string[]) {
  if (!ids.length) return;
  const values = sql.join(
    ids.map((id, i) => sql`(${id}::uuid, ${i}::int)`),
    sql`, `,
  );
  await tx.execute(
    sql`update ${lessons} set position = v.pos, module_id = ${moduleId}::uuid, updated_at = now() from (values ${values}) as v(id, pos) where ${lessons.id} = v.id and ${lessons.creatorId} = ${scope.creatorId}`,
  );
}

async function renumberModules(tx: Tx, scope: TenantScope, ids: string[]) {
  if (!ids.length) return;
  const values = sql.join(
    ids.map((id, i) => sql`(${id}::uuid, ${i}::int)`),
    sql`, `,
  );
  await tx.execute(sql`update ${courseModules} set position = v.pos, updated_at = now() from (values ${values}) as v(id, pos) where ${courseModules.id} = v.id and ${courseModules.creatorId} = ${scope.creatorId}`);
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

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
    await assertWithinLimit(tx, scope, "publishedCourses", 1);
    const [row] = await tx
      .update(courses)
      .set({ status: "published", publishedAt: c.publishedAt ?? new Date(), updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(courses.id, courseId), eq(courses.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "course.published", targetType: "course", targetId: courseId });
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

// ─── Modules ────────────────────────────────────────────────────────────────────────────────────

export async function createModule(scope: TenantScope, actorUserId: string, courseId: string, title: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockCourse(tx, scope, courseId);
    const ids = await moduleIds(tx, scope, courseId);
    const [m] = await tx.insert(courseModules).values({ creatorId: scope.creatorId, courseId, title, position: ids.length }).returning();
    await writeAudit(tx, scope, { actorUserId, action: "module.created", targetType: "module", targetId: m!.id });
    return m!;
  });
}

async function findModule(tx: Tx, scope: TenantScope, moduleId: string) {
  const [m] = await tx.select().from(courseModules).where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)));
  if (!m) throw notFound("Module");
  return m;
}

export async function renameModule(scope: TenantScope, actorUserId: string, moduleId: string, title: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [m] = await tx
      .update(courseModules)
      .set({ title, updatedAt: new Date() })
      .where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)))
      .returning();
    if (!m) throw notFound("Module");
    await writeAudit(tx, scope, { actorUserId, action: "module.renamed", targetType: "module", targetId: moduleId });
    return m;
  });
}

/** Delete a module with its lessons; the remaining modules close the gap. */
export async function deleteModule(scope: TenantScope, actorUserId: string, moduleId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const gone = await lessonIds(tx, scope, moduleId);
    if (gone.length) await tx.update(lessons).set({ prerequisiteLessonId: null, prerequisiteRule: null }).where(and(eq(lessons.creatorId, scope.creatorId), inArray(lessons.prerequisiteLessonId, gone)));
    await tx.delete(courseModules).where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)));
    await renumberModules(tx, scope, await moduleIds(tx, scope, m.courseId));
    await writeAudit(tx, scope, { actorUserId, action: "module.deleted", targetType: "module", targetId: moduleId, data: { title: m.title, lessons: gone.length } });
    return { id: moduleId, courseId: m.courseId };
  });
}

export async function moveModule(scope: TenantScope, actorUserId: string, moduleId: string, toIndex: number) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const ids = (await moduleIds(tx, scope, m.courseId)).filter((id) => id !== moduleId);
    ids.splice(clamp(toIndex, 0, ids.length), 0, moduleId);
    await renumberModules(tx, scope, ids);
    await writeAudit(tx, scope, { actorUserId, action: "module.moved", targetType: "module", targetId: moduleId, data: { toIndex } });
    return { courseId: m.courseId, order: ids };
  });
}

// ─── Lessons ────────────────────────────────────────────────────────────────────────────────────

export async function createLesson(scope: TenantScope, actorUserId: string, moduleId: string, input: { title: string; type: Lesson["type"]; content?: Record<string, unknown> | null }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const ids = await lessonIds(tx, scope, moduleId);
    const [l] = await tx
      .insert(lessons)
      .values({ creatorId: scope.creatorId, courseId: m.courseId, moduleId, title: input.title, type: input.type, position: ids.length, content: input.content ?? null })
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "lesson.created", targetType: "lesson", targetId: l!.id });
    return l!;
  });
}

async function findLesson(tx: Tx, scope: TenantScope, lessonId: string) {
  const [l] = await tx.select().from(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
  if (!l) throw notFound("Lesson");
  return l;
}

/**
 * Move a lesson to `toIndex` in `toModuleId` (its own module or another module of the same course).
 * Both modules are renumbered 0..n−1 under the course lock.
 */
export async function moveLesson(scope: TenantScope, actorUserId: string, lessonId: string, toModuleId: string, toIndex: number) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    await lockCourse(tx, scope, l.courseId);
    const fresh = await findLesson(tx, scope, lessonId); // its module may have changed while we waited for the lock
    const target = await findModule(tx, scope, toModuleId);
    if (target.courseId !== fresh.courseId) throw new DomainError("invalid", "A lesson can only move within its course.");
    const dest = (await lessonIds(tx, scope, toModuleId)).filter((id) => id !== lessonId);
    dest.splice(clamp(toIndex, 0, dest.length), 0, lessonId);
    if (fresh.moduleId !== toModuleId) await renumberLessons(tx, scope, fresh.moduleId, (await lessonIds(tx, scope, fresh.moduleId)).filter((id) => id !== lessonId));
    await renumberLessons(tx, scope, toModuleId, dest);
    await writeAudit(tx, scope, { actorUserId, action: "lesson.moved", targetType: "lesson", targetId: lessonId, data: { toModuleId, toIndex } });
    return { courseId: fresh.courseId, fromModuleId: fresh.moduleId, toModuleId };
  });
}

export async function deleteLesson(scope: TenantScope, actorUserId: string, lessonId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    await lockCourse(tx, scope, l.courseId);
    const fresh = await findLesson(tx, scope, lessonId);
    await tx.update(lessons).set({ prerequisiteLessonId: null, prerequisiteRule: null }).where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.prerequisiteLessonId, lessonId)));
    await tx.delete(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
    await renumberLessons(tx, scope, fresh.moduleId, await lessonIds(tx, scope, fresh.moduleId));
    await writeAudit(tx, scope, { actorUserId, action: "lesson.deleted", targetType: "lesson", targetId: lessonId, data: { title: l.title } });
    return { id: lessonId, courseId: l.courseId };
  });
}

export class VersionConflictError extends DomainError {
  constructor(
    public readonly current: { version: number; updatedAt: Date },
  ) {
    super("conflict", "This lesson was changed elsewhere since you opened it.");
  }
}

/**
 * Autosave of a lesson's body (TipTap JSON + the sanitized HTML made from it, or a quiz). Saves only
 * if nobody saved since `expectedVersion`; otherwise VersionConflictError with the current version.
 */
export async function saveLessonContent(
  scope: TenantScope,
  actorUserId: string,
  lessonId: string,
  expectedVersion: number,
  expectedType: "text" | "quiz",
  body: { title?: string; content: Record<string, unknown> | null; contentHtml: string | null },
) {
  const db = await getDb();
  // The hot path of the builder: the versioned update and its audit row in one statement (one
  // round trip, atomic without an explicit transaction).
  const titleSql = body.title !== undefined ? sql`, title = ${body.title}` : sql``;
  const r = await db.execute<{ id: string; version: number; updated_at: Date | string; course_id: string; status: Lesson["status"] }>(sql`
    with saved as (
      update ${lessons}
      set content = ${JSON.stringify(body.content)}::jsonb, content_html = ${body.contentHtml}, version = version + 1, updated_at = now() ${titleSql}
      where id = ${lessonId} and creator_id = ${scope.creatorId} and version = ${expectedVersion} and type = ${expectedType}
      returning id, version, updated_at, course_id, status
    ), audited as (
      insert into audit_logs (creator_id, actor_user_id, action, target_type, target_id, data)
      select ${scope.creatorId}, ${actorUserId}, 'lesson.saved', 'lesson', saved.id::text, jsonb_build_object('version', saved.version) from saved
    )
    select * from saved`);
  const row = r.rows[0];
  if (!row) {
    const [cur] = await db.select({ version: lessons.version, updatedAt: lessons.updatedAt, type: lessons.type }).from(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
    if (!cur) throw notFound("Lesson");
    if (cur.type !== expectedType) throw new DomainError("invalid", `This is a ${cur.type} lesson.`);
    throw new VersionConflictError(cur);
  }
  return { id: row.id, version: Number(row.version), updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at), courseId: row.course_id, status: row.status };
}

export type LessonSettings = Partial<Pick<Lesson, "title" | "status" | "isFreePreview" | "dripDays" | "dripDate" | "prerequisiteLessonId" | "prerequisiteRule" | "durationSeconds" | "mediaAssetId">>;

/** Lesson settings (the right panel). Checks that a prerequisite is another lesson of the same course. */
export async function updateLessonSettings(scope: TenantScope, actorUserId: string, lessonId: string, settings: LessonSettings, publishCheck?: (l: Lesson) => string[]) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    if (settings.prerequisiteLessonId) {
      if (settings.prerequisiteLessonId === lessonId) throw new DomainError("invalid", "A lesson cannot be its own prerequisite.");
      const p = await findLesson(tx, scope, settings.prerequisiteLessonId).catch(() => null);
      if (!p || p.courseId !== l.courseId) throw new DomainError("invalid", "The prerequisite must be a lesson of this course.");
      if (settings.prerequisiteRule === "pass" && p.type !== "quiz") throw new DomainError("invalid", "“Quiz passed” needs the prerequisite to be a quiz lesson.");
    }
    if (settings.prerequisiteLessonId === null) settings.prerequisiteRule = null;
    if (settings.mediaAssetId) {
      const [a] = await tx.select({ id: mediaAssets.id }).from(mediaAssets).where(and(eq(mediaAssets.id, settings.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)));
      if (!a) throw notFound("Media");
    }
    if (settings.status === "published" && l.status !== "published" && publishCheck) {
      const problems = publishCheck(l);
      if (problems.length) throw new DomainError("invalid", `Before publishing this lesson: ${problems.join("; ")}.`);
    }
    const [row] = await tx
      .update(lessons)
      .set({ ...settings, updatedAt: new Date() }) // `version` tracks the body only (autosave); settings are per-field
      .where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: settings.status && settings.status !== l.status ? `lesson.${settings.status === "published" ? "published" : "unpublished"}` : "lesson.updated", targetType: "lesson", targetId: lessonId, data: { fields: Object.keys(settings) } });
    return row!;
  });
}

/** Attach uploaded files (this tenant's media) to a download lesson, after the ones it has. */
export async function addLessonFiles(scope: TenantScope, actorUserId: string, lessonId: string, mediaAssetIds: string[]) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    await lockCourse(tx, scope, l.courseId);
    const assets = await tx.select({ id: mediaAssets.id }).from(mediaAssets).where(and(eq(mediaAssets.creatorId, scope.creatorId), inArray(mediaAssets.id, mediaAssetIds)));
    if (assets.length !== new Set(mediaAssetIds).size) throw notFound("File");
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(lessonFiles).where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, lessonId)));
    await tx.insert(lessonFiles).values(mediaAssetIds.map((mediaAssetId, i) => ({ creatorId: scope.creatorId, lessonId, mediaAssetId, position: (n?.n ?? 0) + i })));
    await writeAudit(tx, scope, { actorUserId, action: "lesson.files_added", targetType: "lesson", targetId: lessonId, data: { count: mediaAssetIds.length } });
  });
}

export async function removeLessonFile(scope: TenantScope, actorUserId: string, lessonFileId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [f] = await tx.delete(lessonFiles).where(and(eq(lessonFiles.id, lessonFileId), eq(lessonFiles.creatorId, scope.creatorId))).returning();
    if (!f) throw notFound("File");
    await writeAudit(tx, scope, { actorUserId, action: "lesson.file_removed", targetType: "lesson", targetId: f.lessonId });
    return f;
  });
}

/** Positions of every module's lessons, for invariant checks (tests, admin tools). */
export async function lessonPositions(scope: TenantScope, courseId: string) {
  const db = await getDb();
  return db
    .select({ id: lessons.id, moduleId: lessons.moduleId, position: lessons.position })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, courseId)))
    .orderBy(asc(lessons.moduleId), asc(lessons.position));
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
