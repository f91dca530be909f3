import { z } from "zod";
import { MAX_LESSONS_PER_MODULE, MAX_MODULES } from "./brief";

/**
 * The outline a run works from: written by the model, then edited by the creator (rename, reorder, add,
 * remove) before approval. Every module and lesson has a stable key, so edits, progress and regeneration
 * refer to the same item however the list is reordered.
 */
const key = z.string().regex(/^[a-z0-9]{6,16}$/);
export const outlineLessonSchema = z.object({ key, title: z.string().trim().min(1).max(200), summary: z.string().max(1000).default("") });
export const outlineModuleSchema = z.object({
  key,
  title: z.string().trim().min(1).max(200),
  summary: z.string().max(1000).default(""),
  lessons: z
    .array(outlineLessonSchema)
    .min(1, "Every module needs at least one lesson.")
    .max(MAX_LESSONS_PER_MODULE, `A module can have at most ${MAX_LESSONS_PER_MODULE} lessons.`),
});
export const outlineSchema = z.object({
  title: z.string().trim().min(1).max(200),
  subtitle: z.string().max(300).default(""),
  description: z.string().max(3000).default(""),
  modules: z.array(outlineModuleSchema).min(1, "The outline needs at least one module.").max(MAX_MODULES, `A course can have at most ${MAX_MODULES} modules.`),
});
export type Outline = z.infer<typeof outlineSchema>;
export type OutlineModule = z.infer<typeof outlineModuleSchema>;
export type OutlineLesson = z.infer<typeof outlineLessonSchema>;

/** A fresh item key (lowercase letters and digits). */
export function newKey(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** The model's outline (no keys) → an outline with keys. */
export function keyOutline(o: {
  title: string;
  subtitle?: string;
  description?: string;
  modules: { title: string; summary?: string; lessons: { title: string; summary?: string }[] }[];
}): Outline {
  return {
    title: o.title,
    subtitle: o.subtitle ?? "",
    description: o.description ?? "",
    modules: o.modules.map((m) => ({
      key: newKey(),
      title: m.title,
      summary: m.summary ?? "",
      lessons: m.lessons.map((l) => ({ key: newKey(), title: l.title, summary: l.summary ?? "" })),
    })),
  };
}

export const lessonCount = (o: Outline) => o.modules.reduce((n, m) => n + m.lessons.length, 0);
