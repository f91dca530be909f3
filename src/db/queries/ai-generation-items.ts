import { and, asc, eq, sql } from "drizzle-orm";
import { DomainError } from "@/lib/errors";
import type { Quiz } from "@/lib/courses/quiz";
import { slugify } from "@/lib/courses/schemas";
import type { TiptapDoc } from "@/lib/rich-text/render";
import { getDb } from "../client";
import { aiGenerationItems, aiGenerations, courseModules, courses, lessons } from "../schema";
import type { TenantScope } from "../scope";
import { lockGeneration, type GenerationItem } from "./ai-generations";
import { markDelivered } from "./ai-usage";
import { writeAudit } from "./audit";
import { recordFact } from "./outbox";

/**
 * The pieces of an approved generation (the sales copy, each lesson, each module's quiz, the cover): the
 * draft course they are written into, their progress, and writing one again. Scoped to the school throughout.
 */
export async function listGenerationItems(scope: TenantScope, generationId: string): Promise<GenerationItem[]> {
  const db = await getDb();
  return db
    .select()
    .from(aiGenerationItems)
    .where(and(eq(aiGenerationItems.creatorId, scope.creatorId), eq(aiGenerationItems.generationId, generationId)))
    .orderBy(asc(aiGenerationItems.position));
}

/**
 * The draft course of an approved generation: the course, its modules and an empty lesson for every item,
 * in one transaction, once (a retried step finds the course made and returns it). Never published.
 */
export async function materializeDraftCourse(scope: TenantScope, generationId: string): Promise<{ courseId: string | null }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, generationId);
    if (g.courseId) return { courseId: g.courseId };
    // Canceled (or ended) before the course was made: none is made.
    if (g.status !== "generating") return { courseId: null };
    if (!g.outline) throw new DomainError("conflict", "This generation has no outline.");
    const base = slugify(g.outline.title);
    const taken = new Set(
      (
        await tx
          .select({ slug: courses.slug })
          .from(courses)
          .where(and(eq(courses.creatorId, scope.creatorId), sql`${courses.slug} like ${`${base}%`}`))
      ).map((r) => r.slug),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, 74)}-${n}`;
    const [course] = await tx
      .insert(courses)
      .values({
        creatorId: scope.creatorId,
        title: g.outline.title,
        subtitle: g.outline.subtitle || null,
        description: g.outline.description || null,
        slug,
        language: g.brief.language,
      })
      .returning({ id: courses.id });
    const items = await tx
      .select()
      .from(aiGenerationItems)
      .where(and(eq(aiGenerationItems.generationId, g.id), eq(aiGenerationItems.creatorId, scope.creatorId)));
    const byKey = new Map(items.map((i) => [`${i.kind}:${i.key}`, i]));
    for (const [mi, m] of g.outline.modules.entries()) {
      const [mod] = await tx
        .insert(courseModules)
        .values({ creatorId: scope.creatorId, courseId: course!.id, title: m.title, position: mi })
        .returning({ id: courseModules.id });
      const entries = [
        ...m.lessons.map((l) => ({ item: byKey.get(`lesson:${l.key}`), title: l.title, type: "text" as const })),
        ...(g.brief.quizzes ? [{ item: byKey.get(`quiz:${m.key}`), title: `Quiz: ${m.title}`, type: "quiz" as const }] : []),
      ];
      for (const [li, e] of entries.entries()) {
        const [lesson] = await tx
          .insert(lessons)
          .values({ creatorId: scope.creatorId, courseId: course!.id, moduleId: mod!.id, title: e.title, type: e.type, position: li })
          .returning({ id: lessons.id });
        if (e.item) await tx.update(aiGenerationItems).set({ lessonId: lesson!.id, updatedAt: new Date() }).where(eq(aiGenerationItems.id, e.item.id));
      }
    }
    await tx.update(aiGenerations).set({ courseId: course!.id, updatedAt: new Date() }).where(eq(aiGenerations.id, g.id));
    await writeAudit(tx, scope, {
      actorUserId: g.createdByUserId,
      action: "course.created",
      targetType: "course",
      targetId: course!.id,
      data: { by: "ai", generationId: g.id },
    });
    return { courseId: course!.id };
  });
}

export async function findGenerationItem(scope: TenantScope, itemId: string): Promise<GenerationItem | null> {
  const db = await getDb();
  const [i] = await db
    .select()
    .from(aiGenerationItems)
    .where(and(eq(aiGenerationItems.id, itemId), eq(aiGenerationItems.creatorId, scope.creatorId)));
  return i ?? null;
}

/** A piece starts (another run of it): running, its error cleared. False if it was canceled. */
export async function startItem(scope: TenantScope, itemId: string, run: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(aiGenerationItems)
    .set({ status: "running", error: null, runs: run, updatedAt: new Date() })
    .where(and(eq(aiGenerationItems.id, itemId), eq(aiGenerationItems.creatorId, scope.creatorId), sql`${aiGenerationItems.status} <> 'canceled'`))
    .returning({ id: aiGenerationItems.id });
  return rows.length > 0;
}

export async function failItem(scope: TenantScope, itemId: string, error: string): Promise<void> {
  const db = await getDb();
  await db
    .update(aiGenerationItems)
    .set({ status: "failed", error: error.slice(0, 500), updatedAt: new Date() })
    .where(and(eq(aiGenerationItems.id, itemId), eq(aiGenerationItems.creatorId, scope.creatorId), sql`${aiGenerationItems.status} <> 'canceled'`));
}

/** A piece's content is written into its lesson and the piece is done, in one transaction (a lesson the creator deleted is skipped). */
export async function saveItemLesson(
  scope: TenantScope,
  s: {
    itemId: string;
    template: string;
    content: TiptapDoc | Quiz;
    contentHtml: string | null;
    durationSeconds: number | null;
    /** The calls that wrote it, delivered with it. */
    delivery: { aiHoldId: string; step: string };
  },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [item] = await tx
      .select()
      .from(aiGenerationItems)
      .where(and(eq(aiGenerationItems.id, s.itemId), eq(aiGenerationItems.creatorId, scope.creatorId)))
      .for("update");
    if (!item || item.status === "canceled") return;
    if (item.lessonId)
      await tx
        .update(lessons)
        .set({
          content: s.content as Record<string, unknown>,
          contentHtml: s.contentHtml,
          durationSeconds: s.durationSeconds,
          version: sql`${lessons.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(lessons.id, item.lessonId), eq(lessons.creatorId, scope.creatorId)));
    await tx
      .update(aiGenerationItems)
      .set({ status: "done", template: s.template, error: null, updatedAt: new Date() })
      .where(eq(aiGenerationItems.id, item.id));
    await markDelivered(tx, scope, s.delivery);
  });
}

/** The sales copy or the cover goes onto the course, and the piece is done. */
export async function saveItemCourseFields(
  scope: TenantScope,
  s: {
    itemId: string;
    template: string;
    fields: Partial<Pick<typeof courses.$inferInsert, "title" | "subtitle" | "description" | "coverUrl" | "salesPage">>;
    delivery: { aiHoldId: string; step: string };
  },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: aiGenerationItems.id, status: aiGenerationItems.status, generationId: aiGenerationItems.generationId })
      .from(aiGenerationItems)
      .where(and(eq(aiGenerationItems.id, s.itemId), eq(aiGenerationItems.creatorId, scope.creatorId)))
      .for("update");
    if (!item || item.status === "canceled") return;
    const [g] = await tx
      .select({ courseId: aiGenerations.courseId })
      .from(aiGenerations)
      .where(and(eq(aiGenerations.id, item.generationId), eq(aiGenerations.creatorId, scope.creatorId)));
    if (g?.courseId)
      await tx
        .update(courses)
        .set({ ...s.fields, version: sql`${courses.version} + 1`, updatedAt: new Date() })
        .where(and(eq(courses.id, g.courseId), eq(courses.creatorId, scope.creatorId)));
    await tx
      .update(aiGenerationItems)
      .set({ status: "done", template: s.template, error: null, updatedAt: new Date() })
      .where(eq(aiGenerationItems.id, item.id));
    await markDelivered(tx, scope, s.delivery);
  });
}

/**
 * Write a piece again (a failed one, or one the creator wants redone): pending again, and
 * ai/item.regeneration-requested recorded with the hold the caller made for run `run`.
 */
export async function requeueItem(scope: TenantScope, r: { generationId: string; itemId: string; run: number; aiHoldId: string; note: string }): Promise<void> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, r.generationId);
    if (g.status !== "completed" && g.status !== "generating")
      throw new DomainError("conflict", "Pieces can be written again once the outline is approved, until the run is canceled.");
    const [item] = await tx
      .select()
      .from(aiGenerationItems)
      .where(and(eq(aiGenerationItems.id, r.itemId), eq(aiGenerationItems.generationId, g.id), eq(aiGenerationItems.creatorId, scope.creatorId)))
      .for("update");
    if (!item) throw new DomainError("not_found", "Piece not found");
    if (item.status === "running" || item.status === "pending") throw new DomainError("conflict", "This piece is being written already.");
    if (item.status === "canceled") throw new DomainError("conflict", "This piece was canceled.");
    const run = item.runs + 1;
    if (run !== r.run) throw new DomainError("conflict", "This piece was written again meanwhile. Reload to see it.");
    await tx.update(aiGenerationItems).set({ status: "pending", error: null, updatedAt: new Date() }).where(eq(aiGenerationItems.id, item.id));
    if (g.status === "completed")
      await tx.update(aiGenerations).set({ status: "generating", completedAt: null, updatedAt: new Date() }).where(eq(aiGenerations.id, g.id));
    await recordFact(tx, {
      name: "ai/item.regeneration-requested",
      data: { creatorId: scope.creatorId, generationId: g.id, itemId: item.id, run, note: r.note, aiHoldId: r.aiHoldId },
    });
  });
}
