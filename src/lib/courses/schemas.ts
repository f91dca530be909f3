import { z } from "zod";

/** Input shapes shared by the course actions and the builder forms. */
export const uuid = z.string().uuid("Unknown id");
export const courseSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Add a URL slug")
  .max(80, "Keep the slug under 80 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes (not at the start or end)");
/** Where a moved module or lesson lands (clamped to the list by the query). */
export const positionIndex = z.number().int().min(0).max(10_000);
export const title = z.string().trim().min(1, "Add a title").max(200, "Keep the title under 200 characters");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const courseFieldsSchema = z.object({
  title: title.optional(),
  slug: courseSlug.optional(),
  subtitle: optionalText(300),
  description: optionalText(10_000),
  coverUrl: z
    .string()
    .trim()
    .max(2_000)
    .refine((s) => s === "" || /^https:\/\//.test(s) || /^\/api\/media\/[0-9a-f-]{36}$/.test(s), "Use an https:// image address or upload one")
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional(),
  category: optionalText(80),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language code such as en or pt-BR")
    .optional(),
  seoTitle: optionalText(70),
  seoDescription: optionalText(160),
});

export const LESSON_TYPES = ["text", "video", "quiz", "download"] as const;

export const lessonSettingsSchema = z
  .object({
    title: title.optional(),
    status: z.enum(["draft", "published"]).optional(),
    isFreePreview: z.boolean().optional(),
    dripDays: z.number().int().min(0, "Drip days cannot be negative").max(3650).nullable().optional(),
    dripDate: z.coerce.date().nullable().optional(),
    prerequisiteLessonId: uuid.nullable().optional(),
    prerequisiteRule: z.enum(["complete", "pass"]).nullable().optional(),
    /** A text lesson becomes a video lesson (its text stays, as the notes under the video), or back. */
    type: z.enum(["text", "video"]).optional(),
    /** The video a video lesson plays (one of the school's videos), or null to take it out. */
    mediaAssetId: uuid.nullable().optional(),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600)
      .nullable()
      .optional(),
  })
  .refine((s) => !(s.dripDays != null && s.dripDate != null), { message: "Choose days after enrollment or a fixed date, not both", path: ["dripDate"] });

export const slugify = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "") || "course";
