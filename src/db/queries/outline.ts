import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courseModules, lessonFiles, lessons, mediaAssets } from "../schema";
import type { TenantScope } from "../scope";
import { recordFact } from "./outbox";
import { lockCourse, notFound, type Lesson } from "./builder";
import { DomainError, writeAudit } from "./tenants";

/**
 * Modules and lessons of a course. Structural edits (create, move, delete) first lock the course
 * row, so edits from two tabs are applied one after the other, and each renumbers the positions it
 * touched to 0..n−1 from the rows as they are now: nothing is lost or duplicated whatever the
 * interleaving. Lesson bodies autosave with an optimistic version check.
 */
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
    if (settings.status === "published" && l.status !== "published") {
      await recordFact(tx, "course/lesson.published", { creatorId: scope.creatorId, courseId: l.courseId, lessonId });
    }
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

