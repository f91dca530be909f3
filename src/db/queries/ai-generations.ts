import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Brief } from "@/lib/ai/course/brief";
import { outlineSchema, type Outline } from "@/lib/ai/course/outline";
import { DomainError } from "@/lib/errors";
import { getDb, type Tx } from "../client";
import { aiGenerationItems, aiGenerations, aiHolds, courseModules, courses, lessons } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";
import { assertWithinLimit } from "./limits";
import { markDelivered } from "./ai-usage";
import { recordFact } from "./outbox";

/**
 * AI course generations of a school (src/lib/ai, the generate-* functions): one row per wizard run and
 * one per piece it writes. Every query is scoped to the school; a foreign id is simply not found.
 */
export type Generation = typeof aiGenerations.$inferSelect;
export type GenerationItem = typeof aiGenerationItems.$inferSelect;

const notFound = () => new DomainError("not_found", "Generation not found");
const ACTIVE = ["outlining", "outline_ready", "generating"] as const;

export async function findGeneration(scope: TenantScope, id: string): Promise<Generation | null> {
  const db = await getDb();
  const [g] = await db
    .select()
    .from(aiGenerations)
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId)));
  return g ?? null;
}

export async function getGenerationOrThrow(scope: TenantScope, id: string): Promise<Generation> {
  const g = await findGeneration(scope, id);
  if (!g) throw notFound();
  return g;
}

/** The school's recent generations (the wizard's list), newest first. */
export async function listGenerations(scope: TenantScope, limit = 20) {
  const db = await getDb();
  return db
    .select({
      id: aiGenerations.id,
      status: aiGenerations.status,
      topic: sql<string>`${aiGenerations.brief}->>'topic'`,
      title: sql<string | null>`${aiGenerations.outline}->>'title'`,
      courseId: aiGenerations.courseId,
      sample: aiGenerations.sample,
      createdAt: aiGenerations.createdAt,
    })
    .from(aiGenerations)
    .where(eq(aiGenerations.creatorId, scope.creatorId))
    .orderBy(desc(aiGenerations.createdAt))
    .limit(limit);
}

/** A new generation from a brief, with the ledger hold the caller made for it (keyed by `id`). Records ai/generation.requested. */
export async function createGeneration(
  scope: TenantScope,
  g: { id: string; actorUserId: string; brief: Brief; sample: boolean; estimateCredits: number; ledgerHold: { id: string; amount: number } },
): Promise<Generation> {
  const { sourceText, ...brief } = g.brief;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(aiGenerations)
      .values({
        id: g.id,
        creatorId: scope.creatorId,
        createdByUserId: g.actorUserId,
        brief,
        sourceText: sourceText?.trim() ? sourceText : null,
        sample: g.sample,
        estimateCredits: g.estimateCredits,
      })
      .returning();
    const [hold] = await tx
      .insert(aiHolds)
      .values({ creatorId: scope.creatorId, generationId: g.id, purpose: "brief", ledgerHoldId: g.ledgerHold.id, amount: g.ledgerHold.amount })
      .returning({ id: aiHolds.id });
    await writeAudit(tx, scope, {
      actorUserId: g.actorUserId,
      action: "ai.generation_started",
      targetType: "ai_generation",
      targetId: g.id,
      data: { topic: brief.topic },
    });
    await recordFact(tx, { name: "ai/generation.requested", data: { creatorId: scope.creatorId, generationId: g.id, aiHoldId: hold!.id } });
    return row!;
  });
}

/** The brief with its source material, as the prompts take it. */
export const briefOf = (g: Generation): Brief => ({ ...g.brief, sourceText: g.sourceText ?? undefined });

/** The outline's JSON as it streams in (only while it is being written). */
export async function setOutlineDraft(scope: TenantScope, id: string, draft: string): Promise<void> {
  const db = await getDb();
  await db
    .update(aiGenerations)
    .set({ outlineDraft: draft, updatedAt: new Date() })
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId), eq(aiGenerations.status, "outlining")));
}

/** The written outline: the wizard's review step opens, and the calls that wrote it are delivered. False if the run was canceled meanwhile. */
export async function saveWrittenOutline(scope: TenantScope, s: { id: string; outline: Outline; aiHoldId: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(aiGenerations)
      .set({ outline: s.outline, outlineDraft: "", status: "outline_ready", outlineVersion: sql`${aiGenerations.outlineVersion} + 1`, updatedAt: new Date() })
      .where(and(eq(aiGenerations.id, s.id), eq(aiGenerations.creatorId, scope.creatorId), eq(aiGenerations.status, "outlining")))
      .returning({ id: aiGenerations.id });
    if (rows.length) await markDelivered(tx, scope, { aiHoldId: s.aiHoldId, step: "outline" });
    return rows.length > 0;
  });
}

/** Lock a generation row in a transaction (not found across schools). */
export async function lockGeneration(tx: Tx, scope: TenantScope, id: string): Promise<Generation> {
  const [g] = await tx
    .select()
    .from(aiGenerations)
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId)))
    .for("update");
  if (!g) throw notFound();
  return g;
}

/** The creator's edit of the outline (rename, reorder, add, remove), checked against the version they edited. */
export async function updateOutline(scope: TenantScope, change: { id: string; expectedVersion: number; outline: Outline }): Promise<{ version: number }> {
  const outline = outlineSchema.parse(change.outline);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, change.id);
    if (g.status !== "outline_ready")
      throw new DomainError("conflict", "This outline can no longer be edited: its course is being generated or the run has ended.");
    if (g.outlineVersion !== change.expectedVersion)
      throw new DomainError("conflict", "The outline changed in another tab or by a regeneration. Reload to see the latest version.", {
        details: { kind: "version_conflict", currentVersion: g.outlineVersion },
      });
    const version = g.outlineVersion + 1;
    await tx.update(aiGenerations).set({ outline, outlineVersion: version, updatedAt: new Date() }).where(eq(aiGenerations.id, g.id));
    return { version };
  });
}

/** A regenerated module or lesson replaces the one with its key (if the creator has not removed it meanwhile); `replace: null` only clears the busy mark (it failed). */
export async function replaceOutlinePart(
  scope: TenantScope,
  r: {
    id: string;
    moduleKey: string;
    lessonKey: string | null;
    replace: ((outline: Outline) => Outline | null) | null;
    /** The calls that wrote the replacement (delivered when it goes in). */
    delivery?: { aiHoldId: string; step: string };
  },
): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, r.id);
    const pendingParts = g.pendingParts.filter((k) => k !== (r.lessonKey ?? r.moduleKey));
    const next = g.status === "outline_ready" && g.outline && r.replace ? r.replace(g.outline) : null;
    await tx
      .update(aiGenerations)
      .set(
        next
          ? { outline: outlineSchema.parse(next), outlineVersion: g.outlineVersion + 1, pendingParts, updatedAt: new Date() }
          : { pendingParts, updatedAt: new Date() },
      )
      .where(eq(aiGenerations.id, g.id));
    if (next && r.delivery) await markDelivered(tx, scope, r.delivery);
    return Boolean(next);
  });
}

/** Ask for one module or lesson of the outline again: it shows as busy until the answer replaces it. */
export async function requestOutlinePart(
  scope: TenantScope,
  r: { id: string; requestId: string; moduleKey: string; lessonKey: string | null; note: string; aiHoldId: string },
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, r.id);
    if (g.status !== "outline_ready" || !g.outline) throw new DomainError("conflict", "The outline can no longer be changed.");
    const m = g.outline.modules.find((x) => x.key === r.moduleKey);
    if (!m || (r.lessonKey && !m.lessons.some((l) => l.key === r.lessonKey)))
      throw new DomainError("not_found", "That part of the outline was removed. Reload the outline.");
    const key = r.lessonKey ?? r.moduleKey;
    if (g.pendingParts.includes(key)) throw new DomainError("conflict", "That part is being written again already.");
    await tx
      .update(aiGenerations)
      .set({ pendingParts: [...g.pendingParts, key], updatedAt: new Date() })
      .where(eq(aiGenerations.id, g.id));
    await recordFact(tx, {
      name: "ai/outline-part.requested",
      data: {
        creatorId: scope.creatorId,
        generationId: g.id,
        requestId: r.requestId,
        moduleKey: r.moduleKey,
        lessonKey: r.lessonKey,
        note: r.note,
        aiHoldId: r.aiHoldId,
      },
    });
  });
}

/**
 * Approve the outline: the items to write are listed (a lesson per outline lesson, a quiz per module when
 * asked, the sales copy, the cover) and ai/generation.approved is recorded, in one transaction with the
 * generation hold's record (`record`). Refused once approved, or when the plan has no room for a course.
 * The generation's hold (`aiHoldId`) was made by the caller for this version of the outline.
 */
export async function approveOutline(scope: TenantScope, a: { id: string; actorUserId: string; expectedVersion: number; aiHoldId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, a.id);
    if (g.status !== "outline_ready" || !g.outline) throw new DomainError("conflict", "This outline was already approved, or the run has ended.");
    if (g.outlineVersion !== a.expectedVersion)
      throw new DomainError("conflict", "The outline changed in another tab or by a regeneration. Review the latest version, then approve.", {
        details: { kind: "version_conflict", currentVersion: g.outlineVersion },
      });
    await assertWithinLimit(tx, scope, { metric: "courses", amount: 1 });
    const items: (typeof aiGenerationItems.$inferInsert)[] = [];
    const push = (kind: GenerationItem["kind"], key: string, title: string) =>
      items.push({ creatorId: scope.creatorId, generationId: g.id, kind, key, title, position: items.length });
    push("copy", "copy", "Title, description and outcomes");
    for (const m of g.outline.modules) {
      for (const l of m.lessons) push("lesson", l.key, l.title);
      if (g.brief.quizzes) push("quiz", m.key, `Quiz: ${m.title}`);
    }
    push("cover", "cover", "Cover image");
    await tx.insert(aiGenerationItems).values(items).onConflictDoNothing();
    await tx.update(aiGenerations).set({ status: "generating", updatedAt: new Date() }).where(eq(aiGenerations.id, g.id));
    await writeAudit(tx, scope, { actorUserId: a.actorUserId, action: "ai.outline_approved", targetType: "ai_generation", targetId: g.id });
    await recordFact(tx, { name: "ai/generation.approved", data: { creatorId: scope.creatorId, generationId: g.id, aiHoldId: a.aiHoldId } });
    return g;
  });
}

/**
 * What a canceled run leaves in its draft: only what was written. Lessons of canceled pieces that never
 * got content go, then modules left empty; a course left with nothing goes too (and stops counting
 * against the plan).
 */
async function dropUnwritten(tx: Tx, scope: TenantScope, d: { generationId: string; courseId: string }) {
  const unwritten = await tx
    .select({ id: lessons.id })
    .from(lessons)
    .innerJoin(aiGenerationItems, eq(aiGenerationItems.lessonId, lessons.id))
    .where(
      and(
        eq(aiGenerationItems.generationId, d.generationId),
        eq(aiGenerationItems.creatorId, scope.creatorId),
        eq(aiGenerationItems.status, "canceled"),
        eq(lessons.creatorId, scope.creatorId),
        isNull(lessons.content),
      ),
    );
  if (unwritten.length)
    await tx.delete(lessons).where(
      and(
        eq(lessons.creatorId, scope.creatorId),
        inArray(
          lessons.id,
          unwritten.map((l) => l.id),
        ),
      ),
    );
  await tx
    .delete(courseModules)
    .where(
      and(
        eq(courseModules.creatorId, scope.creatorId),
        eq(courseModules.courseId, d.courseId),
        sql`not exists (select 1 from ${lessons} where ${lessons.moduleId} = ${courseModules.id})`,
      ),
    );
  const [left] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, d.courseId)));
  if (!left?.n) {
    await tx.update(aiGenerations).set({ courseId: null }).where(eq(aiGenerations.id, d.generationId));
    await tx.delete(courses).where(and(eq(courses.creatorId, scope.creatorId), eq(courses.id, d.courseId)));
  }
}

/** Cancel a run that has not ended: pending pieces are canceled and ai/generation.canceled is recorded. False if it had ended. */
export async function cancelGeneration(scope: TenantScope, c: { id: string; actorUserId: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const g = await lockGeneration(tx, scope, c.id);
    if (!(ACTIVE as readonly string[]).includes(g.status)) return false;
    await tx
      .update(aiGenerations)
      .set({ status: "canceled", outlineDraft: "", updatedAt: new Date(), completedAt: new Date() })
      .where(eq(aiGenerations.id, g.id));
    await tx
      .update(aiGenerationItems)
      .set({ status: "canceled", updatedAt: new Date() })
      .where(
        and(
          eq(aiGenerationItems.generationId, g.id),
          eq(aiGenerationItems.creatorId, scope.creatorId),
          inArray(aiGenerationItems.status, ["pending", "running"]),
        ),
      );
    if (g.courseId) await dropUnwritten(tx, scope, { generationId: g.id, courseId: g.courseId });
    await writeAudit(tx, scope, { actorUserId: c.actorUserId, action: "ai.generation_canceled", targetType: "ai_generation", targetId: g.id });
    await recordFact(tx, { name: "ai/generation.canceled", data: { creatorId: scope.creatorId, generationId: g.id } });
    return true;
  });
}

/** The run failed for good (the outline could not be written, or the pipeline gave up). */
export async function failGeneration(scope: TenantScope, id: string, error: string): Promise<void> {
  const db = await getDb();
  await db
    .update(aiGenerations)
    .set({ status: "failed", error: error.slice(0, 500), outlineDraft: "", updatedAt: new Date(), completedAt: new Date() })
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId), inArray(aiGenerations.status, [...ACTIVE])));
}

/** Every piece is done or failed: the run is complete (failed pieces can still be regenerated). */
export async function completeGeneration(scope: TenantScope, id: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(aiGenerations)
    .set({ status: "completed", updatedAt: new Date(), completedAt: new Date() })
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId), eq(aiGenerations.status, "generating")))
    .returning({ id: aiGenerations.id });
  return rows.length > 0;
}

/** A cheap fingerprint of a generation's state (the event stream sends a snapshot only when it changes). */
export async function generationFingerprint(scope: TenantScope, id: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      updatedAt: aiGenerations.updatedAt,
      items: sql<string>`(select coalesce(max(${aiGenerationItems.updatedAt})::text, '') || ':' || count(*) from ${aiGenerationItems} where ${aiGenerationItems.generationId} = ${aiGenerations.id} and ${aiGenerationItems.creatorId} = ${scope.creatorId})`,
    })
    .from(aiGenerations)
    .where(and(eq(aiGenerations.id, id), eq(aiGenerations.creatorId, scope.creatorId)));
  return row ? `${row.updatedAt.toISOString()}|${row.items}` : null;
}
