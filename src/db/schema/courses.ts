import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, bigint, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, tenantId, updatedAt } from "./columns";

export const courseStatus = pgEnum("course_status", ["draft", "published", "archived"]);
export const lessonType = pgEnum("lesson_type", ["video", "text", "quiz", "download", "avatar_video"]);
export const lessonStatus = pgEnum("lesson_status", ["draft", "published"]);
/** What the prerequisite lesson requires before this one opens: completing it, or passing its quiz. */
export const prerequisiteRule = pgEnum("prerequisite_rule", ["complete", "pass"]);

export const courses = pgTable(
  "courses",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    slug: text().notNull(),
    title: text().notNull(),
    subtitle: text(),
    description: text(),
    coverUrl: text(),
    category: text(),
    language: text().notNull().default("en"),
    status: courseStatus().notNull().default("draft"),
    publishedAt: timestamp({ withTimezone: true }),
    seoTitle: text(),
    seoDescription: text(),
    /** The sales page's own sections (src/lib/courses/sales-page.ts): description, outcomes, instructor, FAQ, testimonials. */
    salesPage: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Optimistic concurrency for the course settings form (bumped on every update). */
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("courses_creator_slug_uq").on(t.creatorId, t.slug), index("courses_creator_status_idx").on(t.creatorId, t.status)],
);

export const courseModules = pgTable(
  "course_modules",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    title: text().notNull(),
    position: integer().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("course_modules_creator_idx").on(t.creatorId), index("course_modules_course_pos_idx").on(t.courseId, t.position)],
);

export const mediaKind = pgEnum("media_kind", ["video", "image", "file"]);
export const mediaProvider = pgEnum("media_provider", ["storage", "mux"]);
export const mediaStatus = pgEnum("media_status", ["uploading", "processing", "ready", "failed"]);

/** Uploaded or imported media: videos (HLS in storage, or Mux), images, downloadable files. */
/** A caption track: its language (BCP 47, e.g. "en"), the label the player shows, and its file under the asset's outputs. */
export type VideoCaption = { lang: string; label: string; file: string };

export const mediaAssets = pgTable(
  "media_assets",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    kind: mediaKind().notNull(),
    provider: mediaProvider().notNull().default("storage"),
    status: mediaStatus().notNull().default("uploading"),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: bigint({ mode: "number" }).notNull().default(0),
    storageKey: text(),
    hlsManifestKey: text(),
    muxAssetId: text(),
    muxPlaybackId: text(),
    /** Mux: playback needs a signed token (the asset's playback policy is "signed"). */
    muxSigned: boolean().notNull().default(false),
    durationSeconds: integer(),
    progress: integer().notNull().default(0),
    error: text(),
    /** A direct upload in progress: the storage's multipart upload id (cleared once completed or aborted). */
    uploadId: text(),
    /** A poster the creator chose (an uploaded image of the same school); else the frame the pipeline took. */
    posterImageId: uuid().references((): AnyPgColumn => mediaAssets.id, { onDelete: "set null" }),
    /** A replacement uploaded for this lesson's ready video: it goes into the lesson once it is ready itself. */
    pendingLessonId: uuid().references((): AnyPgColumn => lessons.id, { onDelete: "set null" }),
    /** A copy of another video (a Mux import): once ready, it takes that video's place in every lesson. */
    replacesVideoId: uuid().references((): AnyPgColumn => mediaAssets.id, { onDelete: "set null" }),
    /** WebVTT caption tracks uploaded for the video, stored beside its HLS outputs. */
    captions: jsonb().$type<VideoCaption[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("media_assets_creator_idx").on(t.creatorId, t.createdAt),
    index("media_assets_uploading_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} = 'uploading'`),
    uniqueIndex("media_assets_mux_asset_uq").on(t.creatorId, t.muxAssetId),
  ],
);

/**
 * A school's own Mux account, for the videos it already hosts there: the API access token (to check an
 * asset or playback id it attaches, and to import a video), the signing key (signed playback) and the
 * webhook secret (its Mux webhooks). Secrets are sealed (src/lib/crypto/seal.ts); one account per school.
 */
export const muxConnections = pgTable(
  "mux_connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    tokenId: text().notNull(),
    tokenSecret: text().notNull(),
    signingKeyId: text(),
    signingKey: text(),
    webhookSecret: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("mux_connections_creator_uq").on(t.creatorId)],
);

export const lessons = pgTable(
  "lessons",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    moduleId: uuid()
      .notNull()
      .references(() => courseModules.id, { onDelete: "cascade" }),
    type: lessonType().notNull().default("text"),
    title: text().notNull(),
    position: integer().notNull(),
    status: lessonStatus().notNull().default("draft"),
    /** TipTap JSON document for text lessons; quiz definition for quizzes. */
    content: jsonb().$type<Record<string, unknown>>(),
    /** Sanitized HTML rendered from `content`, what students see. */
    contentHtml: text(),
    mediaAssetId: uuid().references(() => mediaAssets.id, { onDelete: "set null" }),
    isFreePreview: boolean().notNull().default(false),
    dripDays: integer(),
    dripDate: timestamp({ withTimezone: true }),
    prerequisiteLessonId: uuid(),
    prerequisiteRule: prerequisiteRule(),
    durationSeconds: integer(),
    /** Optimistic concurrency: bumped on every save, checked by the editor. */
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("lessons_creator_idx").on(t.creatorId),
    index("lessons_module_pos_idx").on(t.moduleId, t.position),
    index("lessons_course_idx").on(t.courseId),
    check("lessons_drip_days_nonneg", sql`${t.dripDays} is null or ${t.dripDays} >= 0`),
  ],
);

/** Files a download lesson offers (ordered). */
export const lessonFiles = pgTable(
  "lesson_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    mediaAssetId: uuid()
      .notNull()
      .references(() => mediaAssets.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("lesson_files_creator_idx").on(t.creatorId), index("lesson_files_lesson_pos_idx").on(t.lessonId, t.position)],
);
