import { z } from "zod";
import type { Brief } from "../course/brief";
import type { Outline } from "../course/outline";
import { dataBlock, noteBlock } from "./source";
import { briefBlock, courseVoice, define, sourceBlock } from "./template";

/** A lesson's body as blocks the product turns into its rich-text document (src/lib/ai/course/blocks.ts). */
export const BLOCK_TYPES = ["heading", "subheading", "paragraph", "bullets", "numbered", "callout", "quote"] as const;
export const lessonBlockSchema = z
  .object({
    type: z.enum(BLOCK_TYPES),
    text: z.string().max(4000).optional(),
    items: z.array(z.string().min(1).max(1000)).max(30).optional(),
    tone: z.enum(["info", "tip", "warning"]).optional(),
  })
  .refine((b) => (b.type === "bullets" || b.type === "numbered" ? Boolean(b.items?.length) : Boolean(b.text?.trim())), {
    message: "lists need items; every other block needs text",
  });
export type LessonBlock = z.infer<typeof lessonBlockSchema>;

type LessonVars = { brief: Brief; outline: Outline; moduleIndex: number; lessonIndex: number; note?: string };

const position = (v: LessonVars) => {
  const m = v.outline.modules[v.moduleIndex]!;
  const l = m.lessons[v.lessonIndex]!;
  const others = m.lessons.map((x, i) => `${i === v.lessonIndex ? "→" : " "} ${x.title}`).join("\n");
  return {
    m,
    l,
    context: `${briefBlock(v.brief)}\n\n${dataBlock("course_outline", `Course: ${v.outline.title}\nModule ${v.moduleIndex + 1}: ${m.title} — its lessons (→ marks this one):\n${others}\nThis lesson: ${l.title}\nWhat it teaches: ${l.summary || "as its title says"}`)}`,
  };
};

/** One lesson's body. */
export const lessonTemplate = define({
  id: "lesson-body",
  version: 1,
  task: "lesson",
  tool: { name: "lesson_body", description: "The lesson's content as ordered blocks." },
  output: z.object({ blocks: z.array(lessonBlockSchema).min(3).max(60) }),
  maxTokens: () => 3000,
  render: (v: LessonVars) => {
    const { context } = position(v);
    return {
      system: courseVoice(v.brief),
      user: [
        context,
        `Write the lesson marked → in the outline: about 500–900 words. Start with a short introduction, use subheadings, lists where they help, at least one worked example, and one callout (a tip or a warning). End with a short recap. Use **bold** for key terms. Do not repeat the lesson title as the first heading.`,
        sourceBlock(v.brief.sourceText, 20_000) ? `Draw on this material where it is relevant:\n${sourceBlock(v.brief.sourceText, 20_000)}` : "",
        noteBlock(v.note) ? `The creator asked for this:\n${noteBlock(v.note)}` : "",
        "Answer by calling the lesson_body tool.",
      ]
        .filter(Boolean)
        .join("\n\n"),
    };
  },
});

export const quizQuestionIdea = z
  .object({
    type: z.enum(["single", "multiple", "true_false"]),
    prompt: z.string().min(5).max(600),
    options: z.array(z.string().min(1).max(300)).max(6).optional(),
    /** Indexes (from 0) of the right options. */
    correct: z.array(z.number().int().min(0).max(5)).max(6).optional(),
    answer: z.boolean().optional(),
  })
  .refine(
    (q) =>
      q.type === "true_false"
        ? typeof q.answer === "boolean"
        : (q.options?.length ?? 0) >= 2 &&
          (q.correct?.length ?? 0) >= 1 &&
          (q.type !== "single" || q.correct!.length === 1) &&
          q.correct!.every((i) => i < q.options!.length),
    { message: "choice questions need 2–6 options and the index of each right one (exactly one for single); true_false needs answer" },
  );

/** A module's end-of-module quiz. */
export const quizTemplate = define({
  id: "quiz-questions",
  version: 1,
  task: "quiz",
  tool: { name: "quiz_questions", description: "Quiz questions with their right answers." },
  output: z.object({ questions: z.array(quizQuestionIdea).min(3).max(10) }),
  maxTokens: () => 1800,
  render: (v: { brief: Brief; outline: Outline; moduleIndex: number; count: number; note?: string }) => {
    const m = v.outline.modules[v.moduleIndex]!;
    return {
      system: courseVoice(v.brief),
      user: [
        briefBlock(v.brief),
        dataBlock(
          "course_outline",
          `Course: ${v.outline.title}\nModule: ${m.title}\nIts lessons:\n${m.lessons.map((l) => `- ${l.title}: ${l.summary}`).join("\n")}`,
        ),
        `Write ${v.count} quiz questions checking the module in the outline above.`,
        "Mix single-choice (one right option), multiple-choice (two or more right options) and true/false questions. Make wrong options plausible. Test understanding, not trivia.",
        noteBlock(v.note) ? `The creator asked for this:\n${noteBlock(v.note)}` : "",
        "Answer by calling the quiz_questions tool.",
      ]
        .filter(Boolean)
        .join("\n\n"),
    };
  },
});

/** A lesson's two-sentence summary (for the sales page's curriculum and the student's outline). */
export const summaryTemplate = define({
  id: "lesson-summary",
  version: 1,
  task: "summary",
  tool: { name: "lesson_summary", description: "A short summary of the lesson." },
  output: z.object({ summary: z.string().min(10).max(600) }),
  maxTokens: () => 300,
  render: (v: { brief: Brief; title: string; text: string }) => ({
    system: courseVoice(v.brief),
    user: `${dataBlock("course_outline", `Lesson: ${v.title}`)}\n\nSummarise this lesson in at most two sentences for a course outline.\n\n${sourceBlock(v.text, 12_000)}\n\nAnswer by calling the lesson_summary tool.`,
  }),
});

/** A narration script for a presenter video of the lesson (the avatar work reads it aloud). */
export const narrationTemplate = define({
  id: "narration-script",
  version: 1,
  task: "narration",
  tool: { name: "narration_script", description: "What the presenter says, in paragraphs." },
  output: z.object({ script: z.string().min(50).max(12_000), estimatedSeconds: z.number().int().min(10).max(3600) }),
  maxTokens: () => 2500,
  render: (v: { brief: Brief; title: string; text: string; maxSeconds: number }) => ({
    system: courseVoice(v.brief),
    user: `${dataBlock("course_outline", `Lesson: ${v.title}`)}\n\nWrite what a presenter says on camera to teach this lesson, from the lesson text below, in at most ${v.maxSeconds} seconds of speech (about 150 words a minute). Spoken language: short sentences, no lists or headings, no stage directions.\n\n${sourceBlock(v.text, 16_000)}\n\nAnswer by calling the narration_script tool.`,
  }),
});
