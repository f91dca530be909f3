import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courses, enrollments, students, user } from "../schema";
import type { TenantScope } from "../scope";
import type { ParsedRow } from "@/lib/commerce/student-csv";
import { writeAudit } from "./audit";

/**
 * Importing students from a CSV: a dry run says, row by row, what would happen (new account, existing
 * account, new student, courses to enroll in) or why the row cannot be imported; the import then writes
 * every valid row in one transaction (all of them or none), new accounts unverified and without a password
 * (their owners get in with an emailed sign-in link).
 */
/** `new_student` whether or not the address already has a Courseforge account: a school learns nothing about accounts elsewhere. */
export type ImportOutcome = {
  line: number;
  email: string | null;
  action: "new_student" | "existing_student" | "error";
  courses: string[];
  error: string | null;
};

export async function importStudents(scope: TenantScope, imp: { actorUserId: string; rows: ParsedRow[]; dryRun: boolean }) {
  const db = await getDb();
  const valid = imp.rows.filter((r) => r.row);
  const slugs = [...new Set(valid.flatMap((r) => r.row!.courses))];
  const emails = valid.map((r) => r.row!.email);
  const [known, accounts, members] = await Promise.all([
    slugs.length
      ? db
          .select({ id: courses.id, slug: courses.slug })
          .from(courses)
          .where(and(eq(courses.creatorId, scope.creatorId), inArray(courses.slug, slugs)))
      : Promise.resolve([]),
    emails.length ? db.select({ id: user.id, email: user.email }).from(user).where(inArray(user.email, emails)) : Promise.resolve([]),
    emails.length
      ? db
          .select({ email: user.email })
          .from(students)
          .innerJoin(user, eq(user.id, students.userId))
          .where(and(eq(students.creatorId, scope.creatorId), inArray(user.email, emails)))
      : Promise.resolve([]),
  ]);
  const courseBySlug = new Map(known.map((c) => [c.slug, c.id]));
  const accountByEmail = new Map(accounts.map((a) => [a.email, a.id]));
  const memberEmails = new Set(members.map((m) => m.email));
  const outcomes: ImportOutcome[] = imp.rows.map((r) => {
    if (!r.row) return { line: r.line, email: r.email, action: "error", courses: [], error: r.error };
    const unknown = r.row.courses.filter((s) => !courseBySlug.has(s));
    if (unknown.length)
      return {
        line: r.line,
        email: r.row.email,
        action: "error",
        courses: [],
        error: `courses: this school has no course at the address ${unknown.join(", ")}`,
      };
    const action = memberEmails.has(r.row.email) ? "existing_student" : "new_student";
    return { line: r.line, email: r.row.email, action, courses: r.row.courses, error: null };
  });
  const ok = outcomes.filter((o) => o.action !== "error");
  if (imp.dryRun || ok.length === 0) return { outcomes, imported: 0, newStudents: [] as string[] };
  const newStudents: string[] = [];
  await db.transaction(async (tx) => {
    for (const o of ok) {
      const row = imp.rows.find((r) => r.line === o.line)!.row!;
      let userId = accountByEmail.get(row.email);
      if (!userId) {
        const [created] = await tx
          .insert(user)
          .values({ id: crypto.randomUUID(), email: row.email, name: row.name || row.email.split("@")[0]!, emailVerified: false })
          .onConflictDoNothing({ target: user.email })
          .returning({ id: user.id });
        userId = created?.id ?? (await tx.select({ id: user.id }).from(user).where(eq(user.email, row.email)))[0]!.id;
      }
      const [st] = await tx
        .insert(students)
        .values({ creatorId: scope.creatorId, userId, tags: row.tags })
        .onConflictDoUpdate({
          target: [students.creatorId, students.userId],
          set: { tags: sql`(select array(select distinct unnest(${students.tags} || excluded.tags)))` },
        })
        .returning({ id: students.id, inserted: sql<boolean>`(xmax = 0)` });
      if (st?.inserted) newStudents.push(st.id);
      for (const slug of row.courses) {
        await tx
          .insert(enrollments)
          .values({ creatorId: scope.creatorId, userId, courseId: courseBySlug.get(slug)!, source: "manual" })
          .onConflictDoUpdate({
            target: [enrollments.creatorId, enrollments.userId, enrollments.courseId],
            set: { status: "active", revokedAt: null, source: "manual", orderId: null },
            setWhere: sql`${enrollments.status} = 'revoked'`,
          });
      }
    }
    await writeAudit(tx, scope, {
      actorUserId: imp.actorUserId,
      action: "students.imported",
      targetType: "student",
      data: { rows: ok.length, skipped: outcomes.length - ok.length },
    });
  });
  return { outcomes, imported: ok.length, newStudents };
}
