import "server-only";
import { recordStandaloneAiCalls } from "@/db/queries/ai-usage";
import { holdCredits, settleHold } from "@/db/queries/credits";
import type { TenantScope } from "@/db/scope";
import { currentAiSetup } from "@/lib/ai/config";
import type { Brief } from "@/lib/ai/course/brief";
import { LANGUAGES } from "@/lib/ai/prompts/presets";
import { generate, worstCaseCredits, type AiCall } from "@/lib/ai/generate";
import { narrationTemplate } from "@/lib/ai/prompts";
import { splitScript } from "./scenes";

/** A lesson's text as plain paragraphs (what the narration is drafted from). */
export function lessonPlainText(html: string | null): string {
  if (!html) return "";
  return html
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/blockquote|\/pre)\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
}

/**
 * The narration script drafted by the AI layer from the lesson (narration-script template): the most it
 * can cost is held first, the calls are metered, and what they cost is taken. Split into scenes by paragraph.
 */
export async function draftNarration(
  scope: TenantScope,
  o: { requestId: string; course: { title: string; language: string }; lesson: { title: string; text: string }; maxSeconds: number },
): Promise<{ script: string; scenes: string[]; credits: number; sample: boolean }> {
  const setup = currentAiSetup();
  const lang = o.course.language.slice(0, 2).toLowerCase();
  const brief: Brief = {
    topic: o.course.title,
    audience: "the course's students",
    level: "beginner",
    outcomes: [],
    modules: 1,
    lessonsPerModule: 1,
    tone: "friendly",
    style: "story",
    language: lang in LANGUAGES ? (lang as Brief["language"]) : "en",
    quizzes: false,
  };
  const vars = { brief, title: o.lesson.title, text: o.lesson.text, maxSeconds: o.maxSeconds };
  const hold = await holdCredits(scope, {
    amount: Math.max(1, worstCaseCredits(narrationTemplate, vars, setup)),
    key: `narration-hold:${o.requestId}`,
    reason: `Narration script: ${o.lesson.title}`.slice(0, 200),
  });
  const calls: AiCall[] = [];
  let used = 0;
  try {
    const { value } = await generate({ template: narrationTemplate, vars, setup, onCall: (c) => void calls.push(c) });
    used = Math.min(
      hold.amount,
      calls.reduce((n, c) => n + c.credits, 0),
    );
    return { script: value.script, scenes: splitScript(value.script), credits: used, sample: setup.sample };
  } finally {
    await recordStandaloneAiCalls(scope, { key: `narration:${o.requestId}`, calls });
    await settleHold(scope, { holdId: hold.id, used, key: `narration-settle:${o.requestId}` });
  }
}
