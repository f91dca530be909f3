import { z } from "zod";
import { tiptapDocSchema } from "@/lib/rich-text/render";

/**
 * The sections of a course's sales page a creator writes in the course's "Sales page" editor, beyond the
 * course settings (title, subtitle, cover): the long description (rich text), what students will learn,
 * the instructor, FAQ and testimonials. Stored as one JSON value on the course; every section may be
 * empty, and an empty section is not shown.
 */
const text = (max: number, label: string) => z.string().trim().max(max, `${label}: use at most ${max} characters`);
/** An image the creator uploaded (served by /api/media) or an https address. */
const imageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => u === "" || /^https:\/\/[^\s"'<>]+$/i.test(u) || /^\/api\/media\/[0-9a-f-]{36}$/i.test(u), "Use an uploaded image or an https:// address")
  .transform((u) => u || null);

export const salesPageInputSchema = z.object({
  about: tiptapDocSchema.nullable(),
  outcomes: z.array(text(200, "What you'll learn").min(1, "Remove empty points from What you'll learn")).max(12, "List at most 12 things students will learn"),
  instructor: z.object({ name: text(100, "Instructor name"), bio: text(2000, "Instructor bio"), photoUrl: imageUrl }),
  faq: z
    .array(z.object({ question: text(300, "Question").min(1, "Each FAQ needs a question"), answer: text(2000, "Answer").min(1, "Each FAQ needs an answer") }))
    .max(20, "Keep the FAQ to at most 20 questions"),
  testimonials: z
    .array(
      z.object({
        quote: text(1000, "Testimonial").min(1, "Each testimonial needs a quote"),
        name: text(100, "Name").min(1, "Each testimonial needs a name"),
        role: text(100, "Role"),
        photoUrl: imageUrl,
      }),
    )
    .max(12, "Show at most 12 testimonials"),
});
export type SalesPageInput = z.input<typeof salesPageInputSchema>;

/** As stored: the description keeps its document (for the editor) and its sanitized HTML (for the page). */
export type SalesPage = {
  about: { doc: Record<string, unknown>; html: string } | null;
  outcomes: string[];
  instructor: { name: string; bio: string; photoUrl: string | null };
  faq: { question: string; answer: string }[];
  testimonials: { quote: string; name: string; role: string; photoUrl: string | null }[];
};

export const EMPTY_SALES_PAGE: SalesPage = { about: null, outcomes: [], instructor: { name: "", bio: "", photoUrl: null }, faq: [], testimonials: [] };

/** A stored value (possibly `{}` from before the sales page existed) with every section present. */
export function salesPageOf(stored: unknown): SalesPage {
  const s = (stored ?? {}) as Partial<SalesPage>;
  return {
    about: s.about ?? null,
    outcomes: s.outcomes ?? [],
    instructor: { ...EMPTY_SALES_PAGE.instructor, ...s.instructor },
    faq: s.faq ?? [],
    testimonials: s.testimonials ?? [],
  };
}
