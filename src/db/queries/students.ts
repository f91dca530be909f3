import { and, count, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { students, user } from "../schema";
import type { TenantScope } from "../scope";

/** A school's students (the people who sign up on its site; enrolments are per course). */
/**
 * Make the user a student of this tenant (idempotent). Never refused for the plan's student limit: a
 * school over its limit keeps taking students (see noteNewStudent in src/lib/platform-billing/warnings.ts).
 * `created` is true only for the call that added the row.
 */
export async function ensureStudent(scope: TenantScope, userId: string): Promise<{ id: string; created: boolean }> {
  const db = await getDb();
  const [inserted] = await db
    .insert(students)
    .values({ creatorId: scope.creatorId, userId })
    .onConflictDoNothing({ target: [students.creatorId, students.userId] })
    .returning({ id: students.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return { id: existing!.id, created: false };
}

export async function findStudent(scope: TenantScope, userId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return row ?? null;
}

export async function countStudents(scope: TenantScope) {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(students).where(eq(students.creatorId, scope.creatorId));
  return r?.n ?? 0;
}

export async function listStudents(scope: TenantScope, limit = 50) {
  const db = await getDb();
  return db
    .select({ id: students.id, userId: user.id, name: user.name, email: user.email, status: students.status, createdAt: students.createdAt })
    .from(students)
    .innerJoin(user, eq(user.id, students.userId))
    .where(eq(students.creatorId, scope.creatorId))
    .orderBy(sql`${students.createdAt} desc`)
    .limit(limit);
}
