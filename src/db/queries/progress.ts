import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courses, enrollments, lessonProgress, quizAttempts } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { issueCertificate, type Certificate } from "./certificates";

/**
 * What a school's team does to a student's progress by hand (the student's page): start a course over, and
 * issue a certificate without waiting for the completion. Both are audited; a certificate already issued
 * stays valid after a reset (it was earned).
 */
export async function resetProgress(scope: TenantScope, r: { actorUserId: string; userId: string; courseId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [e] = await tx
      .update(enrollments)
      .set({ completedAt: null, lastLessonId: null, lastAccessedAt: null })
      .where(and(eq(enrollments.creatorId, scope.creatorId), eq(enrollments.userId, r.userId), eq(enrollments.courseId, r.courseId)))
      .returning({ id: enrollments.id });
    if (!e) throw new DomainError("not_found", "This student is not enrolled in that course.");
    const cleared = await tx
      .delete(lessonProgress)
      .where(and(eq(lessonProgress.creatorId, scope.creatorId), eq(lessonProgress.userId, r.userId), eq(lessonProgress.courseId, r.courseId)))
      .returning({ id: lessonProgress.id });
    await tx
      .delete(quizAttempts)
      .where(and(eq(quizAttempts.creatorId, scope.creatorId), eq(quizAttempts.userId, r.userId), eq(quizAttempts.courseId, r.courseId)));
    await writeAudit(tx, scope, {
      actorUserId: r.actorUserId,
      action: "progress.reset",
      targetType: "enrollment",
      targetId: e.id,
      data: { courseId: r.courseId, userId: r.userId, lessons: cleared.length },
    });
    return { lessonsCleared: cleared.length };
  });
}

export async function issueCertificateByHand(scope: TenantScope, r: { actorUserId: string; userId: string; courseId: string }): Promise<Certificate> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [e] = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.creatorId, scope.creatorId),
          eq(enrollments.userId, r.userId),
          eq(enrollments.courseId, r.courseId),
          eq(enrollments.status, "active"),
        ),
      );
    if (!e) throw new DomainError("not_found", "This student is not enrolled in that course.");
    const cert = await issueCertificate(tx, scope, { userId: r.userId, courseId: r.courseId, issuedByUserId: r.actorUserId });
    await writeAudit(tx, scope, {
      actorUserId: r.actorUserId,
      action: "certificate.issued",
      targetType: "certificate",
      targetId: cert.id,
      data: { courseId: r.courseId, userId: r.userId, serial: cert.serial },
    });
    return cert;
  });
}

/** Per course: students enrolled (active) and how many completed it — the courses list's completion rate. */
export async function completionRates(scope: TenantScope): Promise<Map<string, { enrolled: number; completed: number }>> {
  const db = await getDb();
  const r = await db.execute<{ course_id: string; enrolled: number; completed: number }>(sql`
    select e.course_id, count(*)::int as enrolled, count(e.completed_at)::int as completed
    from ${enrollments} e
    join ${courses} co on co.id = e.course_id and co.creator_id = ${scope.creatorId}
    where e.creator_id = ${scope.creatorId} and e.status = 'active'
    group by e.course_id`);
  return new Map(r.rows.map((x) => [x.course_id, { enrolled: Number(x.enrolled), completed: Number(x.completed) }]));
}
