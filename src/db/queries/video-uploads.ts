import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { planOf } from "@/lib/platform-billing/plans";
import { DomainError } from "@/lib/errors";
import { getDb } from "../client";
import { creators, lessons, mediaAssets } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";
import { reserveStorage, type MediaAsset } from "./media";
import { recordFact } from "./outbox";
import { recordUsage } from "./usage";

/**
 * Direct video uploads and imports, as records: begun (the plan's largest video and the storage quota
 * checked), claimed and finished (the asset, its lesson and media/video.uploaded in one transaction),
 * dropped, and found stale by the sweep. Every query is scoped to the school, except the sweep's look-ups.
 */
export class VideoTooLargeError extends DomainError {
  constructor(limitGb: number, planName: string) {
    super("invalid", `Videos can be at most ${limitGb} GB on the ${planName} plan.`);
  }
}

/**
 * A direct video upload begins: the declared size is checked against the plan's largest video and the
 * school's storage before anything is signed, and the asset is recorded as uploading with the storage's
 * multipart upload id (only that upload can complete it).
 */
export async function beginVideoUpload(
  scope: TenantScope,
  a: { id: string; filename: string; contentType: string; sizeBytes: number; storageKey: string; uploadId: string },
): Promise<MediaAsset> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const plan = await reserveStorage(tx, scope, a.sizeBytes);
    if (a.sizeBytes > plan.limits.videoUploadGb * 1e9) throw new VideoTooLargeError(plan.limits.videoUploadGb, plan.name);
    const [m] = await tx
      .insert(mediaAssets)
      .values({ ...a, creatorId: scope.creatorId, kind: "video", provider: "storage", status: "uploading", progress: 0 })
      .returning();
    return m!;
  });
}

/** Checked before signing the largest video a plan takes (declared size), for the upload route. */
export async function videoUploadLimitBytes(scope: TenantScope): Promise<{ bytes: number; gb: number; planName: string }> {
  const db = await getDb();
  const [c] = await db.select({ plan: creators.plan }).from(creators).where(eq(creators.id, scope.creatorId));
  const plan = planOf(c?.plan ?? "free");
  return { bytes: plan.limits.videoUploadGb * 1e9, gb: plan.limits.videoUploadGb, planName: plan.name };
}

/** The school's video being uploaded under this storage upload (another school's, or a finished one, is not found). */
export async function findUploadingVideo(scope: TenantScope, at: { id: string; uploadId: string }): Promise<MediaAsset | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(mediaAssets)
    .where(
      and(
        eq(mediaAssets.creatorId, scope.creatorId),
        eq(mediaAssets.id, at.id),
        eq(mediaAssets.kind, "video"),
        eq(mediaAssets.status, "uploading"),
        eq(mediaAssets.uploadId, at.uploadId),
      ),
    );
  return row ?? null;
}

/** Uploads a school has open at once are capped (each holds storage until completed or swept). */
export async function openVideoUploads(scope: TenantScope): Promise<number> {
  const db = await getDb();
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.status, "uploading")));
  return r?.n ?? 0;
}

/**
 * Completing takes the upload first: its upload id is marked, so a second completion, an abort or the
 * sweep arriving meanwhile finds nothing to act on. Returns the claimed id (null: not this school's
 * upload in progress).
 */
export async function claimVideoUpload(scope: TenantScope, at: { id: string; uploadId: string }): Promise<string | null> {
  const db = await getDb();
  const claimed = `${at.uploadId}#completing`;
  const [row] = await db
    .update(mediaAssets)
    .set({ uploadId: claimed, updatedAt: new Date() })
    .where(
      and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, at.id), eq(mediaAssets.status, "uploading"), eq(mediaAssets.uploadId, at.uploadId)),
    )
    .returning({ id: mediaAssets.id });
  return row ? claimed : null;
}

/** The storage refused the completion (the parts are still there): the upload is the browser's again. */
export async function releaseVideoUpload(scope: TenantScope, at: { id: string; uploadId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(mediaAssets)
    .set({ uploadId: at.uploadId, updatedAt: new Date() })
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, at.id), eq(mediaAssets.uploadId, `${at.uploadId}#completing`)));
}

/** Is this a video lesson of the school (where a finished upload may go)? */
export async function isVideoLesson(scope: TenantScope, lessonId: string): Promise<boolean> {
  const db = await getDb();
  const [l] = await db
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, lessonId), inArray(lessons.type, ["video", "avatar_video"])));
  return !!l;
}

/** Keep an upload in progress alive (the stale-upload sweep goes by the last activity). */
export async function touchVideoUpload(scope: TenantScope, id: string): Promise<void> {
  const db = await getDb();
  await db
    .update(mediaAssets)
    .set({ updatedAt: new Date() })
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id), eq(mediaAssets.status, "uploading")));
}

/**
 * The upload is complete and its bytes checked: the asset waits for processing, is put in the lesson
 * (when one is named: a video lesson of this school), and `media/video.uploaded` is sent — all in one
 * transaction, so the pipeline starts only for an upload that was recorded. Storage is metered once.
 */
export async function finishVideoUpload(
  scope: TenantScope,
  done: { actorUserId: string | null; id: string; uploadId: string; sizeBytes: number; contentType: string; lessonId: string | null },
): Promise<MediaAsset> {
  const db = await getDb();
  const asset = await db.transaction(async (tx) => {
    const [m] = await tx
      .update(mediaAssets)
      .set({ status: "processing", progress: 0, uploadId: null, sizeBytes: done.sizeBytes, contentType: done.contentType, error: null, updatedAt: new Date() })
      .where(
        and(
          eq(mediaAssets.creatorId, scope.creatorId),
          eq(mediaAssets.id, done.id),
          eq(mediaAssets.status, "uploading"),
          eq(mediaAssets.uploadId, done.uploadId),
        ),
      )
      .returning();
    if (!m) throw new DomainError("not_found", "This upload is not in progress any more.");
    if (done.lessonId) {
      const [l] = await tx
        .select({ id: lessons.id, current: mediaAssets.status })
        .from(lessons)
        .leftJoin(mediaAssets, and(eq(mediaAssets.id, lessons.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)))
        .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, done.lessonId), inArray(lessons.type, ["video", "avatar_video"])))
        .for("update", { of: lessons });
      if (!l) throw new DomainError("not_found", "Lesson not found.");
      // A lesson already playing a ready video keeps it until the replacement is ready too (students never lose it).
      if (l.current === "ready")
        await tx
          .update(mediaAssets)
          .set({ pendingLessonId: done.lessonId })
          .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, m.id)));
      else
        await tx
          .update(lessons)
          .set({ mediaAssetId: m.id, updatedAt: new Date() })
          .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, done.lessonId)));
    }
    await writeAudit(tx, scope, {
      actorUserId: done.actorUserId,
      action: "media.uploaded",
      targetType: "media",
      targetId: m.id,
      data: { kind: "video", bytes: done.sizeBytes, lessonId: done.lessonId },
    });
    await recordFact(tx, { name: "media/video.uploaded", data: { creatorId: scope.creatorId, mediaAssetId: m.id, storageKey: m.storageKey! } });
    return m;
  });
  await recordUsage(scope, { metric: "storage_bytes", quantity: done.sizeBytes, key: `upload:${done.id}` });
  return asset;
}

/** An upload given up (cancelled, abandoned or refused): its record goes; nothing was metered for it. */
export async function dropVideoUpload(scope: TenantScope, at: { id: string; uploadId: string }): Promise<void> {
  const db = await getDb();
  await db
    .delete(mediaAssets)
    .where(
      and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, at.id), eq(mediaAssets.status, "uploading"), eq(mediaAssets.uploadId, at.uploadId)),
    );
}

/** Of these storage upload ids, the ones a school's upload still has in progress (system look-up for the sweep). */
export async function activeUploadIds(uploadIds: string[]): Promise<Set<string>> {
  if (!uploadIds.length) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ uploadId: mediaAssets.uploadId })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.status, "uploading"), inArray(mediaAssets.uploadId, [...uploadIds, ...uploadIds.map((id) => `${id}#completing`)])));
  return new Set(rows.map((r) => r.uploadId!.replace(/#completing$/, "")));
}

/**
 * Uploads to give up, across schools (for the scheduled sweep, which aborts them one by one): no activity
 * since `idleSince`, or begun before `startedBefore` whatever their activity.
 */
export async function staleVideoUploads(o: { idleSince: Date; startedBefore: Date; limit?: number }) {
  const db = await getDb();
  return db
    .select({ id: mediaAssets.id, creatorId: mediaAssets.creatorId, storageKey: mediaAssets.storageKey, uploadId: mediaAssets.uploadId })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.status, "uploading"), or(lt(mediaAssets.updatedAt, o.idleSince), lt(mediaAssets.createdAt, o.startedBefore))))
    .limit(o.limit ?? 500);
}

/**
 * A copy of another video is about to be downloaded (a Mux import): its record is made first, holding the
 * announced size against the plan's largest video and the school's storage (refused before any byte is
 * fetched), and naming the video it will replace once ready.
 */
export async function reserveImportedVideo(
  scope: TenantScope,
  a: { id: string; filename: string; sizeBytes: number; storageKey: string; replacesVideoId: string },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const plan = await reserveStorage(tx, scope, a.sizeBytes);
    if (a.sizeBytes > plan.limits.videoUploadGb * 1e9) throw new VideoTooLargeError(plan.limits.videoUploadGb, plan.name);
    await tx
      .insert(mediaAssets)
      .values({
        ...a,
        creatorId: scope.creatorId,
        kind: "video",
        provider: "storage",
        status: "uploading",
        progress: 0,
        contentType: "video/mp4",
        uploadId: "import",
      })
      .onConflictDoNothing();
  });
}

/** The copy is in storage: processing starts (the pipeline's event in the same transaction), its bytes metered once. */
export async function finishImportedVideo(scope: TenantScope, a: { id: string; sizeBytes: number; storageKey: string }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [m] = await tx
      .update(mediaAssets)
      .set({ status: "processing", uploadId: null, sizeBytes: a.sizeBytes, updatedAt: new Date() })
      .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, a.id), eq(mediaAssets.status, "uploading")))
      .returning({ id: mediaAssets.id });
    if (m) await recordFact(tx, { name: "media/video.uploaded", data: { creatorId: scope.creatorId, mediaAssetId: a.id, storageKey: a.storageKey } });
  });
  await recordUsage(scope, { metric: "storage_bytes", quantity: a.sizeBytes, key: `upload:${a.id}` });
}
