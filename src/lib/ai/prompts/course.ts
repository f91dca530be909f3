import { z } from "zod";
import { MAX_LESSONS_PER_MODULE, MAX_MODULES, type Brief } from "../course/brief";
import type { Outline } from "../course/outline";
import { dataBlock, noteBlock } from "./source";
import { briefBlock, courseVoice, define, sourceBlock } from "./template";

const lessonIdea = z.object({ title: z.string().min(1).max(200), summary: z.string().max(1000) });
const moduleIdea = z.object({
  title: z.string().min(1).max(200),
  summary: z.string().max(1000),
  lessons: z.array(lessonIdea).min(1).max(MAX_LESSONS_PER_MODULE),
});

/** The outline (titles written by a model from the creator's material, then edited by the creator) as data. */
export const outlineBlock = (o: Outline) =>
  dataBlock(
    "course_outline",
    `Course: ${o.title}\n${o.modules.map((m, i) => `Module ${i + 1}: ${m.title}\n${m.lessons.map((l, j) => `  Lesson ${i + 1}.${j + 1}: ${l.title}`).join("\n")}`).join("\n")}`,
  );

/** The course outline from the brief. */
export const outlineTemplate = define({
  id: "course-outline",
  version: 1,
  task: "outline",
  tool: { name: "course_outline", description: "The course's title, subtitle, description and its modules with their lessons." },
  output: z.object({
    title: z.string().min(1).max(200),
    subtitle: z.string().max(300),
    description: z.string().max(3000),
    modules: z.array(moduleIdea).min(1).max(MAX_MODULES),
  }),
  check: (a, b: Brief) => {
    if (a.modules.length !== b.modules) return `The outline must have exactly ${b.modules} modules; it has ${a.modules.length}.`;
    const off = a.modules.findIndex((m) => m.lessons.length !== b.lessonsPerModule);
    return off >= 0 ? `Every module must have exactly ${b.lessonsPerModule} lessons; module ${off + 1} has ${a.modules[off]!.lessons.length}.` : null;
  },
  maxTokens: (b: Brief) => Math.min(8000, 600 + b.modules * b.lessonsPerModule * 90 + b.modules * 80),
  render: (b: Brief) => ({
    system: courseVoice(b),
    user: [
      briefBlock(b),
      `Design the outline of this course: exactly ${b.modules} modules of exactly ${b.lessonsPerModule} lessons each, in a sensible learning order.`,
      b.outcomes.length ? `By the end, learners should be able to:\n${b.outcomes.map((o) => `- ${o.replace(/[\r\n]+/g, " ")}`).join("\n")}` : "",
      "Give the course a compelling title, a one-sentence subtitle and a 2–3 sentence description. Each module and lesson gets a clear title and a one- or two-sentence summary of what it teaches.",
      sourceBlock(b.sourceText) ? `Base the course on this material where it is relevant:\n${sourceBlock(b.sourceText)}` : "",
      "Answer by calling the course_outline tool.",
    ]
      .filter(Boolean)
      .join("\n\n"),
  }),
});

/** One module (or one lesson) of an outline, written again with the creator's note. */
export const outlinePartTemplate = define({
  id: "outline-part",
  version: 1,
  task: "outline_part",
  tool: { name: "outline_part", description: "The rewritten module (with its lessons) or lesson." },
  output: z.object({ title: z.string().min(1).max(200), summary: z.string().max(1000), lessons: z.array(lessonIdea).max(MAX_LESSONS_PER_MODULE).optional() }),
  check: (a, v: { brief: Brief; outline: Outline; part: "module" | "lesson"; moduleIndex: number; lessonIndex?: number; note?: string }) =>
    v.part === "module" && !a.lessons?.length
      ? `A module needs its lessons (about ${v.outline.modules[v.moduleIndex]?.lessons.length ?? v.brief.lessonsPerModule}).`
      : null,
  maxTokens: (v) => (v.part === "module" ? 300 + v.brief.lessonsPerModule * 120 : 400),
  render: (v) => {
    const m = v.outline.modules[v.moduleIndex];
    const what =
      v.part === "module"
        ? `Rewrite module ${v.moduleIndex + 1} of the outline with about ${m?.lessons.length ?? v.brief.lessonsPerModule} lessons. Keep it consistent with the other modules.`
        : `Rewrite lesson ${v.moduleIndex + 1}.${(v.lessonIndex ?? 0) + 1} of the outline. Keep it consistent with the rest of its module.`;
    return {
      system: courseVoice(v.brief),
      user: [
        briefBlock(v.brief),
        `The course currently has this outline:\n${outlineBlock(v.outline)}`,
        what,
        noteBlock(v.note) ? `The creator asked for this change:\n${noteBlock(v.note)}` : "",
        "Answer by calling the outline_part tool.",
      ]
        .filter(Boolean)
        .join("\n\n"),
    };
  },
});

/** The sales copy: title, subtitle, description and outcomes, from the approved outline. */
export const courseCopyTemplate = define({
  id: "course-copy",
  version: 1,
  task: "course_copy",
  tool: { name: "course_copy", description: "The course's sales copy." },
  output: z.object({
    title: z.string().min(1).max(200),
    subtitle: z.string().max(300),
    description: z.string().max(3000),
    outcomes: z.array(z.string().min(1).max(300)).min(3).max(8),
  }),
  maxTokens: () => 1200,
  render: (v: { brief: Brief; outline: Outline }) => ({
    system: courseVoice(v.brief),
    user: `${briefBlock(v.brief)}\n\nWrite the sales copy of the course in the outline below: a title (keep it or sharpen it), a one-sentence subtitle, a persuasive 2–3 paragraph description, and 3–8 concrete outcomes (what learners will be able to do).\n\n${outlineBlock(v.outline)}\n\nAnswer by calling the course_copy tool.`,
  }),
});

/** An image prompt for the cover (no words in the picture: the title is drawn by the page). */
export const coverPromptTemplate = define({
  id: "cover-prompt",
  version: 1,
  task: "cover_prompt",
  tool: { name: "cover_prompt", description: "A prompt for an image model." },
  output: z.object({ prompt: z.string().min(10).max(1000) }),
  maxTokens: () => 400,
  render: (v: { brief: Brief; title: string; colors: string[] }) => ({
    system: courseVoice(v.brief),
    user: `${briefBlock(v.brief)}\n\n${dataBlock("course_outline", `Course: ${v.title}`)}\n\nWrite a prompt for an image model to make a landscape cover image for this course. Describe one clear, attractive scene or illustration about the subject, in a palette that goes with ${v.colors.join(" and ")}. No text, letters, logos or watermarks in the image. Answer by calling the cover_prompt tool.`,
  }),
});
