import { and, eq, inArray, sql } from "drizzle-orm";
import { planOf } from "@/lib/platform-billing/plans";
import { loadCourseForStudent } from "./learning";
import { getDb, type Tx } from "../client";
import { courses, creators, lessonFiles, lessons, mediaAssets, students, type VideoCaption } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { recordUsage } from "./usage";

export type MediaAsset = typeof mediaAssets.$inferSelect;

export class StorageFullError extends DomainError {
  constructor(usedBytes: number, limitGb: number, planName: string) {
    super(
      "conflict",
      `Your ${planName} plan's ${limitGb} GB of storage is full (${(usedBytes / 1e9).toFixed(1)} GB used). Delete files you no longer need or upgrade your plan.`,
    );
  }
}

/** Bytes stored by the tenant (every media asset that is not failed). */
export async function storageUsedBytes(scope: TenantScope): Promise<number> {
  const db = await getDb();
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${mediaAssets.sizeBytes}), 0)::bigint` })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), sql`${mediaAssets.status} <> 'failed'`));
  return Number(r?.n ?? 0);
}

/**
 * Within a transaction: lock the tenant row (parallel uploads cannot overshoot together) and refuse
 * `bytes` more when they would take the school over its plan's storage. Returns the plan.
 */
export async function reserveStorage(tx: Tx, scope: TenantScope, bytes: number) {
  const [c] = await tx.execute<{ plan: string }>(sql`select plan from ${creators} where ${creators.id} = ${scope.creatorId} for update`).then((r) => r.rows);
  if (!c) throw new DomainError("not_found", "School not found");
  const plan = planOf(c.plan);
  const limit = plan.limits.storageGb;
  if (limit !== null) {
    const [u] = await tx
      .select({ n: sql<number>`coalesce(sum(${mediaAssets.sizeBytes}), 0)::bigint` })
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), sql`${mediaAssets.status} <> 'failed'`));
    const used = Number(u?.n ?? 0);
    if (used + bytes > limit * 1e9) throw new StorageFullError(used, limit, plan.name);
  }
  return plan;
}

/** Record an uploaded object, refused when it would take the tenant over its plan's storage. */
export async function createMediaAsset(
  scope: TenantScope,
  actorUserId: string | null,
  a: { id: string; kind: MediaAsset["kind"]; filename: string; contentType: string; sizeBytes: number; storageKey: string },
) {
  const db = await getDb();
  const row = await db.transaction(async (tx) => {
    await reserveStorage(tx, scope, a.sizeBytes);
    const [m] = await tx
      .insert(mediaAssets)
      .values({
        id: a.id,
        creatorId: scope.creatorId,
        kind: a.kind,
        provider: "storage",
        status: "ready",
        filename: a.filename,
        contentType: a.contentType,
        sizeBytes: a.sizeBytes,
        storageKey: a.storageKey,
        progress: 100,
      })
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "media.uploaded", targetType: "media", targetId: a.id, data: { kind: a.kind, bytes: a.sizeBytes } });
    return m!;
  });
  await recordUsage(scope, { metric: "storage_bytes", quantity: a.sizeBytes, key: `upload:${a.id}` });
  return row;
}

/** A media asset by id for serving (system look-up: the caller decides who may see it). */
export async function findMediaForServing(id: string) {
  const db = await getDb();
  const [m] = await db
    .select({
      id: mediaAssets.id,
      creatorId: mediaAssets.creatorId,
      kind: mediaAssets.kind,
      status: mediaAssets.status,
      filename: mediaAssets.filename,
      contentType: mediaAssets.contentType,
      sizeBytes: mediaAssets.sizeBytes,
      storageKey: mediaAssets.storageKey,
    })
    .from(mediaAssets)
    .where(eq(mediaAssets.id, id));
  return m ?? null;
}

/**
 * May this student download this file? Only through a published lesson of a published course of the
 * school that lists it, and only when the student is active and that lesson is open to them by the
 * player's own rule (src/lib/learning/access.ts: enrolled or a free preview, not drip-locked, its
 * prerequisite met). Everything is scoped to the tenant in the WHERE clause.
 */
export async function studentMayDownload(scope: TenantScope, userId: string, mediaAssetId: string): Promise<boolean> {
  const db = await getDb();
  const c = scope.creatorId;
  // The published lessons that list the file, for an active student of the school…
  const r = await db.execute<{ lesson_id: string; course_slug: string }>(sql`
    select l.id as lesson_id, co.slug as course_slug
    from ${lessonFiles} lf
    join ${lessons} l on l.id = lf.lesson_id and l.creator_id = ${c} and l.status = 'published'
    join ${courses} co on co.id = l.course_id and co.creator_id = ${c} and co.status = 'published'
    join ${students} s on s.creator_id = ${c} and s.user_id = ${userId} and s.status = 'active'
    where lf.creator_id = ${c} and lf.media_asset_id = ${mediaAssetId}`);
  // …and one of them open to this student now (enrolled or a free preview, past its drip date, prerequisites met).
  for (const row of r.rows) {
    const course = await loadCourseForStudent(scope, { courseSlug: row.course_slug, userId });
    if (course?.ordered.find((l) => l.id === row.lesson_id)?.access.open) return true;
  }
  return false;
}

/** A school's media asset by id (another school's id is not found). */
export async function findMediaAsset(scope: TenantScope, id: string): Promise<MediaAsset | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id)));
  return row ?? null;
}

/** A video being processed: its status, percent done and (once probed) its duration, for the builder to show. */
export async function setVideoProgress(scope: TenantScope, id: string, p: { progress: number; durationSeconds?: number }): Promise<void> {
  const db = await getDb();
  await db
    .update(mediaAssets)
    .set({
      status: "processing",
      progress: Math.max(0, Math.min(100, Math.round(p.progress))),
      ...(p.durationSeconds !== undefined ? { durationSeconds: p.durationSeconds } : {}),
      error: null,
      updatedAt: new Date(),
    })
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id), eq(mediaAssets.kind, "video")));
}

/** Processed: playable from its master playlist; the outputs' bytes count towards the school's storage. */
export async function markVideoReady(
  scope: TenantScope,
  id: string,
  r: { hlsManifestKey: string; durationSeconds: number; outputBytes: number },
): Promise<void> {
  const db = await getDb();
  await db
    .update(mediaAssets)
    .set({
      status: "ready",
      progress: 100,
      hlsManifestKey: r.hlsManifestKey,
      durationSeconds: r.durationSeconds,
      sizeBytes: sql`${mediaAssets.sizeBytes} + ${r.outputBytes}`,
      error: null,
      updatedAt: new Date(),
    })
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id), eq(mediaAssets.kind, "video"), sql`${mediaAssets.status} <> 'ready'`));
  // A replacement waiting for this video goes into its lesson now (still a video lesson; an older pending
  // replacement of the same lesson is dropped), and a copy takes its original's place in every lesson.
  const [pending] = await db
    .select({ lessonId: mediaAssets.pendingLessonId, replaces: mediaAssets.replacesVideoId })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id)));
  if (pending?.lessonId || pending?.replaces) {
    await db.transaction(async (tx) => {
      if (pending.lessonId) {
        await tx
          .update(lessons)
          .set({ mediaAssetId: id, updatedAt: new Date() })
          .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, pending.lessonId), inArray(lessons.type, ["video", "avatar_video"])));
        await tx
          .update(mediaAssets)
          .set({ pendingLessonId: null })
          .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.pendingLessonId, pending.lessonId)));
      }
      if (pending.replaces)
        await tx
          .update(lessons)
          .set({ mediaAssetId: id, updatedAt: new Date() })
          .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.mediaAssetId, pending.replaces)));
      await tx
        .update(mediaAssets)
        .set({ pendingLessonId: null, replacesVideoId: null })
        .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id)));
    });
  }
  // Lessons playing it take its running time, unless the creator set one.
  await db
    .update(lessons)
    .set({ durationSeconds: r.durationSeconds })
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.mediaAssetId, id), sql`${lessons.durationSeconds} is null`));
}

/** Processing failed for good: the builder says why, and the creator can upload again. */
export async function markVideoFailed(scope: TenantScope, id: string, error: string): Promise<void> {
  const db = await getDb();
  await db
    .update(mediaAssets)
    .set({ status: "failed", error: error.slice(0, 500), updatedAt: new Date() })
    // A video that became ready stays ready (a later step failing must not take it away).
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id), eq(mediaAssets.kind, "video"), sql`${mediaAssets.status} <> 'ready'`));
}

/** The poster a video shows before it plays: one of the school's uploaded images, or null for the frame the pipeline took. */
export async function setVideoPoster(scope: TenantScope, change: { actorUserId: string; videoId: string; imageId: string | null }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (change.imageId) {
      const [img] = await tx
        .select({ id: mediaAssets.id })
        .from(mediaAssets)
        .where(
          and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.imageId), eq(mediaAssets.kind, "image"), eq(mediaAssets.status, "ready")),
        );
      if (!img) throw new DomainError("not_found", "Image not found.");
    }
    const [v] = await tx
      .update(mediaAssets)
      .set({ posterImageId: change.imageId, updatedAt: new Date() })
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.videoId), eq(mediaAssets.kind, "video")))
      .returning({ id: mediaAssets.id });
    if (!v) throw new DomainError("not_found", "Video not found.");
    await writeAudit(tx, scope, {
      actorUserId: change.actorUserId,
      action: "media.poster_set",
      targetType: "media",
      targetId: v.id,
      data: { imageId: change.imageId },
    });
  });
}

/** Record a caption track stored beside the video's outputs (one per language: a new upload replaces it). */
export async function putVideoCaption(
  scope: TenantScope,
  change: { actorUserId: string | null; videoId: string; caption: VideoCaption },
): Promise<VideoCaption[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [v] = await tx
      .select({ captions: mediaAssets.captions })
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.videoId), eq(mediaAssets.kind, "video")))
      .for("update");
    if (!v) throw new DomainError("not_found", "Video not found.");
    const captions = [...v.captions.filter((c) => c.lang !== change.caption.lang), change.caption].sort((a, b) => a.label.localeCompare(b.label));
    await tx
      .update(mediaAssets)
      .set({ captions, updatedAt: new Date() })
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.videoId)));
    await writeAudit(tx, scope, {
      actorUserId: change.actorUserId,
      action: "media.captions_added",
      targetType: "media",
      targetId: change.videoId,
      data: { lang: change.caption.lang },
    });
    return captions;
  });
}

/** Take a caption track off a video; returns the file to delete (null when there was none). */
export async function removeVideoCaption(scope: TenantScope, change: { actorUserId: string; videoId: string; lang: string }): Promise<string | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [v] = await tx
      .select({ captions: mediaAssets.captions })
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.videoId), eq(mediaAssets.kind, "video")))
      .for("update");
    if (!v) throw new DomainError("not_found", "Video not found.");
    const gone = v.captions.find((c) => c.lang === change.lang);
    if (!gone) return null;
    await tx
      .update(mediaAssets)
      .set({ captions: v.captions.filter((c) => c.lang !== change.lang), updatedAt: new Date() })
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, change.videoId)));
    await writeAudit(tx, scope, {
      actorUserId: change.actorUserId,
      action: "media.captions_removed",
      targetType: "media",
      targetId: change.videoId,
      data: { lang: change.lang },
    });
    return gone.file;
  });
}

/** The newest replacement waiting to go into this lesson (processing, or failed with its reason). */
export async function pendingReplacement(scope: TenantScope, lessonId: string): Promise<MediaAsset | null> {
  const db = await getDb();
  const [m] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.pendingLessonId, lessonId), inArray(mediaAssets.status, ["processing", "failed"])))
    .orderBy(sql`${mediaAssets.createdAt} desc`)
    .limit(1);
  return m ?? null;
}
