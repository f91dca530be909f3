"use server";
import { z } from "zod";
import { importStudents } from "@/db/queries/student-imports";
import { orgAction } from "@/lib/actions/chain";
import { parseStudentCsv } from "@/lib/commerce/student-csv";
import { DomainError } from "@/lib/errors";
import { noteNewStudent } from "@/lib/platform-billing/warnings";

/**
 * Import students from a CSV (owners and admins): `dryRun` answers the row-by-row preview and writes
 * nothing; otherwise every valid row is imported in one transaction and the rows with errors are skipped
 * (as the preview showed). New students count against the plan like sign-ups (metered past the limit).
 */
export const importStudentsAction = orgAction(
  { name: "import-students", schema: z.object({ csv: z.string().max(1_000_000, "The file is over 1 MB: split it."), dryRun: z.boolean() }), minRole: "admin" },
  async ({ csv, dryRun }, { scope, user, creator }) => {
    const parsed = parseStudentCsv(csv);
    if (parsed.error) throw new DomainError("invalid", parsed.error);
    if (!parsed.rows.length) throw new DomainError("invalid", "The file has no students in it.");
    const r = await importStudents(scope, { actorUserId: user.id, rows: parsed.rows, dryRun });
    for (const studentId of r.newStudents) await noteNewStudent(scope, { studentId, schoolName: creator.name, slug: creator.slug });
    return { outcomes: r.outcomes, imported: r.imported };
  },
);
