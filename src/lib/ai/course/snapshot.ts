import "server-only";
import { briefOf, findGeneration } from "@/db/queries/ai-generations";
import { listGenerationItems } from "@/db/queries/ai-generation-items";
import { generationSpend, listGenerationHolds } from "@/db/queries/ai-usage";
import type { TenantScope } from "@/db/scope";
import { estimateGeneration } from "./estimate";

/** Everything the wizard shows of a generation: from the page's first render and then from its event stream. */
export async function generationSnapshot(scope: TenantScope, id: string) {
  const g = await findGeneration(scope, id);
  if (!g) return null;
  const [items, holds, spend] = await Promise.all([listGenerationItems(scope, id), listGenerationHolds(scope, id), generationSpend(scope, id)]);
  return {
    id: g.id,
    status: g.status,
    sample: g.sample,
    brief: g.brief,
    hasSource: Boolean(g.sourceText),
    outlineDraft: g.outlineDraft,
    outline: g.outline,
    outlineVersion: g.outlineVersion,
    pendingParts: g.pendingParts,
    courseId: g.courseId,
    error: g.error,
    estimateCredits: g.estimateCredits,
    /** What approving this outline would cost (usually) and hold (at most), for the review step. */
    approveEstimate: g.status === "outline_ready" && g.outline ? safeEstimate(() => estimateGeneration(briefOf(g), g.outline!)) : null,
    items: items.map((i) => ({ id: i.id, kind: i.kind, key: i.key, title: i.title, status: i.status, error: i.error, runs: i.runs, lessonId: i.lessonId })),
    credits: {
      held: holds.filter((h) => h.status !== "settled").reduce((n, h) => n + h.amount, 0),
      captured: holds.reduce((n, h) => n + (h.captured ?? 0), 0),
      released: holds.filter((h) => h.status === "settled").reduce((n, h) => n + h.amount - (h.captured ?? 0), 0),
      used: spend.credits,
    },
  };
}
export type GenerationSnapshot = NonNullable<Awaited<ReturnType<typeof generationSnapshot>>>;

/** An estimate, or null when no provider is configured any more (the review step then says so on approving). */
function safeEstimate<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
