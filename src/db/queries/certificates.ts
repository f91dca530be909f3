import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { certificates, courses, user } from "../schema";
import type { TenantScope } from "../scope";
import { newCertificateSerial } from "@/lib/learning/serial";

/**
 * Certificates of completion. One per student and course: issuing again returns the one already issued
 * (a revoked one is restored, with its serial). Look-ups are scoped to the school, so a serial of another
 * school is simply not found on this one's host.
 */
export type Certificate = typeof certificates.$inferSelect;

export async function issueCertificate(
  db: DbOrTx,
  scope: TenantScope,
  of: { userId: string; courseId: string; issuedByUserId?: string | null },
): Promise<Certificate> {
  const [course] = await db
    .select({ title: courses.title })
    .from(courses)
    .where(and(eq(courses.id, of.courseId), eq(courses.creatorId, scope.creatorId)));
  const [student] = await db.select({ name: user.name }).from(user).where(eq(user.id, of.userId));
  if (!course || !student) throw new Error("issueCertificate: course or student not found");
  const [made] = await db
    .insert(certificates)
    .values({
      creatorId: scope.creatorId,
      userId: of.userId,
      courseId: of.courseId,
      serial: newCertificateSerial(),
      recipientName: student.name,
      courseTitle: course.title,
      issuedByUserId: of.issuedByUserId ?? null,
    })
    .onConflictDoUpdate({ target: [certificates.creatorId, certificates.courseId, certificates.userId], set: { revokedAt: null } })
    .returning();
  return made!;
}

/** The public verification page's look-up. */
export async function findCertificateBySerial(scope: TenantScope, serial: string): Promise<Certificate | null> {
  const db = await getDb();
  const [c] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.creatorId, scope.creatorId), eq(certificates.serial, serial)));
  return c ?? null;
}

/** A student's own certificate for a course (the PDF download), if issued and not revoked. */
export async function certificateOf(scope: TenantScope, of: { userId: string; courseSlug: string }): Promise<Certificate | null> {
  const db = await getDb();
  const [row] = await db
    .select({ c: certificates })
    .from(certificates)
    .innerJoin(courses, and(eq(courses.id, certificates.courseId), eq(courses.creatorId, scope.creatorId)))
    .where(
      and(eq(certificates.creatorId, scope.creatorId), eq(certificates.userId, of.userId), eq(courses.slug, of.courseSlug), isNull(certificates.revokedAt)),
    );
  return row?.c ?? null;
}

/** Every certificate a student of the school holds (the creator's student page). */
export async function listCertificatesOf(scope: TenantScope, userId: string): Promise<Certificate[]> {
  const db = await getDb();
  return db
    .select()
    .from(certificates)
    .where(and(eq(certificates.creatorId, scope.creatorId), eq(certificates.userId, userId)))
    .orderBy(desc(certificates.issuedAt));
}

/** A student's certificate for a course by id, with the course's address (the completion email). */
export async function certificateForCourse(scope: TenantScope, of: { userId: string; courseId: string }) {
  const db = await getDb();
  const [row] = await db
    .select({ serial: certificates.serial, courseTitle: certificates.courseTitle, slug: courses.slug })
    .from(certificates)
    .innerJoin(courses, and(eq(courses.id, certificates.courseId), eq(courses.creatorId, scope.creatorId)))
    .where(
      and(
        eq(certificates.creatorId, scope.creatorId),
        eq(certificates.courseId, of.courseId),
        eq(certificates.userId, of.userId),
        isNull(certificates.revokedAt),
      ),
    );
  return row ?? null;
}
