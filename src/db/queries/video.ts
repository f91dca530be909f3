import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courses, lessons, mediaAssets, videoViews } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { completeLesson, loadCourseForStudent } from "./learning";

/**
 * Video playback and watch progress. Who may watch is decided like the lesson page decides who may open a
 * lesson (src/lib/learning/access.ts): a published lesson of a published course that plays the video, open
 * to this viewer (enrolled, or a free preview; past its drip date; prerequisite met). Every query is
 * scoped to the school in its WHERE clause.
 */
export type PlayableVideo = Pick<
  typeof mediaAssets.$inferSelect,
  | "id"
  | "creatorId"
  | "status"
  | "provider"
  | "hlsManifestKey"
  | "muxPlaybackId"
  | "muxSigned"
  | "durationSeconds"
  | "captions"
  | "posterImageId"
  | "progress"
  | "error"
>;

const playable = {
  id: mediaAssets.id,
  creatorId: mediaAssets.creatorId,
  status: mediaAssets.status,
  provider: mediaAssets.provider,
  hlsManifestKey: mediaAssets.hlsManifestKey,
  muxPlaybackId: mediaAssets.muxPlaybackId,
  muxSigned: mediaAssets.muxSigned,
  durationSeconds: mediaAssets.durationSeconds,
  captions: mediaAssets.captions,
  posterImageId: mediaAssets.posterImageId,
  progress: mediaAssets.progress,
  error: mediaAssets.error,
};

/** A school's video (another school's id is not found). */
export async function findVideo(scope: TenantScope, id: string): Promise<PlayableVideo | null> {
  const db = await getDb();
  const [v] = await db
    .select(playable)
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id), eq(mediaAssets.kind, "video")));
  return v ?? null;
}

/** A video by id for the playback route, which has already verified a token bound to this id. */
export async function videoForServing(id: string): Promise<PlayableVideo | null> {
  const db = await getDb();
  const [v] = await db
    .select(playable)
    .from(mediaAssets)
    .where(and(eq(mediaAssets.id, id), eq(mediaAssets.kind, "video")));
  return v ?? null;
}

/** May this viewer (a signed-in student, or a visitor: null) watch the video here? Through one open lesson that plays it. */
export async function viewerMayWatch(scope: TenantScope, userId: string | null, mediaAssetId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ lessonId: lessons.id, courseSlug: courses.slug })
    .from(lessons)
    .innerJoin(courses, and(eq(courses.id, lessons.courseId), eq(courses.creatorId, scope.creatorId), eq(courses.status, "published")))
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.mediaAssetId, mediaAssetId), eq(lessons.status, "published")));
  for (const r of rows) {
    const c = await loadCourseForStudent(scope, { courseSlug: r.courseSlug, userId });
    if (c?.ordered.find((l) => l.id === r.lessonId)?.access.open) return true;
  }
  return false;
}

/** Where the student stopped last time in this lesson's video (seconds), for the player to resume. */
export async function lastVideoPosition(scope: TenantScope, at: { userId: string; lessonId: string }): Promise<number> {
  const db = await getDb();
  const [v] = await db
    .select({ p: videoViews.lastPositionSeconds, d: videoViews.durationSeconds })
    .from(videoViews)
    .where(and(eq(videoViews.creatorId, scope.creatorId), eq(videoViews.userId, at.userId), eq(videoViews.lessonId, at.lessonId)));
  // Resuming a few seconds from the end only shows the end again: start over then.
  return v && v.d > 0 && v.p < v.d - 5 ? v.p : 0;
}

/** The share of a video's running time a student must have watched for the lesson to complete by itself. */
export const WATCHED_THRESHOLD = 0.9;
const FIRST_REPORT_MAX = 30;

/**
 * The player reports every few seconds: the position now and the seconds played since the last report.
 * Seconds watched are capped by the wall clock since the last report (a client cannot claim more time than
 * has passed, at the fastest speed), and by the running time. Past the threshold the lesson completes.
 */
export async function recordVideoProgress(
  scope: TenantScope,
  p: { userId: string; courseSlug: string; lessonId: string; position: number; watched: number; now?: Date },
): Promise<{ secondsWatched: number; completed: boolean }> {
  const now = p.now ?? new Date();
  const c = await loadCourseForStudent(scope, { courseSlug: p.courseSlug, userId: p.userId, now });
  const lesson = c?.ordered.find((l) => l.id === p.lessonId);
  if (!c || !lesson || !lesson.access.open) throw new DomainError("not_found", "Lesson not found");
  if (!c.enrollment) return { secondsWatched: 0, completed: false }; // a free preview: nothing to remember
  const db = await getDb();
  const [l] = await db
    .select({ mediaAssetId: lessons.mediaAssetId, duration: mediaAssets.durationSeconds })
    .from(lessons)
    .innerJoin(mediaAssets, and(eq(mediaAssets.id, lessons.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId)))
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, p.lessonId)));
  if (!l?.mediaAssetId) throw new DomainError("not_found", "This lesson has no video.");
  const duration = Math.max(0, l.duration ?? 0);
  const position = Math.max(0, Math.min(duration || p.position, Math.floor(p.position)));
  const claimed = Math.max(0, Math.floor(p.watched));
  // Seconds played count no faster than 2x the wall clock since the last report (the first report: at most
  // 30 s), computed in the statement itself so reports racing each other cannot each claim the same time.
  const [row] = await db
    .insert(videoViews)
    .values({
      creatorId: scope.creatorId,
      userId: p.userId,
      lessonId: p.lessonId,
      mediaAssetId: l.mediaAssetId,
      secondsWatched: Math.min(claimed, FIRST_REPORT_MAX, duration || claimed),
      furthestSeconds: position,
      lastPositionSeconds: position,
      durationSeconds: duration,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [videoViews.creatorId, videoViews.userId, videoViews.lessonId],
      set: {
        mediaAssetId: l.mediaAssetId,
        secondsWatched: sql`least(${videoViews.secondsWatched} + least(${claimed}::int, greatest(0, floor(2 * extract(epoch from (${now.toISOString()}::timestamptz - ${videoViews.updatedAt}))))::int), greatest(${duration}::int, 1))`,
        furthestSeconds: sql`greatest(${videoViews.furthestSeconds}, ${position}::int)`,
        lastPositionSeconds: position,
        durationSeconds: duration,
        updatedAt: sql`greatest(${videoViews.updatedAt}, ${now.toISOString()}::timestamptz)`,
      },
    })
    .returning({ secondsWatched: videoViews.secondsWatched });
  const watched = row?.secondsWatched ?? 0;
  let completed = !!lesson.completed;
  if (!completed && duration > 0 && watched >= duration * WATCHED_THRESHOLD) {
    await completeLesson(scope, { userId: p.userId, courseSlug: p.courseSlug, lessonId: p.lessonId, now });
    completed = true;
  }
  return { secondsWatched: watched, completed };
}
