import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { DomainError } from "@/lib/errors";
import { getDb } from "../client";
import { dbErrorInfo } from "../errors";
import { avatarClips, avatarRenders, courses, lessons, type AvatarScene } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";
import { holdCredits, releaseHold, settleHold } from "./credits";
import { recordFact } from "./outbox";

/**
 * Avatar video renders and their scene clips, scoped to the school. A render holds credits for the
 * scenes it must render (scenes already rendered alike are reused, free), renders them, stitches the
 * video and takes what the new scenes' real length costs. Clips are the school's own: a hash another
 * school made is simply another row.
 */
export type AvatarRender = typeof avatarRenders.$inferSelect;
export type AvatarClip = typeof avatarClips.$inferSelect;

/**
 * The scenes' clips this school has ready, by hash: free to use again. (A clip another render is still
 * making is held for as if new — should that render fail, this one makes it and has paid for it; if it
 * succeeds, this render's hold for it is released.)
 */
export async function reusableClips(scope: TenantScope, hashes: string[]): Promise<Map<string, AvatarClip>> {
  if (!hashes.length) return new Map();
  const db = await getDb();
  const rows = await db
    .select()
    .from(avatarClips)
    .where(and(eq(avatarClips.creatorId, scope.creatorId), inArray(avatarClips.hash, hashes), eq(avatarClips.status, "ready")));
  return new Map(rows.map((r) => [r.hash, r]));
}

/**
 * Start a render of a lesson: the lesson must be the school's (a text or video lesson) with no render in
 * progress; credits for the scenes to render are held first (refused when the balance is short), then the
 * render and `avatar/render.requested` are recorded together. A failure after the hold gives it back.
 */
export async function startAvatarRender(
  scope: TenantScope,
  r: {
    actorUserId: string;
    lessonId: string;
    renderer: string;
    avatar: { id: string; name: string };
    voice: { id: string; name: string };
    background: string;
    scenes: AvatarScene[];
    estimatedSeconds: number;
    holdAmount: number;
  },
): Promise<AvatarRender> {
  const db = await getDb();
  const [lesson] = await db
    .select({ id: lessons.id, title: lessons.title, type: lessons.type })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, r.lessonId)));
  if (!lesson) throw new DomainError("not_found", "Lesson not found.");
  if (!["text", "video", "avatar_video"].includes(lesson.type)) throw new DomainError("invalid", "Only a text or video lesson can have an avatar video.");
  const id = crypto.randomUUID();
  const hold =
    r.holdAmount > 0
      ? await holdCredits(scope, { amount: r.holdAmount, key: `avatar-hold:${id}`, reason: `Avatar video: ${lesson.title}`.slice(0, 200) })
      : null;
  try {
    return await db.transaction(async (tx) => {
      // One render in progress per lesson: a partial unique index (avatar_renders_active_uq) decides a race.
      const [row] = await tx
        .insert(avatarRenders)
        .values({
          id,
          creatorId: scope.creatorId,
          lessonId: r.lessonId,
          requestedByUserId: r.actorUserId,
          renderer: r.renderer,
          avatarId: r.avatar.id,
          avatarName: r.avatar.name,
          voiceId: r.voice.id,
          voiceName: r.voice.name,
          background: r.background,
          scenes: r.scenes,
          ledgerHoldId: hold?.id ?? null,
          held: hold?.amount ?? 0,
          estimatedSeconds: r.estimatedSeconds,
        })
        .returning();
      await writeAudit(tx, scope, {
        actorUserId: r.actorUserId,
        action: "avatar.render_started",
        targetType: "lesson",
        targetId: r.lessonId,
        data: { renderId: id, scenes: r.scenes.length, held: hold?.amount ?? 0 },
      });
      await recordFact(tx, { name: "avatar/render.requested", data: { creatorId: scope.creatorId, renderId: id } });
      return row!;
    });
  } catch (err) {
    if (hold) await releaseHold(scope, hold.id, `avatar-release:${id}`);
    if (dbErrorInfo(err)?.constraint === "avatar_renders_active_uq")
      throw new DomainError("conflict", "This lesson's avatar video is already rendering. Wait for it to finish.");
    throw err;
  }
}

export async function findAvatarRender(scope: TenantScope, id: string): Promise<AvatarRender | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(avatarRenders)
    .where(and(eq(avatarRenders.creatorId, scope.creatorId), eq(avatarRenders.id, id)));
  return row ?? null;
}

/** The lesson's latest render (the builder shows it, and follows it while it runs). */
export async function latestLessonRender(scope: TenantScope, lessonId: string): Promise<AvatarRender | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(avatarRenders)
    .where(and(eq(avatarRenders.creatorId, scope.creatorId), eq(avatarRenders.lessonId, lessonId)))
    .orderBy(desc(avatarRenders.createdAt))
    .limit(1);
  return row ?? null;
}

/** A render's clips, by hash. */
export async function renderClips(scope: TenantScope, hashes: string[]): Promise<AvatarClip[]> {
  if (!hashes.length) return [];
  const db = await getDb();
  return db
    .select()
    .from(avatarClips)
    .where(and(eq(avatarClips.creatorId, scope.creatorId), inArray(avatarClips.hash, hashes)));
}

/**
 * The clips a render needs, one per scene: a clip already made alike (or being made by another render) is
 * reused; a new or failed one becomes this render's to make. Idempotent (a retried step claims the same).
 */
export async function claimClips(scope: TenantScope, c: { renderId: string; renderer: string; hashes: string[] }): Promise<AvatarClip[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const unique = [...new Set(c.hashes)];
    await tx
      .insert(avatarClips)
      .values(unique.map((hash) => ({ creatorId: scope.creatorId, hash, renderer: c.renderer, renderId: c.renderId })))
      .onConflictDoNothing();
    await tx
      .update(avatarClips)
      .set({
        status: "pending",
        renderId: c.renderId,
        providerVideoId: null,
        attempt: sql`${avatarClips.attempt} + 1`,
        error: null,
        charged: false,
        credits: 0,
        updatedAt: new Date(),
      })
      .where(and(eq(avatarClips.creatorId, scope.creatorId), inArray(avatarClips.hash, unique), eq(avatarClips.status, "failed")));
    const rows = await tx
      .select()
      .from(avatarClips)
      .where(and(eq(avatarClips.creatorId, scope.creatorId), inArray(avatarClips.hash, unique)));
    return c.hashes.map((h) => rows.find((r) => r.hash === h)!);
  });
}

export async function findClip(scope: TenantScope, id: string): Promise<AvatarClip | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(avatarClips)
    .where(and(eq(avatarClips.creatorId, scope.creatorId), eq(avatarClips.id, id)));
  return row ?? null;
}

/** Take a clip to submit (this render's, not yet submitted): null when it is submitted already. */
export async function claimClipSubmit(scope: TenantScope, c: { clipId: string; renderId: string }): Promise<AvatarClip | null> {
  const db = await getDb();
  const [row] = await db
    .update(avatarClips)
    .set({ status: "submitting", updatedAt: new Date() })
    .where(
      and(
        eq(avatarClips.creatorId, scope.creatorId),
        eq(avatarClips.id, c.clipId),
        eq(avatarClips.renderId, c.renderId),
        inArray(avatarClips.status, ["pending", "submitting"]),
      ),
    )
    .returning();
  return row ?? null;
}

export async function setClipSubmitted(scope: TenantScope, c: { clipId: string; providerVideoId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(avatarClips)
    .set({ status: "rendering", providerVideoId: c.providerVideoId, updatedAt: new Date() })
    .where(and(eq(avatarClips.creatorId, scope.creatorId), eq(avatarClips.id, c.clipId), eq(avatarClips.status, "submitting")));
}

/** The render making a clip gives up on it (HeyGen refused it, or it timed out): only that render's, and never a fetched one. */
export async function markClipFailed(scope: TenantScope, c: { clipId: string; renderId: string; error: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(avatarClips)
    .set({ status: "failed", error: c.error.slice(0, 500), updatedAt: new Date() })
    .where(
      and(
        eq(avatarClips.creatorId, scope.creatorId),
        eq(avatarClips.id, c.clipId),
        eq(avatarClips.renderId, c.renderId),
        inArray(avatarClips.status, ["pending", "submitting", "rendering", "rendered"]),
      ),
    );
}

/** The clip is in storage: its length and what it cost (charged to the render that made it when that settles). */
export async function markClipReady(
  scope: TenantScope,
  c: { clipId: string; renderId: string; storageKey: string; durationMs: number; credits: number },
): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(avatarClips)
    .set({ status: "ready", storageKey: c.storageKey, durationMs: c.durationMs, credits: c.credits, error: null, updatedAt: new Date() })
    .where(
      and(
        eq(avatarClips.creatorId, scope.creatorId),
        eq(avatarClips.id, c.clipId),
        eq(avatarClips.renderId, c.renderId),
        inArray(avatarClips.status, ["rendering", "rendered"]),
      ),
    )
    .returning({ id: avatarClips.id });
  return rows.length > 0;
}

export async function setRenderStatus(
  scope: TenantScope,
  id: string,
  s: { status: AvatarRender["status"]; error?: string | null; mediaAssetId?: string },
): Promise<void> {
  const db = await getDb();
  await db
    .update(avatarRenders)
    .set({
      status: s.status,
      ...(s.error !== undefined ? { error: s.error?.slice(0, 500) ?? null } : {}),
      ...(s.mediaAssetId ? { mediaAssetId: s.mediaAssetId } : {}),
      ...(s.status === "ready" || s.status === "failed" ? { completedAt: new Date() } : {}),
      updatedAt: new Date(),
    })
    // A render that ended stays ended (a late step cannot bring it back).
    .where(and(eq(avatarRenders.creatorId, scope.creatorId), eq(avatarRenders.id, id), sql`${avatarRenders.status} not in ('ready', 'failed')`));
}

/**
 * Settle a render's credits: it takes what the clips it made (and fetched) cost — by their real length —
 * never more than it held, and releases the rest. Once (by key); a render with nothing held settles to 0.
 */
export async function settleAvatarRender(scope: TenantScope, id: string): Promise<{ captured: number; released: number }> {
  const db = await getDb();
  const render = await findAvatarRender(scope, id);
  if (!render) throw new DomainError("not_found", "Render not found.");
  if (!render.ledgerHoldId) return { captured: 0, released: 0 };
  if (render.captured !== null) return { captured: render.captured, released: render.held - render.captured };
  const [used] = await db
    .select({ credits: sql<number>`coalesce(sum(${avatarClips.credits}), 0)::int` })
    .from(avatarClips)
    .where(and(eq(avatarClips.creatorId, scope.creatorId), eq(avatarClips.renderId, id), eq(avatarClips.status, "ready")));
  const captured = Math.min(render.held, used?.credits ?? 0);
  await settleHold(scope, { holdId: render.ledgerHoldId, used: captured, key: `avatar-settle:${id}` });
  await db.transaction(async (tx) => {
    await tx
      .update(avatarRenders)
      .set({ captured })
      .where(and(eq(avatarRenders.creatorId, scope.creatorId), eq(avatarRenders.id, id)));
    await tx
      .update(avatarClips)
      .set({ charged: true })
      .where(and(eq(avatarClips.creatorId, scope.creatorId), eq(avatarClips.renderId, id), eq(avatarClips.status, "ready")));
  });
  return { captured, released: render.held - captured };
}

/** The clip HeyGen's webhook names, by its video id (the signed webhook's one look-up across schools: it says whose clip it is). */
export async function findClipByProviderVideo(renderer: string, providerVideoId: string): Promise<{ id: string; creatorId: string } | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: avatarClips.id, creatorId: avatarClips.creatorId })
    .from(avatarClips)
    .where(and(eq(avatarClips.renderer, renderer), eq(avatarClips.providerVideoId, providerVideoId)));
  return row ?? null;
}

export async function findLessonTitle(scope: TenantScope, lessonId: string): Promise<{ title: string; language: string } | null> {
  const db = await getDb();
  const [row] = await db
    .select({ title: lessons.title, language: courses.language })
    .from(lessons)
    .innerJoin(courses, and(eq(courses.id, lessons.courseId), eq(courses.creatorId, scope.creatorId)))
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, lessonId)));
  return row ?? null;
}

/** The lesson becomes an avatar video lesson (its text stays, under the video), so the stitched video can go into it. */
export async function makeAvatarLesson(scope: TenantScope, lessonId: string): Promise<{ title: string } | null> {
  const db = await getDb();
  const [row] = await db
    .update(lessons)
    // A text lesson's reading time gives way to the video's length (filled in when the video is ready).
    .set({
      type: "avatar_video",
      durationSeconds: sql`case when ${lessons.type} = 'text' then null else ${lessons.durationSeconds} end`,
      updatedAt: new Date(),
    })
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, lessonId), inArray(lessons.type, ["text", "video", "avatar_video"])))
    .returning({ title: lessons.title });
  return row ?? null;
}

/** A failed render's clips that were still to be made are failed too (a render waiting on one of them stops waiting). */
export async function failUnfinishedClips(scope: TenantScope, c: { renderId: string; error: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(avatarClips)
    .set({ status: "failed", error: c.error.slice(0, 500), updatedAt: new Date() })
    .where(
      and(
        eq(avatarClips.creatorId, scope.creatorId),
        eq(avatarClips.renderId, c.renderId),
        inArray(avatarClips.status, ["pending", "submitting", "rendering", "rendered"]),
      ),
    );
}

/**
 * HeyGen's signed webhook said how a clip ended: rendered (ready to fetch) or failed (with why), and
 * `avatar/clip.finished` wakes the render waiting for it — in one transaction. A clip already past that
 * point (fetched, or failed) is left as it is.
 */
export async function recordClipOutcome(scope: TenantScope, o: { clipId: string; ok: boolean; error?: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(avatarClips)
      .set(
        o.ok
          ? { status: "rendered", updatedAt: new Date() }
          : { status: "failed", error: (o.error ?? "HeyGen could not render this scene.").slice(0, 500), updatedAt: new Date() },
      )
      .where(and(eq(avatarClips.creatorId, scope.creatorId), eq(avatarClips.id, o.clipId), eq(avatarClips.status, "rendering")))
      .returning({ id: avatarClips.id });
    if (!row) return false;
    await recordFact(tx, { name: "avatar/clip.finished", data: { creatorId: scope.creatorId, clipId: o.clipId, ok: o.ok } });
    return true;
  });
}
