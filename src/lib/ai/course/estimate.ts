import "server-only";
import { currentAiSetup, type AiSetup } from "../config";
import { typicalCredits, worstCaseCredits } from "../generate";
import { imageCredits } from "../prices";
import { courseCopyTemplate, coverPromptTemplate, lessonTemplate, outlineTemplate, quizTemplate } from "../prompts";
import type { Brief } from "./brief";
import type { Outline } from "./outline";

/** Credits: what it usually costs (shown) and the most it can cost (held while it runs; the rest comes back). */
export type Estimate = { typical: number; hold: number };

const add = (a: Estimate, b: Estimate): Estimate => ({ typical: a.typical + b.typical, hold: a.hold + b.hold });
const ZERO: Estimate = { typical: 0, hold: 0 };

/** An outline of the brief's size with titles of a usual length: what the estimate prices before the outline exists. */
function nominalOutline(b: Brief): Outline {
  const title = "A course title of a usual length for this topic";
  return {
    title,
    subtitle: "A one-sentence subtitle that says what the course gives its students.",
    description: "x".repeat(300),
    modules: Array.from({ length: b.modules }, (_, i) => ({
      key: `module${i}`,
      title: "A module title of a usual length",
      summary: "x".repeat(120),
      lessons: Array.from({ length: b.lessonsPerModule }, (_, j) => ({
        key: `lesson${i}x${j}`,
        title: "A lesson title of a usual length",
        summary: "x".repeat(120),
      })),
    })),
  };
}

/** The course the outline describes: the sales copy, every lesson, a quiz per module (if asked) and the cover. */
export function estimateGeneration(brief: Brief, outline: Outline, setup: AiSetup = currentAiSetup()): Estimate {
  let e: Estimate = {
    typical: typicalCredits(courseCopyTemplate, { brief, outline }, setup),
    hold: worstCaseCredits(courseCopyTemplate, { brief, outline }, setup),
  };
  for (const [moduleIndex, m] of outline.modules.entries()) {
    for (const [lessonIndex] of m.lessons.entries()) {
      const vars = { brief, outline, moduleIndex, lessonIndex };
      e = add(e, { typical: typicalCredits(lessonTemplate, vars, setup), hold: worstCaseCredits(lessonTemplate, vars, setup) });
    }
    if (brief.quizzes) {
      const vars = { brief, outline, moduleIndex, count: 8 };
      e = add(e, { typical: typicalCredits(quizTemplate, vars, setup), hold: worstCaseCredits(quizTemplate, vars, setup) });
    }
  }
  return add(e, estimateCover(brief, outline.title, setup));
}

export function estimateCover(brief: Brief, title: string, setup: AiSetup = currentAiSetup()): Estimate {
  if (setup.image.provider === "local") return ZERO;
  const vars = { brief, title, colors: ["#000000", "#ffffff"] };
  const image = imageCredits(setup.image.model);
  return { typical: typicalCredits(coverPromptTemplate, vars, setup) + image, hold: worstCaseCredits(coverPromptTemplate, vars, setup) + image };
}

/** The whole run a brief asks for: the outline, then the course of its size. */
export function estimateBrief(brief: Brief, setup: AiSetup = currentAiSetup()): Estimate & { outline: Estimate } {
  const outline = { typical: typicalCredits(outlineTemplate, brief, setup), hold: worstCaseCredits(outlineTemplate, brief, setup) };
  return { ...add(outline, estimateGeneration(brief, nominalOutline(brief), setup)), outline };
}
