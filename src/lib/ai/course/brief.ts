import { z } from "zod";
import { languageSchema, levelSchema, styleSchema, toneSchema } from "../prompts/presets";

/** Most modules and lessons a generated course can have (the wizard's size picker stops there). */
export const MAX_MODULES = 12;
export const MAX_LESSONS_PER_MODULE = 10;
/** Source material kept for the prompts (characters); a longer paste or file is cut with a note. */
export const MAX_SOURCE_CHARS = 60_000;

/** What a creator asks for: the wizard's first step, checked on the server. */
export const briefSchema = z.object({
  topic: z.string().trim().min(3, "Say what the course is about (at least 3 characters).").max(300),
  audience: z.string().trim().min(2, "Say who the course is for.").max(300),
  level: levelSchema,
  outcomes: z.array(z.string().trim().min(1).max(300)).max(10, "At most 10 outcomes."),
  modules: z.coerce.number().int().min(1).max(MAX_MODULES),
  lessonsPerModule: z.coerce.number().int().min(1).max(MAX_LESSONS_PER_MODULE),
  tone: toneSchema,
  style: styleSchema,
  language: languageSchema,
  /** A quiz at the end of each module. */
  quizzes: z.boolean(),
  /** Pasted or extracted source material (optional): what the prompts can use is kept, the rest cut. */
  sourceText: z
    .string()
    .max(MAX_SOURCE_CHARS * 4, "The source material is too long: paste at most about 60,000 characters.")
    .transform((s) => s.slice(0, MAX_SOURCE_CHARS))
    .optional(),
  sourceName: z.string().max(200).optional(),
});
export type Brief = z.infer<typeof briefSchema>;
