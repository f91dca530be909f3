import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { lessonFiles, lessons, mediaAssets } from "../schema";
import type { TenantScope } from "../scope";
import { quizProblems, type Quiz } from "@/lib/courses/quiz";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { lockCourse, notFoundError } from "./courses";
import { findModule } from "./modules";
import { recordFact } from "./outbox";
import { clampIndex } from "./positions";

/**
 * Lessons of a course: created, moved (within and across modules, under the course lock, renumbered
 * 0..n−1), deleted, their settings, their files, their body's autosave (an optimistic version check)
 * and the rule for publishing one (lessonPublishProblems).
 */
export type Lesson = typeof lessons.$inferSelect;

export async function getLesson(scope: TenantScope, lessonId: string) {
  const db = await getDb();
  const [l] = await db
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
  if (!l) return null;
  const files = await db
    .select({
      id: lessonFiles.id,
      mediaAssetId: lessonFiles.mediaAssetId,
      position: lessonFiles.position,
      filename: mediaAssets.filename,
      sizeBytes: mediaAssets.sizeBytes,
      contentType: mediaAssets.contentType,
    })
    .from(lessonFiles)
    .innerJoin(mediaAssets, and(eq(mediaAssets.id, lessonFiles.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)))
    .where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, lessonId)))
    .orderBy(asc(lessonFiles.position));
  return { ...l, files };
}

export type LessonDetail = NonNullable<Awaited<ReturnType<typeof getLesson>>>;

export async function lessonIds(tx: Tx, scope: TenantScope, moduleId: string) {
  const rows = await tx
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.moduleId, moduleId)))
    .orderBy(asc(lessons.position), asc(lessons.createdAt), asc(lessons.id));
  return rows.map((r) => r.id);
}

/** Write positions 0..n−1 (and the module, for lessons) in one statement. */
async function renumberLessons(tx: Tx, scope: TenantScope, order: { moduleId: string; ids: string[] }) {
  const { moduleId, ids } = order;
  if (!ids.length) return;
  const values = sql.join(
    ids.map((id, i) => sql`(${id}::uuid, ${i}::int)`),
    sql`, `,
  );
  await tx.execute(
    sql`update ${lessons} set position = v.pos, module_id = ${moduleId}::uuid, updated_at = now() from (values ${values}) as v(id, pos) where ${lessons.id} = v.id and ${lessons.creatorId} = ${scope.creatorId}`,
  );
}

export async function createLesson(
  scope: TenantScope,
  input: { actorUserId: string; moduleId: string; title: string; type: Lesson["type"]; content?: Record<string, unknown> | null },
) {
  const { actorUserId, moduleId } = input;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const ids = await lessonIds(tx, scope, moduleId);
    const [l] = await tx
      .insert(lessons)
      .values({
        creatorId: scope.creatorId,
        courseId: m.courseId,
        moduleId,
        title: input.title,
        type: input.type,
        position: ids.length,
        content: input.content ?? null,
      })
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "lesson.created", targetType: "lesson", targetId: l!.id });
    return l!;
  });
}

async function findLesson(tx: Tx, scope: TenantScope, lessonId: string) {
  const [l] = await tx
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
  if (!l) throw notFoundError("Lesson");
  return l;
}

/**
 * Move a lesson to `toIndex` in `toModuleId` (its own module or another module of the same course).
 * Both modules are renumbered 0..n−1 under the course lock.
 */
export async function moveLesson(scope: TenantScope, move: { actorUserId: string; lessonId: string; toModuleId: string; toIndex: number }) {
  const { actorUserId, lessonId, toModuleId, toIndex } = move;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    await lockCourse(tx, scope, l.courseId);
    const fresh = await findLesson(tx, scope, lessonId); // its module may have changed while we waited for the lock
    const target = await findModule(tx, scope, toModuleId);
    if (target.courseId !== fresh.courseId) throw new DomainError("invalid", "A lesson can only move within its course.");
    const dest = (await lessonIds(tx, scope, toModuleId)).filter((id) => id !== lessonId);
    dest.splice(clampIndex(toIndex, 0, dest.length), 0, lessonId);
    if (fresh.moduleId !== toModuleId)
      await renumberLessons(tx, scope, { moduleId: fresh.moduleId, ids: (await lessonIds(tx, scope, fresh.moduleId)).filter((id) => id !== lessonId) });
    await renumberLessons(tx, scope, { moduleId: toModuleId, ids: dest });
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
    await tx
      .update(lessons)
      .set({ prerequisiteLessonId: null, prerequisiteRule: null })
      .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.prerequisiteLessonId, lessonId)));
    await tx.delete(lessons).where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
    await renumberLessons(tx, scope, { moduleId: fresh.moduleId, ids: await lessonIds(tx, scope, fresh.moduleId) });
    await writeAudit(tx, scope, { actorUserId, action: "lesson.deleted", targetType: "lesson", targetId: lessonId, data: { title: l.title } });
    return { id: lessonId, courseId: l.courseId };
  });
}

/** The body was saved elsewhere since `expectedVersion`: nothing was written; details carry the current version. */
export class VersionConflictError extends DomainError {
  constructor(public readonly current: { version: number; updatedAt: Date }) {
    super("conflict", "This lesson was changed elsewhere since you opened it. Reload to see that version, or keep yours and overwrite it.", {
      details: { kind: "version_conflict", currentVersion: current.version },
    });
  }
}

/**
 * Autosave of a lesson's body (TipTap JSON + the sanitized HTML made from it, or a quiz). Saves only
 * if nobody saved since `expectedVersion`; otherwise VersionConflictError with the current version.
 */
export async function saveLessonContent(
  scope: TenantScope,
  save: {
    actorUserId: string;
    lessonId: string;
    expectedVersion: number;
    /** The lesson types this body belongs to (a document: text lessons, and the notes under a video). */
    expectedType: "text" | "quiz" | "doc";
    title?: string;
    content: Record<string, unknown> | null;
    contentHtml: string | null;
  },
) {
  const { actorUserId, lessonId, expectedVersion, expectedType } = save;
  const body = save;
  const allowed: Lesson["type"][] = expectedType === "doc" ? ["text", "video", "avatar_video"] : [expectedType];
  const types = sql`(${sql.join(
    allowed.map((t) => sql`${t}::lesson_type`),
    sql`, `,
  )})`;
  const db = await getDb();
  // The hot path of the builder: the versioned update and its audit row in one statement (one
  // round trip, atomic without an explicit transaction).
  const titleSql = body.title !== undefined ? sql`, title = ${body.title}` : sql``;
  const r = await db.execute<{ id: string; version: number; updated_at: Date | string; course_id: string; status: Lesson["status"] }>(sql`
    with saved as (
      update ${lessons}
      set content = ${JSON.stringify(body.content)}::jsonb, content_html = ${body.contentHtml}, version = version + 1, updated_at = now() ${titleSql}
      where id = ${lessonId} and creator_id = ${scope.creatorId} and version = ${expectedVersion} and type in ${types}
      returning id, version, updated_at, course_id, status
    ), audited as (
      insert into audit_logs (creator_id, actor_user_id, action, target_type, target_id, data)
      select ${scope.creatorId}, ${actorUserId}, 'lesson.saved', 'lesson', saved.id::text, jsonb_build_object('version', saved.version) from saved
    )
    select * from saved`);
  const row = r.rows[0];
  if (!row) {
    const [cur] = await db
      .select({ version: lessons.version, updatedAt: lessons.updatedAt, type: lessons.type })
      .from(lessons)
      .where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)));
    if (!cur) throw notFoundError("Lesson");
    if (!allowed.includes(cur.type)) throw new DomainError("invalid", `This is a ${cur.type} lesson.`);
    throw new VersionConflictError(cur);
  }
  return {
    id: row.id,
    version: Number(row.version),
    updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
    courseId: row.course_id,
    status: row.status,
  };
}

/** What a lesson of each type needs before students may see it (the rule, beside the noun it judges). */
export function lessonPublishProblems(l: Pick<Lesson, "type" | "contentHtml" | "content" | "mediaAssetId">, fileCount: number): string[] {
  if (l.type === "text")
    return (l.contentHtml ?? "").replace(/<[^>]+>/g, "").trim() || /<(img|iframe)\b/.test(l.contentHtml ?? "") ? [] : ["write some content"];
  if (l.type === "quiz") return quizProblems((l.content as Quiz | null) ?? { kind: "quiz", passMark: 70, maxAttempts: null, questions: [] });
  if (l.type === "video" || l.type === "avatar_video") return l.mediaAssetId ? [] : ["add a video"];
  if (l.type === "download") return fileCount ? [] : ["attach at least one file"];
  return [];
}

async function countLessonFiles(tx: Tx, scope: TenantScope, lessonId: string): Promise<number> {
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(lessonFiles)
    .where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, lessonId)));
  return n?.n ?? 0;
}

export type LessonSettings = Partial<
  Pick<
    Lesson,
    "title" | "status" | "isFreePreview" | "dripDays" | "dripDate" | "prerequisiteLessonId" | "prerequisiteRule" | "durationSeconds" | "mediaAssetId" | "type"
  >
>;

/** Lesson settings (the right panel). Checks that a prerequisite is another lesson of the same course. */
export async function updateLessonSettings(scope: TenantScope, change: { actorUserId: string; lessonId: string; settings: LessonSettings }) {
  const { actorUserId, lessonId } = change;
  const settings = { ...change.settings };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    if (settings.prerequisiteLessonId) {
      if (settings.prerequisiteLessonId === lessonId) throw new DomainError("invalid", "A lesson cannot be its own prerequisite.");
      const p = await findLesson(tx, scope, settings.prerequisiteLessonId).catch(() => null);
      if (!p || p.courseId !== l.courseId) throw new DomainError("invalid", "The prerequisite must be a lesson of this course.");
      if (settings.prerequisiteRule === "pass" && p.type !== "quiz")
        throw new DomainError("invalid", "“Quiz passed” needs the prerequisite to be a quiz lesson.");
    }
    if (settings.prerequisiteLessonId === null) settings.prerequisiteRule = null;
    if (settings.type && settings.type !== l.type) {
      const ok =
        (l.type === "text" && settings.type === "video") || (l.type === "video" && settings.type === "text" && !l.mediaAssetId && !settings.mediaAssetId);
      if (!ok)
        throw new DomainError(
          "invalid",
          l.type === "video" ? "Remove the video before making this a text lesson." : "Only a text lesson can become a video lesson.",
        );
    }
    if (settings.mediaAssetId) {
      const [a] = await tx
        .select({ id: mediaAssets.id, kind: mediaAssets.kind })
        .from(mediaAssets)
        .where(and(eq(mediaAssets.id, settings.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)));
      if (!a) throw notFoundError("Media");
      if (a.kind !== "video" || (l.type !== "video" && l.type !== "avatar_video")) throw new DomainError("invalid", "Only a video lesson plays a video.");
    }
    // Publishing (or changing the type of a published lesson) is judged on the lesson as it will be.
    const becomes = { ...l, ...settings } as typeof l;
    if ((settings.status === "published" && l.status !== "published") || (settings.type && settings.type !== l.type && becomes.status === "published")) {
      const problems = lessonPublishProblems(becomes, await countLessonFiles(tx, scope, lessonId));
      if (problems.length) throw new DomainError("invalid", `Before publishing this lesson: ${problems.join("; ")}.`);
    }
    const [row] = await tx
      .update(lessons)
      .set({ ...settings, updatedAt: new Date() }) // `version` tracks the body only (autosave); settings are per-field
      .where(and(eq(lessons.id, lessonId), eq(lessons.creatorId, scope.creatorId)))
      .returning();
    if (settings.status === "published" && l.status !== "published") {
      await recordFact(tx, { name: "course/lesson.published", data: { creatorId: scope.creatorId, courseId: l.courseId, lessonId } });
    }
    await writeAudit(tx, scope, {
      actorUserId,
      action: settings.status && settings.status !== l.status ? `lesson.${settings.status === "published" ? "published" : "unpublished"}` : "lesson.updated",
      targetType: "lesson",
      targetId: lessonId,
      data: { fields: Object.keys(settings) },
    });
    return row!;
  });
}

/** Attach uploaded files (this tenant's media) to a download lesson, after the ones it has. */
export async function addLessonFiles(scope: TenantScope, input: { actorUserId: string; lessonId: string; mediaAssetIds: string[] }) {
  const { actorUserId, lessonId, mediaAssetIds } = input;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await findLesson(tx, scope, lessonId);
    await lockCourse(tx, scope, l.courseId);
    const assets = await tx
      .select({ id: mediaAssets.id })
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), inArray(mediaAssets.id, mediaAssetIds)));
    if (assets.length !== new Set(mediaAssetIds).size) throw notFoundError("File");
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(lessonFiles)
      .where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, lessonId)));
    await tx
      .insert(lessonFiles)
      .values(mediaAssetIds.map((mediaAssetId, i) => ({ creatorId: scope.creatorId, lessonId, mediaAssetId, position: (n?.n ?? 0) + i })));
    await writeAudit(tx, scope, { actorUserId, action: "lesson.files_added", targetType: "lesson", targetId: lessonId, data: { count: mediaAssetIds.length } });
  });
}

export async function removeLessonFile(scope: TenantScope, actorUserId: string, lessonFileId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [f] = await tx
      .delete(lessonFiles)
      .where(and(eq(lessonFiles.id, lessonFileId), eq(lessonFiles.creatorId, scope.creatorId)))
      .returning();
    if (!f) throw notFoundError("File");
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
