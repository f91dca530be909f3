import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt, tenantId, updatedAt } from "./columns";
import { lessons, mediaAssets } from "./courses";

/**
 * Avatar video lessons (src/lib/avatar, src/inngest/functions/render-avatar-video.ts). A render is one
 * "Create avatar video" of a lesson: its presenter, voice and scenes, the credits held for it and the
 * video it became. Each scene is rendered as a clip of its own, kept by a hash of what makes it (script,
 * avatar, voice, background, renderer), so a later render of the same lesson renders only the scenes that
 * changed and stitches the video again.
 */
export const avatarRenderStatus = pgEnum("avatar_render_status", ["rendering", "stitching", "processing", "ready", "failed"]);
export const avatarClipStatus = pgEnum("avatar_clip_status", ["pending", "submitting", "rendering", "rendered", "ready", "failed"]);

/** One scene of a render: what the presenter says and the hash of its clip. */
export type AvatarScene = { text: string; hash: string };

export const avatarRenders = pgTable(
  "avatar_renders",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    /** Null once the lesson is deleted (the render and its credits are still settled). */
    lessonId: uuid().references(() => lessons.id, { onDelete: "set null" }),
    requestedByUserId: text().references(() => user.id, { onDelete: "set null" }),
    status: avatarRenderStatus().notNull().default("rendering"),
    /** "heygen", or "sample" (the labelled offline renderer). */
    renderer: text().notNull(),
    avatarId: text().notNull(),
    avatarName: text().notNull(),
    voiceId: text().notNull(),
    voiceName: text().notNull(),
    /** The scene background, a #rrggbb colour. */
    background: text().notNull(),
    scenes: jsonb().$type<AvatarScene[]>().notNull(),
    /** The credits ledger's hold for the scenes to render, what it held and (once settled) what it took. */
    ledgerHoldId: uuid(),
    held: integer().notNull().default(0),
    captured: integer(),
    estimatedSeconds: integer().notNull().default(0),
    /** The stitched video (a media asset of the school), once made. */
    mediaAssetId: uuid().references(() => mediaAssets.id, { onDelete: "set null" }),
    error: text(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("avatar_renders_lesson_idx").on(t.creatorId, t.lessonId, t.createdAt),
    // One render in progress per lesson.
    uniqueIndex("avatar_renders_active_uq")
      .on(t.creatorId, t.lessonId)
      .where(sql`${t.status} in ('rendering', 'stitching')`),
  ],
);

export const avatarClips = pgTable(
  "avatar_clips",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    /** sha-256 of the scene's script, avatar, voice, background and renderer. */
    hash: text().notNull(),
    renderer: text().notNull(),
    status: avatarClipStatus().notNull().default("pending"),
    /** The render that renders it (and pays for it). */
    renderId: uuid().references(() => avatarRenders.id, { onDelete: "set null" }),
    /** The renderer's id for it (HeyGen's video_id). */
    providerVideoId: text(),
    /** Made again after failing: each attempt is submitted with an idempotency key of its own. */
    attempt: integer().notNull().default(0),
    storageKey: text(),
    durationMs: integer(),
    credits: integer().notNull().default(0),
    /** Its credits were taken by its render. */
    charged: boolean().notNull().default(false),
    error: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("avatar_clips_hash_uq").on(t.creatorId, t.hash), uniqueIndex("avatar_clips_provider_uq").on(t.renderer, t.providerVideoId)],
);
