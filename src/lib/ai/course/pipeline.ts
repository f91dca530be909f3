import "server-only";
import crypto from "node:crypto";
import {
  completeGeneration,
  findGeneration,
  replaceOutlinePart,
  saveWrittenOutline,
  setOutlineDraft,
  type Generation,
  type GenerationItem,
  briefOf,
} from "@/db/queries/ai-generations";
import { failItem, findGenerationItem, listGenerationItems, saveItemCourseFields, saveItemLesson, startItem } from "@/db/queries/ai-generation-items";
import { recordAiCall } from "@/db/queries/ai-usage";
import { createMediaAsset } from "@/db/queries/media";
import { getCreatorOrThrow } from "@/db/queries/tenants";
import type { TenantScope } from "@/db/scope";
import { EMPTY_SALES_PAGE } from "@/lib/courses/sales-page";
import { renderRichText } from "@/lib/rich-text/render";
import { getStorage, storageKey } from "@/lib/storage";
import { AiError } from "../errors";
import { generate, type AiCall } from "../generate";
import { makeCover, type ImageCall } from "../images";
import { courseCopyTemplate, lessonTemplate, outlinePartTemplate, outlineTemplate, quizTemplate, templateRef } from "../prompts";
import { blocksToDoc, questionsToQuiz } from "./blocks";
import { keyOutline, newKey, type Outline } from "./outline";

/**
 * The steps of a generation, each one unit of work a durable step runs (src/inngest/functions/generate-*.ts):
 * they meter every call against the hold they run in, write their result in one transaction, and can run
 * again after a crash without writing twice (keys of calls are deterministic, results replace in place).
 */

/** Records each call of a step against its hold, under keys that are the same when the step runs again. */
function meter(scope: TenantScope, at: { generationId: string; aiHoldId: string; step: string }) {
  let n = 0;
  return async (call: AiCall | ImageCall) => {
    await recordAiCall(scope, { aiHoldId: at.aiHoldId, generationId: at.generationId, key: `${at.aiHoldId}:${at.step}:${n++}`, call });
  };
}

/**
 * An AbortSignal that fires when the generation is canceled (looked up every second while a step waits on
 * a model), so a canceled run stops its request at once instead of finishing it. `stop()` ends the watch.
 */
export function cancelWatch(scope: TenantScope, generationId: string, everyMs = 1000) {
  const controller = new AbortController();
  const timer = setInterval(() => {
    findGeneration(scope, generationId)
      .then((g) => {
        if (!g || g.status === "canceled") controller.abort();
      })
      .catch(() => undefined);
  }, everyMs);
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

/** Streams the outline into the generation row: the first piece at once, then at most every 100 ms, and the last. */
function draftWriter(scope: TenantScope, generationId: string, everyMs = 100) {
  let last = 0;
  let pending: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let chain = Promise.resolve();
  const flush = () => {
    timer = null;
    if (pending === null) return;
    const text = pending;
    pending = null;
    last = Date.now();
    chain = chain.then(() => setOutlineDraft(scope, generationId, text)).catch(() => undefined);
  };
  return {
    push(text: string) {
      pending = text;
      if (timer) return;
      const wait = Math.max(0, everyMs - (Date.now() - last));
      if (wait === 0) flush();
      else timer = setTimeout(flush, wait);
    },
    async done() {
      if (timer) clearTimeout(timer);
      flush();
      await chain;
    },
  };
}

/** Step: write the outline (streamed to the wizard), save it for review. Throws AiError when it cannot. */
export async function writeOutline(scope: TenantScope, g: Generation, run: { aiHoldId: string; draftEveryMs?: number }): Promise<Outline | null> {
  const { aiHoldId } = run;
  const draft = draftWriter(scope, g.id, run.draftEveryMs);
  const watch = cancelWatch(scope, g.id);
  try {
    const { value } = await generate({
      template: outlineTemplate,
      vars: briefOf(g),
      signal: watch.signal,
      onPartial: (json) => draft.push(json),
      onCall: meter(scope, { generationId: g.id, aiHoldId, step: "outline" }),
    });
    await draft.done();
    const outline = keyOutline(value);
    return (await saveWrittenOutline(scope, { id: g.id, outline, aiHoldId })) ? outline : null;
  } finally {
    watch.stop();
    await draft.done();
  }
}

/** Step: one module or lesson of the outline again, with the creator's note; it replaces the one with its key. */
export async function writeOutlinePart(
  scope: TenantScope,
  g: Generation,
  r: { aiHoldId: string; requestId: string; moduleKey: string; lessonKey: string | null; note: string },
): Promise<"replaced" | "gone" | "failed"> {
  const outline = g.outline;
  const moduleIndex = outline?.modules.findIndex((m) => m.key === r.moduleKey) ?? -1;
  const lessonIndex = r.lessonKey && moduleIndex >= 0 ? outline!.modules[moduleIndex]!.lessons.findIndex((l) => l.key === r.lessonKey) : undefined;
  if (!outline || moduleIndex < 0 || lessonIndex === -1) {
    await replaceOutlinePart(scope, { id: g.id, moduleKey: r.moduleKey, lessonKey: r.lessonKey, replace: null });
    return "gone";
  }
  try {
    const { value } = await generate({
      template: outlinePartTemplate,
      vars: { brief: briefOf(g), outline, part: r.lessonKey ? "lesson" : "module", moduleIndex, lessonIndex, note: r.note },
      onCall: meter(scope, { generationId: g.id, aiHoldId: r.aiHoldId, step: `part:${r.requestId}` }),
    });
    const replaced = await replaceOutlinePart(scope, {
      id: g.id,
      moduleKey: r.moduleKey,
      lessonKey: r.lessonKey,
      delivery: { aiHoldId: r.aiHoldId, step: `part:${r.requestId}` },
      replace: (current) => {
        const modules = current.modules.map((m) => {
          if (m.key !== r.moduleKey) return m;
          if (!r.lessonKey)
            return {
              key: m.key,
              title: value.title,
              summary: value.summary,
              lessons: (value.lessons ?? []).map((l) => ({ key: newKey(), title: l.title, summary: l.summary })),
            };
          return { ...m, lessons: m.lessons.map((l) => (l.key === r.lessonKey ? { key: l.key, title: value.title, summary: value.summary } : l)) };
        });
        return modules.some((m) => m.key === r.moduleKey) ? { ...current, modules } : null;
      },
    });
    return replaced ? "replaced" : "gone";
  } catch (err) {
    await replaceOutlinePart(scope, { id: g.id, moduleKey: r.moduleKey, lessonKey: r.lessonKey, replace: null });
    if (err instanceof AiError) return "failed";
    throw err;
  }
}

/** Where an item sits in the outline (its module and, for a lesson, its index). */
function locate(outline: Outline, item: GenerationItem) {
  if (item.kind === "quiz") return { moduleIndex: outline.modules.findIndex((m) => m.key === item.key), lessonIndex: 0 };
  for (const [mi, m] of outline.modules.entries()) {
    const li = m.lessons.findIndex((l) => l.key === item.key);
    if (li >= 0) return { moduleIndex: mi, lessonIndex: li };
  }
  return { moduleIndex: -1, lessonIndex: -1 };
}

/**
 * Step: write one piece (the sales copy, a lesson, a module's quiz, the cover) into the draft course. A
 * model that fails (refused, malformed twice, timed out after the SDK's retries) marks the piece failed
 * with the reason — the creator can write it again alone; anything else throws for the step to retry.
 */
export async function writeItem(
  scope: TenantScope,
  g: Generation,
  r: { itemId: string; aiHoldId: string; run: number; note?: string },
): Promise<GenerationItem["status"]> {
  const item = await findGenerationItem(scope, r.itemId);
  if (!item || item.generationId !== g.id || !g.outline) return "canceled";
  if (!(await startItem(scope, item.id, r.run))) return "canceled";
  const step = `${item.kind}:${item.key}:${r.run}`;
  const delivery = { aiHoldId: r.aiHoldId, step };
  const onCall = meter(scope, { generationId: g.id, aiHoldId: r.aiHoldId, step });
  const brief = briefOf(g);
  const watch = cancelWatch(scope, g.id);
  const signal = watch.signal;
  try {
    if (item.kind === "copy") {
      const { value } = await generate({ template: courseCopyTemplate, vars: { brief, outline: g.outline }, onCall, signal });
      const aboutDoc = blocksToDoc([{ type: "paragraph", text: value.description }]);
      await saveItemCourseFields(scope, {
        itemId: item.id,
        template: templateRef(courseCopyTemplate),
        delivery,
        // The title and subtitle the creator approved stay; the copy fills only what the outline left empty.
        fields: {
          ...(g.outline.subtitle.trim() ? {} : { subtitle: value.subtitle }),
          description: value.description,
          salesPage: {
            ...EMPTY_SALES_PAGE,
            about: { doc: aboutDoc, html: renderRichText(aboutDoc).html },
            outcomes: value.outcomes.map((o) => o.slice(0, 200)).slice(0, 12),
          },
        },
      });
    } else if (item.kind === "lesson") {
      const at = locate(g.outline, item);
      if (at.moduleIndex < 0) throw new AiError("invalid_output", "This lesson is no longer in the outline.", { retryable: false });
      const { value } = await generate({ template: lessonTemplate, vars: { brief, outline: g.outline, ...at, note: r.note }, onCall, signal });
      const doc = blocksToDoc(value.blocks);
      const { html, readingSeconds } = renderRichText(doc);
      await saveItemLesson(scope, {
        itemId: item.id,
        template: templateRef(lessonTemplate),
        content: doc,
        contentHtml: html,
        durationSeconds: readingSeconds,
        delivery,
      });
    } else if (item.kind === "quiz") {
      const at = locate(g.outline, item);
      if (at.moduleIndex < 0) throw new AiError("invalid_output", "This module is no longer in the outline.", { retryable: false });
      const count = Math.min(8, Math.max(3, g.outline.modules[at.moduleIndex]!.lessons.length + 1));
      const { value } = await generate({
        template: quizTemplate,
        vars: { brief, outline: g.outline, moduleIndex: at.moduleIndex, count, note: r.note },
        onCall,
        signal,
      });
      await saveItemLesson(scope, {
        itemId: item.id,
        template: templateRef(quizTemplate),
        delivery,
        content: questionsToQuiz(value.questions, `${item.key.slice(0, 6)}`),
        contentHtml: null,
        durationSeconds: null,
      });
    } else {
      const school = await getCreatorOrThrow(scope);
      const cover = await makeCover({
        brief,
        title: g.outline.title,
        schoolName: school.name,
        colors: { primary: school.branding.primaryColor, accent: school.branding.accentColor },
        onCall,
        signal,
      });
      const id = crypto.randomUUID();
      const key = storageKey({ creatorId: scope.creatorId, kind: "image", id, filename: "cover.png" });
      await getStorage().put(key, cover.png, "image/png");
      await createMediaAsset(scope, g.createdByUserId, {
        id,
        kind: "image",
        filename: "cover.png",
        contentType: "image/png",
        sizeBytes: cover.png.byteLength,
        storageKey: key,
      });
      await saveItemCourseFields(scope, {
        itemId: item.id,
        template: cover.model === "cover-svg" ? "cover-svg@1" : `image:${cover.model}`,
        delivery,
        fields: { coverUrl: `/api/media/${id}` },
      });
    }
    return "done";
  } catch (err) {
    if (err instanceof AiError) {
      await failItem(scope, item.id, err.message);
      return err.aiCode === "canceled" ? "canceled" : "failed";
    }
    throw err;
  } finally {
    watch.stop();
  }
}

/** Step: the run is complete once no piece is pending or running. */
export async function finishIfDone(scope: TenantScope, generationId: string): Promise<boolean> {
  const items = await listGenerationItems(scope, generationId);
  if (items.some((i) => i.status === "pending" || i.status === "running")) return false;
  return completeGeneration(scope, generationId);
}
