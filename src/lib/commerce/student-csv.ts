import Papa from "papaparse";
import { z } from "zod";

/**
 * The students CSV, both ways: `email, name, courses, tags` (courses by URL slug and tags separated by
 * `;`). Parsing is Papa Parse's (quotes, commas inside fields, a BOM, CRLF); each row is checked on its own
 * so the preview can say which rows would fail and why.
 */
export const STUDENT_CSV_MAX_ROWS = 2_000;

const rowSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "missing").email("not a valid email address").max(254),
  name: z
    .string()
    .trim()
    .max(100)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "a name is one line of text")
    .optional()
    .default(""),
  courses: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9-]{1,80}$/, "use each course's address (as in its URL, e.g. watercolor-foundations), not its title"),
    )
    .max(50),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(20),
});
export type StudentCsvRow = z.infer<typeof rowSchema>;
export type ParsedRow = { line: number; row: StudentCsvRow | null; error: string | null; email: string | null };

const list = (v: unknown) =>
  String(v ?? "")
    .split(/[;|]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function parseStudentCsv(text: string): { rows: ParsedRow[]; error: string | null } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes("email"))
    return { rows: [], error: "The first line must name the columns, with at least “email” (and optionally name, courses, tags)." };
  if (parsed.data.length > STUDENT_CSV_MAX_ROWS)
    return { rows: [], error: `At most ${STUDENT_CSV_MAX_ROWS.toLocaleString("en-US")} students per import: split the file.` };
  const seen = new Set<string>();
  const rows = parsed.data.map((raw, i): ParsedRow => {
    const line = i + 2;
    const r = rowSchema.safeParse({ email: raw.email, name: raw.name, courses: list(raw.courses), tags: list(raw.tags) });
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { line, row: null, error: `${String(issue.path[0] ?? "row")}: ${issue.message}`, email: String(raw.email ?? "").trim() || null };
    }
    if (seen.has(r.data.email)) return { line, row: null, error: "email: already on an earlier line", email: r.data.email };
    seen.add(r.data.email);
    return { line, row: r.data, error: null, email: r.data.email };
  });
  return { rows, error: null };
}

/** The school's students as a CSV file (what the export button downloads). */
/** A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first, whatever follows) is made text. */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function studentsToCsv(
  rows: { name: string; email: string; status: string; tags: string[]; courses: number; progress: number | null; createdAt: Date; lastActiveAt: Date | null }[],
): string {
  return Papa.unparse(
    rows.map((r) => ({
      email: cell(r.email),
      name: cell(r.name),
      status: r.status,
      tags: cell(r.tags.join(";")),
      courses: r.courses,
      progress: r.progress === null ? "" : `${r.progress}%`,
      joined: r.createdAt.toISOString(),
      last_active: r.lastActiveAt?.toISOString() ?? "",
    })),
    // Every text cell goes through cell(): a name like =HYPERLINK(…) is text in a spreadsheet, never a formula.
    { header: true, columns: ["email", "name", "status", "tags", "courses", "progress", "joined", "last_active"] },
  );
}
