import { and, eq, inArray, sql } from "drizzle-orm";
import { DomainError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { getDb, type Tx } from "../client";
import { aiCalls, aiHolds } from "../schema";
import type { TenantScope } from "../scope";
import { holdCredits, settleHold } from "./credits";
import { recordUsage } from "./usage";

/**
 * Credits for AI work: every part of a generation runs inside a hold (made before, of the most it can
 * cost), every model call is recorded against it, and settling captures what the calls of delivered
 * work cost and releases the rest. Idempotent throughout: a retried step, a replayed event or a second settle changes
 * nothing; a call that ends after its hold was settled (a canceled run) is recorded but not charged.
 */
export type AiHold = typeof aiHolds.$inferSelect;

export type AiCallRecord = {
  task: string;
  template: string;
  provider: string;
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  credits: number;
  outcome: string;
};

/** Hold credits for one purpose of a generation (once: the same purpose again returns the first hold). Refused with InsufficientCreditsError. */
export async function openAiHold(scope: TenantScope, h: { generationId: string; purpose: string; amount: number; reason: string }): Promise<AiHold> {
  const db = await getDb();
  const [existing] = await db
    .select()
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, h.generationId), eq(aiHolds.purpose, h.purpose)));
  if (existing) {
    if (existing.status !== "open") throw new DomainError("conflict", "This was already started or has ended. Reload to see where it is.");
    return existing;
  }
  const ledger = await holdCredits(scope, { amount: Math.max(1, h.amount), key: `ai-hold:${h.generationId}:${h.purpose}`, reason: h.reason });
  const [row] = await db
    .insert(aiHolds)
    .values({ creatorId: scope.creatorId, generationId: h.generationId, purpose: h.purpose, ledgerHoldId: ledger.id, amount: ledger.amount })
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  const [again] = await db
    .select()
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, h.generationId), eq(aiHolds.purpose, h.purpose)));
  return again!;
}

/** An open hold of this generation by id (an event names it; another generation's or school's, or a settled one, is not found). */
export async function findGenerationHold(scope: TenantScope, generationId: string, aiHoldId: string): Promise<AiHold | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, generationId), eq(aiHolds.id, aiHoldId), eq(aiHolds.status, "open")));
  return row ?? null;
}

export async function findAiHold(scope: TenantScope, generationId: string, purpose: string): Promise<AiHold | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, generationId), eq(aiHolds.purpose, purpose)));
  return row ?? null;
}

/**
 * Record one model call against a hold, once per key (`<hold>:<step>:<n>`: a step that runs again after a
 * crash makes the same keys, so nothing is recorded or charged twice). Charged only while the hold is open
 * (checked under the hold's row lock, which settling takes too).
 */
export async function recordAiCall(
  scope: TenantScope,
  rec: { aiHoldId: string; generationId: string; key: string; call: AiCallRecord },
): Promise<{ charged: boolean }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [hold] = await tx
      .select({ status: aiHolds.status })
      .from(aiHolds)
      .where(and(eq(aiHolds.id, rec.aiHoldId), eq(aiHolds.creatorId, scope.creatorId)))
      .for("update");
    if (!hold) throw new Error("AI hold not found");
    const { call } = rec;
    const inserted = await tx
      .insert(aiCalls)
      .values({
        creatorId: scope.creatorId,
        generationId: rec.generationId,
        aiHoldId: rec.aiHoldId,
        idempotencyKey: rec.key,
        task: call.task,
        template: call.template,
        provider: call.provider,
        model: call.model,
        inputTokens: call.inputTokens ?? 0,
        outputTokens: call.outputTokens ?? 0,
        latencyMs: call.latencyMs,
        credits: call.credits,
        outcome: call.outcome,
        charged: hold.status === "open",
      })
      .onConflictDoNothing()
      .returning({ charged: aiCalls.charged });
    if (inserted[0]) return { charged: inserted[0].charged };
    const [prior] = await tx
      .select({ charged: aiCalls.charged })
      .from(aiCalls)
      .where(and(eq(aiCalls.creatorId, scope.creatorId), eq(aiCalls.idempotencyKey, rec.key)));
    return { charged: prior?.charged ?? false };
  });
}

/** The key prefix of a step's calls in a hold (`<hold>:<step>:`). */
const stepPrefix = (aiHoldId: string, step: string) => `${aiHoldId}:${step.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;

/** A step's work was saved: its calls are delivered (call this in the transaction that saves the work). */
export async function markDelivered(tx: Tx, scope: TenantScope, d: { aiHoldId: string; step: string }): Promise<void> {
  await tx
    .update(aiCalls)
    .set({ delivered: true })
    .where(
      and(eq(aiCalls.creatorId, scope.creatorId), eq(aiCalls.aiHoldId, d.aiHoldId), sql`${aiCalls.idempotencyKey} like ${stepPrefix(d.aiHoldId, d.step)}`),
    );
}

/**
 * Settle a hold: capture what its calls cost — only the calls whose step's work was saved (marked
 * delivered in that same transaction: a failed or canceled piece is not charged) and never more than it
 * holds — and release the rest. Marked "settling" with the amount first (under the row lock, so no call is
 * charged after it), then the ledger settles by key — a crash in between is finished by the next call
 * with the same amount. What is captured counts as the school's ai_credits usage.
 */
export async function settleAiHold(scope: TenantScope, aiHoldId: string): Promise<{ captured: number; released: number } | null> {
  const db = await getDb();
  const hold = await db.transaction(async (tx) => {
    const [h] = await tx
      .select()
      .from(aiHolds)
      .where(and(eq(aiHolds.id, aiHoldId), eq(aiHolds.creatorId, scope.creatorId)))
      .for("update");
    if (!h || h.status === "settled") return null;
    if (h.status === "settling") return h;
    const calls = await tx
      .select({ id: aiCalls.id, credits: aiCalls.credits, delivered: aiCalls.delivered })
      .from(aiCalls)
      .where(and(eq(aiCalls.creatorId, scope.creatorId), eq(aiCalls.aiHoldId, h.id), eq(aiCalls.charged, true)));
    const undelivered = calls.filter((c) => !c.delivered).map((c) => c.id);
    if (undelivered.length)
      await tx
        .update(aiCalls)
        .set({ charged: false })
        .where(and(eq(aiCalls.creatorId, scope.creatorId), inArray(aiCalls.id, undelivered)));
    const used = calls.filter((c) => !undelivered.includes(c.id)).reduce((n, c) => n + c.credits, 0);
    if (used > h.amount) logger.warn("ai.hold_exceeded", { hold: h.id, held: h.amount, used });
    const captured = Math.min(h.amount, used);
    const [updated] = await tx.update(aiHolds).set({ status: "settling", captured }).where(eq(aiHolds.id, h.id)).returning();
    return updated!;
  });
  if (!hold) return null;
  const captured = hold.captured ?? 0;
  await settleHold(scope, { holdId: hold.ledgerHoldId, used: captured, key: `ai-settle:${hold.id}` });
  if (captured > 0) await recordUsage(scope, { metric: "ai_credits", quantity: captured, key: `ai-settle:${hold.id}` });
  await db
    .update(aiHolds)
    .set({ status: "settled", settledAt: new Date() })
    .where(and(eq(aiHolds.id, hold.id), eq(aiHolds.creatorId, scope.creatorId)));
  return { captured, released: hold.amount - captured };
}

/** Settle every hold of a generation still open (a finished, failed or canceled run). */
export async function settleGenerationHolds(scope: TenantScope, generationId: string): Promise<number> {
  const db = await getDb();
  const open = await db
    .select({ id: aiHolds.id, purpose: aiHolds.purpose })
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, generationId), sql`${aiHolds.status} <> 'settled'`));
  let n = 0;
  for (const h of open) if (await settleAiHold(scope, h.id)) n++;
  return n;
}

/** What a generation's calls cost and how many there were (for the wizard and the tests). */
export async function generationSpend(scope: TenantScope, generationId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      calls: sql<number>`count(*)::int`,
      credits: sql<number>`coalesce(sum(${aiCalls.credits}) filter (where ${aiCalls.charged}), 0)::int`,
      inputTokens: sql<number>`coalesce(sum(${aiCalls.inputTokens}), 0)::int`,
      outputTokens: sql<number>`coalesce(sum(${aiCalls.outputTokens}), 0)::int`,
    })
    .from(aiCalls)
    .where(and(eq(aiCalls.creatorId, scope.creatorId), eq(aiCalls.generationId, generationId)));
  return row!;
}

/** A generation's holds, oldest first (the wizard shows what was held, captured and released). */
export async function listGenerationHolds(scope: TenantScope, generationId: string) {
  const db = await getDb();
  return db
    .select({ purpose: aiHolds.purpose, amount: aiHolds.amount, captured: aiHolds.captured, status: aiHolds.status })
    .from(aiHolds)
    .where(and(eq(aiHolds.creatorId, scope.creatorId), eq(aiHolds.generationId, generationId)))
    .orderBy(aiHolds.createdAt);
}

/**
 * Model calls made outside a generation (an avatar video's narration draft): recorded once per key, as
 * delivered and charged — the caller took their credits in the same settle.
 */
export async function recordStandaloneAiCalls(scope: TenantScope, r: { key: string; calls: AiCallRecord[] }): Promise<void> {
  if (!r.calls.length) return;
  const db = await getDb();
  await db
    .insert(aiCalls)
    .values(
      r.calls.map((call, n) => ({
        creatorId: scope.creatorId,
        idempotencyKey: `${r.key}:${n}`,
        task: call.task,
        template: call.template,
        provider: call.provider,
        model: call.model,
        inputTokens: call.inputTokens ?? 0,
        outputTokens: call.outputTokens ?? 0,
        latencyMs: call.latencyMs,
        credits: call.credits,
        outcome: call.outcome,
        charged: true,
        delivered: true,
      })),
    )
    .onConflictDoNothing();
}
