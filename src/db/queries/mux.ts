import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../client";
import { lessons, mediaAssets, muxConnections } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";

/** A school's Mux account and the videos it attached from there; every query is scoped to the school. */
export type MuxConnectionRow = typeof muxConnections.$inferSelect;

export const MUX_DELETED_MESSAGE = "This video was deleted on Mux.";
const notDeleted = sql`coalesce(${mediaAssets.error}, '') <> ${MUX_DELETED_MESSAGE}`;

export async function findMuxConnection(scope: TenantScope): Promise<MuxConnectionRow | null> {
  const db = await getDb();
  const [c] = await db.select().from(muxConnections).where(eq(muxConnections.creatorId, scope.creatorId));
  return c ?? null;
}

/** Connect (or replace) the school's Mux account. Secrets arrive sealed. */
export async function saveMuxConnection(
  scope: TenantScope,
  c: { actorUserId: string; tokenId: string; tokenSecret: string; signingKeyId: string | null; signingKey: string | null; webhookSecret: string | null },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const values = {
      tokenId: c.tokenId,
      tokenSecret: c.tokenSecret,
      signingKeyId: c.signingKeyId,
      signingKey: c.signingKey,
      webhookSecret: c.webhookSecret,
      updatedAt: new Date(),
    };
    await tx
      .insert(muxConnections)
      .values({ creatorId: scope.creatorId, ...values })
      .onConflictDoUpdate({ target: muxConnections.creatorId, set: values });
    await writeAudit(tx, scope, {
      actorUserId: c.actorUserId,
      action: "mux.connected",
      targetType: "school",
      targetId: scope.creatorId,
      data: { tokenId: c.tokenId },
    });
  });
}

export async function deleteMuxConnection(scope: TenantScope, actorUserId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(muxConnections).where(eq(muxConnections.creatorId, scope.creatorId));
    await writeAudit(tx, scope, { actorUserId, action: "mux.disconnected", targetType: "school", targetId: scope.creatorId, data: {} });
  });
}

/**
 * A Mux video attached to a video lesson of the school: recorded (once per Mux asset and school: attaching
 * it again reuses the record) and put in the lesson, in one transaction.
 */
export async function attachMuxVideo(
  scope: TenantScope,
  a: {
    actorUserId: string;
    lessonId: string;
    muxAssetId: string | null;
    playbackId: string;
    signed: boolean;
    status: "processing" | "ready" | "failed";
    durationSeconds: number | null;
  },
): Promise<string> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [lesson] = await tx
      .select({ id: lessons.id })
      .from(lessons)
      .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, a.lessonId), inArray(lessons.type, ["video", "avatar_video"])))
      .for("update");
    if (!lesson) throw new DomainError("not_found", "Lesson not found.");
    const existing = a.muxAssetId
      ? await tx
          .select({ id: mediaAssets.id })
          .from(mediaAssets)
          .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.muxAssetId, a.muxAssetId)))
      : [];
    const fields = {
      muxPlaybackId: a.playbackId,
      muxSigned: a.signed,
      status: a.status,
      progress: a.status === "ready" ? 100 : 0,
      durationSeconds: a.durationSeconds,
      error: null,
      updatedAt: new Date(),
    };
    let id = existing[0]?.id;
    if (id)
      await tx
        .update(mediaAssets)
        .set(fields)
        .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.id, id)));
    else {
      const [m] = await tx
        .insert(mediaAssets)
        .values({
          creatorId: scope.creatorId,
          kind: "video",
          provider: "mux",
          filename: `Mux ${a.playbackId}`,
          contentType: "application/vnd.apple.mpegurl",
          muxAssetId: a.muxAssetId,
          ...fields,
        })
        .returning({ id: mediaAssets.id });
      id = m!.id;
    }
    await tx
      .update(lessons)
      .set({ mediaAssetId: id, updatedAt: new Date() })
      .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.id, a.lessonId)));
    await writeAudit(tx, scope, {
      actorUserId: a.actorUserId,
      action: "media.mux_attached",
      targetType: "media",
      targetId: id,
      data: { lessonId: a.lessonId, muxAssetId: a.muxAssetId, signed: a.signed },
    });
    return id;
  });
}

/** What a Mux webhook says about one of the school's Mux assets (a deleted asset stays failed: later events do not bring it back). */
export async function updateMuxAsset(
  scope: TenantScope,
  u: {
    muxAssetId: string;
    status: "processing" | "ready" | "failed";
    error?: string | null;
    durationSeconds?: number | null;
    playback?: { id: string; signed: boolean };
  },
): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(mediaAssets)
    .set({
      status: u.status,
      progress: u.status === "ready" ? 100 : 0,
      error: u.error ?? null,
      ...(u.durationSeconds !== undefined ? { durationSeconds: u.durationSeconds } : {}),
      ...(u.playback ? { muxPlaybackId: u.playback.id, muxSigned: u.playback.signed } : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(mediaAssets.creatorId, scope.creatorId),
        eq(mediaAssets.muxAssetId, u.muxAssetId),
        eq(mediaAssets.provider, "mux"),
        // "Deleted on Mux" is final.
        u.status === "failed" ? undefined : notDeleted,
      ),
    )
    .returning({ id: mediaAssets.id });
  return rows.length;
}

/** The playback ids the school's records of this Mux asset use now. */
export async function currentMuxPlaybackIds(scope: TenantScope, muxAssetId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ p: mediaAssets.muxPlaybackId })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.muxAssetId, muxAssetId)));
  return rows.flatMap((r) => (r.p ? [r.p] : []));
}
