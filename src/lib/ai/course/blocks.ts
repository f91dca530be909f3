import type { Quiz } from "@/lib/courses/quiz";
import type { TiptapDoc } from "@/lib/rich-text/render";
import type { LessonBlock } from "../prompts/lesson";
import type { z } from "zod";
import type { quizQuestionIdea } from "../prompts/lesson";

type Inline = { type: "text"; text: string; marks?: { type: "bold" | "italic" }[] };

/** `**bold**` and `*italic*` in a model's text → TipTap text nodes with marks (nothing else is markup). */
export function inline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ type: "text", text: text.slice(last, m.index) });
    out.push({ type: "text", text: (m[1] ?? m[2])!, marks: [{ type: m[1] ? "bold" : "italic" }] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out.filter((n) => n.text.length > 0);
}

const para = (text: string) => ({ type: "paragraph", content: inline(text.trim()) });
const list = (type: "bulletList" | "orderedList", items: string[]) => ({ type, content: items.map((i) => ({ type: "listItem", content: [para(i)] })) });

/** A generated lesson's blocks → the lesson document (the builder's editor opens it as any other lesson). */
export function blocksToDoc(blocks: LessonBlock[]): TiptapDoc {
  const content = blocks.flatMap((b): Record<string, unknown>[] => {
    const text = (b.text ?? "").trim();
    switch (b.type) {
      case "heading":
        return [{ type: "heading", attrs: { level: 2 }, content: inline(text) }];
      case "subheading":
        return [{ type: "heading", attrs: { level: 3 }, content: inline(text) }];
      case "paragraph":
        return text
          .split(/\n{2,}/)
          .filter((p) => p.trim())
          .map(para);
      case "bullets":
        return [list("bulletList", b.items ?? [])];
      case "numbered":
        return [list("orderedList", b.items ?? [])];
      case "callout":
        return [{ type: "callout", attrs: { tone: b.tone ?? "info" }, content: [para(text)] }];
      case "quote":
        return [{ type: "blockquote", content: [para(text)] }];
    }
  });
  return { type: "doc", content } as TiptapDoc;
}

/** The model's quiz questions → the product's quiz (stable ids; options keep their order). */
export function questionsToQuiz(questions: z.infer<typeof quizQuestionIdea>[], idPrefix: string): Quiz {
  return {
    kind: "quiz",
    passMark: 70,
    maxAttempts: null,
    questions: questions.map((q, i) => {
      const id = `${idPrefix}q${i + 1}`;
      if (q.type === "true_false") return { id, type: "true_false" as const, prompt: q.prompt, answer: q.answer ?? true };
      const options = (q.options ?? []).map((text, j) => ({ id: `${id}o${j + 1}`, text }));
      const correct = (q.correct ?? []).filter((j) => j < options.length).map((j) => options[j]!.id);
      return q.type === "single"
        ? { id, type: "single" as const, prompt: q.prompt, options, correct: correct.slice(0, 1) }
        : { id, type: "multiple" as const, prompt: q.prompt, options, correct };
    }),
  };
}
