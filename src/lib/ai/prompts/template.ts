import { z } from "zod";
import type { AiTask } from "../config";
import type { Brief } from "../course/brief";
import { DATA_RULES, dataBlock, sourceBlock } from "./source";
import { LANGUAGES, LEVELS, STYLES, TONES } from "./presets";

/**
 * A versioned prompt template: typed variables in, a validated answer out. `id@version` is recorded on
 * everything a template produced; a change to a template's words or schema is a new version.
 */
export type PromptTemplate<V, O> = {
  id: string;
  version: number;
  task: AiTask;
  /** The tool the model fills (its input schema is `output`'s JSON Schema). */
  tool: { name: string; description: string };
  output: z.ZodType<O>;
  /** Problems a valid shape can still have (too few modules…): returned to the model once to mend. */
  check?: (answer: O, vars: V) => string | null;
  maxTokens: (vars: V) => number;
  render: (vars: V) => { system: string; user: string };
};

export const define = <V, O>(t: PromptTemplate<V, O>) => t;

/** JSON Schema of a template's answer, as the providers take it. */
export function toolSchema(t: PromptTemplate<unknown, unknown>): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(t.output, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return schema;
}

/**
 * How the course should sound: the same words for every template of a run. Only the product's own words
 * (from the presets) are in the system prompt; what the creator typed is in the user message's data blocks.
 */
export function courseVoice(b: Pick<Brief, "level" | "tone" | "style" | "language">): string {
  return [
    "You are an expert instructional designer and writer creating an online course, described in the <course_brief> block.",
    `The learners are ${LEVELS[b.level].prompt}.`,
    `Tone: ${TONES[b.tone].prompt}. Style: ${STYLES[b.style].prompt}.`,
    `Write everything in ${LANGUAGES[b.language]} (language code ${b.language}).`,
    DATA_RULES,
  ].join("\n");
}

/** The creator's topic and audience, as data. */
export function briefBlock(b: Pick<Brief, "topic" | "audience">): string {
  return dataBlock("course_brief", `Topic: ${b.topic}\nAudience: ${b.audience}`);
}

export { sourceBlock };
