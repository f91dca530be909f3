import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Brief } from "@/lib/ai/course/brief";
import type { Outline } from "@/lib/ai/course/outline";
import { user } from "./auth";
import { createdAt, tenantId, updatedAt } from "./columns";
import { courses, lessons } from "./courses";

/**
 * AI course generation (src/lib/ai, src/inngest/functions/generate-*.ts). A generation is one wizard run:
 * the brief, the outline as written then edited, the draft course it became. Its state lives here and in
 * the durable runs, never in the page, so a reload resumes where it was.
 */
export const aiGenerationStatus = pgEnum("ai_generation_status", ["outlining", "outline_ready", "generating", "completed", "failed", "canceled"]);

export const aiGenerations = pgTable(
  "ai_generations",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    createdByUserId: text().references(() => user.id, { onDelete: "set null" }),
    status: aiGenerationStatus().notNull().default("outlining"),
    /** The brief without its source material (kept apart: it can be long). */
    brief: jsonb().$type<Omit<Brief, "sourceText">>().notNull(),
    sourceText: text(),
    /** The outline once written (then as edited); null while it is being written. */
    outline: jsonb().$type<Outline>(),
    /** The outline's JSON as the model writes it (what the wizard streams); cleared once the outline is saved. */
    outlineDraft: text().notNull().default(""),
    /** Bumped on every edit of the outline (optimistic concurrency between tabs). */
    outlineVersion: integer().notNull().default(1),
    /** Keys of the outline's modules and lessons being written again (the review step shows them as busy). */
    pendingParts: jsonb().$type<string[]>().notNull().default([]),
    courseId: uuid().references(() => courses.id, { onDelete: "set null" }),
    /** Answered by the labelled sample provider (no model): its content is sample content. */
    sample: boolean().notNull().default(false),
    /** The wizard's estimate (usual cost) and what is held at most, in credits. */
    estimateCredits: integer().notNull().default(0),
    error: text(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("ai_generations_creator_created_idx").on(t.creatorId, t.createdAt)],
);

export const aiItemKind = pgEnum("ai_item_kind", ["copy", "lesson", "quiz", "cover"]);
export const aiItemStatus = pgEnum("ai_item_status", ["pending", "running", "done", "failed", "canceled"]);

/** One piece of the generated course (a lesson, a module's quiz, the cover, the sales copy): its progress and the lesson it wrote. */
export const aiGenerationItems = pgTable(
  "ai_generation_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    generationId: uuid()
      .notNull()
      .references(() => aiGenerations.id, { onDelete: "cascade" }),
    kind: aiItemKind().notNull(),
    /** The outline lesson's key (lesson), the module's key (quiz), or the kind itself (copy, cover). */
    key: text().notNull(),
    title: text().notNull(),
    position: integer().notNull(),
    status: aiItemStatus().notNull().default("pending"),
    lessonId: uuid().references(() => lessons.id, { onDelete: "set null" }),
    /** The template (id@version) that wrote it. */
    template: text(),
    /** How many times it was generated (the first time and each regeneration). */
    runs: integer().notNull().default(0),
    error: text(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("ai_generation_items_uq").on(t.generationId, t.kind, t.key), index("ai_generation_items_creator_idx").on(t.creatorId)],
);

export const aiHoldStatus = pgEnum("ai_hold_status", ["open", "settling", "settled"]);

/**
 * A credit hold (src/db/queries/credits.ts) made for a part of a generation: the brief (the outline and
 * the course it promises), the approved generation, one regeneration. Calls are charged to one of these;
 * settling captures what its calls cost and releases the rest.
 */
export const aiHolds = pgTable(
  "ai_holds",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    generationId: uuid()
      .notNull()
      .references(() => aiGenerations.id, { onDelete: "cascade" }),
    /** "brief", "generate", "part:<request>" or "item:<item>:<run>". */
    purpose: text().notNull(),
    ledgerHoldId: uuid().notNull(),
    amount: integer().notNull(),
    status: aiHoldStatus().notNull().default("open"),
    captured: integer(),
    createdAt: createdAt(),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("ai_holds_purpose_uq").on(t.generationId, t.purpose), index("ai_holds_creator_status_idx").on(t.creatorId, t.status)],
);

/** Every request made to a model: who answered, tokens, time and what it cost. */
export const aiCalls = pgTable(
  "ai_calls",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    generationId: uuid().references(() => aiGenerations.id, { onDelete: "set null" }),
    aiHoldId: uuid().references(() => aiHolds.id, { onDelete: "set null" }),
    /** One record per call however often a step is retried: `<hold>:<what>:<n>`. */
    idempotencyKey: text().notNull(),
    task: text().notNull(),
    template: text().notNull(),
    provider: text().notNull(),
    model: text().notNull(),
    inputTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    latencyMs: integer().notNull().default(0),
    credits: integer().notNull().default(0),
    outcome: text().notNull(),
    /** False when it ended after its hold was settled (a canceled run's last call): not charged. */
    charged: boolean().notNull().default(true),
    /** Its step's work was saved (in the same transaction as the work): only delivered calls are captured. */
    delivered: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ai_calls_idem_uq").on(t.creatorId, t.idempotencyKey),
    index("ai_calls_creator_created_idx").on(t.creatorId, t.createdAt),
    index("ai_calls_hold_idx")
      .on(t.aiHoldId)
      .where(sql`${t.aiHoldId} is not null`),
  ],
);
