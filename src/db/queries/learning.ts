import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { certificates, courseModules, courses, enrollments, lessonFiles, lessonProgress, lessons, mediaAssets, quizAttempts, students } from "../schema";
import type { TenantScope } from "../scope";
import { gradeQuiz, publicQuiz, quizSchema } from "@/lib/courses/quiz";
import { lessonAccess, type Access } from "@/lib/learning/access";
import { DomainError } from "@/lib/errors";
import { issueCertificate } from "./certificates";
import { recordFact } from "./outbox";

/**
 * The student side of a course: what a student sees of it (published lessons, in order, each open or
 * locked and why, completed or not), where they left off, and completing lessons — which completes the
 * course once every lesson is done (and issues its certificate, in the same transaction). Locks are judged by src/lib/learning/access.ts, the one rule the
 * player, downloads and completion share. A quiz is passed by an attempt that scores its pass mark
 * (submitQuizAttempt), which also completes it.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StudentCourse = NonNullable<Awaited<ReturnType<typeof loadCourseForStudent>>>;

export async function loadCourseForStudent(scope: TenantScope, of: { courseSlug: string; userId: string | null; now?: Date }) {
  const db = await getDb();
  const uid = of.userId;
  const c = scope.creatorId;
  // One round trip: the course, its enrolment, modules and published lessons (each with whether this student
  // completed it and passed it, a quiz) are read at once, each joined to the published course of that address.
  const theCourse = and(eq(courses.creatorId, c), eq(courses.slug, of.courseSlug), eq(courses.status, "published"));
  const [[course], enrolled, mods, ls] = await Promise.all([
    db.select().from(courses).where(theCourse),
    uid
      ? db
          .select({ e: enrollments })
          .from(enrollments)
          .innerJoin(courses, and(eq(courses.id, enrollments.courseId), theCourse))
          .where(
            and(
              eq(enrollments.creatorId, c),
              eq(enrollments.userId, uid),
              eq(enrollments.status, "active"),
              // A student the school blocked is enrolled in nothing (they see what a visitor sees).
              sql`exists (select 1 from ${students} s where s.creator_id = ${c} and s.user_id = ${uid} and s.status = 'active')`,
            ),
          )
      : Promise.resolve([]),
    db
      .select({ id: courseModules.id, title: courseModules.title })
      .from(courseModules)
      .innerJoin(courses, and(eq(courses.id, courseModules.courseId), theCourse))
      .where(eq(courseModules.creatorId, c))
      .orderBy(asc(courseModules.position), asc(courseModules.id)),
    db
      .select({
        id: lessons.id,
        moduleId: lessons.moduleId,
        title: lessons.title,
        type: lessons.type,
        durationSeconds: lessons.durationSeconds,
        isFreePreview: lessons.isFreePreview,
        dripDays: lessons.dripDays,
        dripDate: lessons.dripDate,
        prerequisiteLessonId: lessons.prerequisiteLessonId,
        prerequisiteRule: lessons.prerequisiteRule,
        completed: uid
          ? sql<boolean>`exists (select 1 from ${lessonProgress} p where p.creator_id = ${c} and p.lesson_id = ${lessons}.id and p.user_id = ${uid} and p.completed_at is not null)`
          : sql<boolean>`false`,
        passed: uid
          ? sql<boolean>`exists (select 1 from ${quizAttempts} q where q.creator_id = ${c} and q.lesson_id = ${lessons}.id and q.user_id = ${uid} and q.passed)`
          : sql<boolean>`false`,
      })
      .from(lessons)
      .innerJoin(courses, and(eq(courses.id, lessons.courseId), theCourse))
      .where(and(eq(lessons.creatorId, c), eq(lessons.status, "published")))
      .orderBy(asc(lessons.position), asc(lessons.id)),
  ]);
  if (!course) return null;
  const enrollment = enrolled[0]?.e;
  const completed = new Set(ls.filter((l) => l.completed === true).map((l) => l.id));
  const passed = new Set(ls.filter((l) => l.passed === true).map((l) => l.id));
  const titles = new Map(ls.map((l) => [l.id, l.title]));
  const access = (l: (typeof ls)[number]): Access => lessonAccess(l, { enrolledAt: enrollment?.enrolledAt ?? null, completed, passed, titles, now: of.now });
  const modules = mods
    .map((m) => ({
      ...m,
      lessons: ls.filter((l) => l.moduleId === m.id).map((l) => ({ ...l, completed: completed.has(l.id), passed: passed.has(l.id), access: access(l) })),
    }))
    .filter((m) => m.lessons.length > 0);
  const ordered = modules.flatMap((m) => m.lessons);
  return { course, enrollment: enrollment ?? null, modules, ordered, progress: { done: ordered.filter((l) => l.completed).length, total: ordered.length } };
}

/** Where the student should continue: where they left off if it is still there and open, else the first open lesson not completed. */
export function resumeLesson(c: StudentCourse): string | null {
  const last = c.enrollment?.lastLessonId ? c.ordered.find((l) => l.id === c.enrollment!.lastLessonId && l.access.open) : null;
  if (last) return last.id;
  return (c.ordered.find((l) => l.access.open && !l.completed) ?? c.ordered.find((l) => l.access.open))?.id ?? null;
}

/** Remember the lesson a student opened (resume), if they are enrolled. */
export async function recordLastLesson(scope: TenantScope, at: { userId: string; courseId: string; lessonId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(enrollments)
    .set({ lastLessonId: at.lessonId, lastAccessedAt: new Date() })
    .where(
      and(
        eq(enrollments.creatorId, scope.creatorId),
        eq(enrollments.courseId, at.courseId),
        eq(enrollments.userId, at.userId),
        eq(enrollments.status, "active"),
      ),
    );
}

/**
 * Mark a lesson complete for a student: only an enrolled student, only an open lesson. Completing is
 * idempotent (`learning/lesson.completed` is recorded the first time only); the last lesson completes the
 * course, once (`learning/course.completed`, with `enrollments.completed_at`), in the same transaction.
 */
export async function completeLesson(scope: TenantScope, done: { userId: string; courseSlug: string; lessonId: string; now?: Date }) {
  const c = await loadCourseForStudent(scope, { courseSlug: done.courseSlug, userId: done.userId, now: done.now });
  const lesson = c?.ordered.find((l) => l.id === done.lessonId);
  if (!c || !lesson) throw new DomainError("not_found", "Lesson not found");
  if (!c.enrollment) throw new DomainError("forbidden", "Enroll in this course to track your progress.");
  if (!lesson.access.open) throw new DomainError("forbidden", "This lesson is not open yet.");
  if (lesson.type === "quiz" && !lesson.passed) throw new DomainError("forbidden", "Pass the quiz to complete this lesson.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    // One at a time per enrolment, so the last two lessons completed at once still complete the course once.
    const [e] = await tx
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.id, c.enrollment!.id), eq(enrollments.creatorId, scope.creatorId)))
      .for("update");
    if (e?.status !== "active") throw new DomainError("forbidden", "Enroll in this course to track your progress.");
    const [row] = await tx
      .insert(lessonProgress)
      .values({ creatorId: scope.creatorId, userId: done.userId, courseId: c.course.id, lessonId: lesson.id, completedAt: new Date() })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.lessonId],
        set: { completedAt: new Date(), updatedAt: new Date() },
        setWhere: sql`${lessonProgress.completedAt} is null`,
      })
      .returning({ id: lessonProgress.id });
    if (row) {
      await recordFact(tx, {
        name: "learning/lesson.completed",
        data: { creatorId: scope.creatorId, courseId: c.course.id, lessonId: lesson.id, studentUserId: done.userId },
      });
    }
    const [left] = await tx
      .execute<{ n: number }>(
        sql`
      select count(*)::int as n from ${lessons} l
      where l.creator_id = ${scope.creatorId} and l.course_id = ${c.course.id} and l.status = 'published'
        and not exists (select 1 from ${lessonProgress} p where p.creator_id = ${scope.creatorId} and p.lesson_id = l.id and p.user_id = ${done.userId} and p.completed_at is not null)`,
      )
      .then((r) => r.rows);
    let courseCompleted = false;
    if (Number(left?.n ?? 1) === 0 && e && !e.completedAt) {
      await tx.update(enrollments).set({ completedAt: new Date() }).where(eq(enrollments.id, e.id));
      await issueCertificate(tx, scope, { userId: done.userId, courseId: c.course.id });
      await recordFact(tx, { name: "learning/course.completed", data: { creatorId: scope.creatorId, courseId: c.course.id, studentUserId: done.userId } });
      courseCompleted = true;
    }
    return { newlyCompleted: !!row, courseCompleted };
  });
}

/**
 * A student submits a quiz: graded on the server (the answers never reach the browser before), stored as an
 * attempt, refused past the quiz's attempt limit (counted under the enrolment's lock, so two tabs cannot
 * both use the last one). A pass completes the lesson. The answer says which questions were right.
 */
export async function submitQuizAttempt(
  scope: TenantScope,
  sub: { userId: string; courseSlug: string; lessonId: string; answers: Record<string, string[] | boolean | string | undefined> },
) {
  const c = await loadCourseForStudent(scope, { courseSlug: sub.courseSlug, userId: sub.userId });
  const lesson = c?.ordered.find((l) => l.id === sub.lessonId);
  if (!c || !lesson || lesson.type !== "quiz") throw new DomainError("not_found", "Quiz not found");
  if (!c.enrollment) throw new DomainError("forbidden", "Enroll in this course to take its quizzes.");
  if (!lesson.access.open) throw new DomainError("forbidden", "This quiz is not open yet.");
  const db = await getDb();
  const [row] = await db
    .select({ content: lessons.content })
    .from(lessons)
    .where(and(eq(lessons.id, lesson.id), eq(lessons.creatorId, scope.creatorId)));
  const quiz = quizSchema.safeParse(row?.content);
  if (!quiz.success) throw new DomainError("unavailable", "This quiz cannot be taken right now.");
  const grade = gradeQuiz(quiz.data, sub.answers);
  const attempt = await db.transaction(async (tx) => {
    const [e] = await tx
      .select({ status: enrollments.status })
      .from(enrollments)
      .where(and(eq(enrollments.id, c.enrollment!.id), eq(enrollments.creatorId, scope.creatorId)))
      .for("update");
    if (e?.status !== "active") throw new DomainError("forbidden", "Enroll in this course to take its quizzes.");
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.creatorId, scope.creatorId), eq(quizAttempts.lessonId, lesson.id), eq(quizAttempts.userId, sub.userId)));
    const used = Number(n?.n ?? 0);
    if (quiz.data.maxAttempts !== null && used >= quiz.data.maxAttempts) {
      throw new DomainError("conflict", `You have used all ${quiz.data.maxAttempts} attempts at this quiz.`);
    }
    await tx
      .insert(quizAttempts)
      .values({
        creatorId: scope.creatorId,
        userId: sub.userId,
        courseId: c.course.id,
        lessonId: lesson.id,
        attempt: used + 1,
        answers: sub.answers as Record<string, unknown>,
        score: grade.score,
        passed: grade.passed,
      });
    return { number: used + 1, left: quiz.data.maxAttempts === null ? null : quiz.data.maxAttempts - used - 1 };
  });
  const completion = grade.passed ? await completeLesson(scope, { userId: sub.userId, courseSlug: sub.courseSlug, lessonId: lesson.id }) : null;
  return { ...grade, attempt: attempt.number, attemptsLeft: attempt.left, courseCompleted: completion?.courseCompleted ?? false };
}

/**
 * One lesson as the player shows it: the course around it (sidebar, previous / next), and — only when the
 * lesson is open to this viewer — its body: the sanitized HTML, its files, and for a quiz the questions
 * without answers (publicQuiz) and the student's past attempts. A locked lesson carries no body at all, so
 * nothing of it can leak into the page. Rendering records nothing (pages are prefetched): the
 * player reports the open lesson itself (recordVisit).
 */
export async function loadLessonForStudent(scope: TenantScope, of: { courseSlug: string; lessonId: string; userId: string | null }) {
  if (!UUID.test(of.lessonId)) return null;
  const db = await getDb();
  // The course view and the lesson's body and files at once (one round trip); the body is kept only if the
  // lesson turns out to be open to this viewer.
  const [c, [row], files] = await Promise.all([
    loadCourseForStudent(scope, { courseSlug: of.courseSlug, userId: of.userId }),
    db
      .select({ html: lessons.contentHtml, content: lessons.content, mediaAssetId: lessons.mediaAssetId })
      .from(lessons)
      .where(and(eq(lessons.id, of.lessonId), eq(lessons.creatorId, scope.creatorId), eq(lessons.status, "published"))),
    db
      .select({ id: mediaAssets.id, filename: mediaAssets.filename, sizeBytes: mediaAssets.sizeBytes })
      .from(lessonFiles)
      .innerJoin(mediaAssets, and(eq(mediaAssets.id, lessonFiles.mediaAssetId), eq(mediaAssets.creatorId, scope.creatorId), eq(mediaAssets.status, "ready")))
      .where(and(eq(lessonFiles.creatorId, scope.creatorId), eq(lessonFiles.lessonId, of.lessonId)))
      .orderBy(asc(lessonFiles.position)),
  ]);
  const index = c ? c.ordered.findIndex((l) => l.id === of.lessonId) : -1;
  if (!c || index < 0) return null;
  const lesson = c.ordered[index]!;
  const around = { course: c, lesson, previous: c.ordered[index - 1] ?? null, next: c.ordered[index + 1] ?? null };
  if (!lesson.access.open) return { ...around, body: null };
  const parsed = lesson.type === "quiz" ? quizSchema.safeParse(row?.content) : null;
  const attempts =
    parsed?.success && of.userId
      ? await db
          .select({ attempt: quizAttempts.attempt, score: quizAttempts.score, passed: quizAttempts.passed, createdAt: quizAttempts.createdAt })
          .from(quizAttempts)
          .where(and(eq(quizAttempts.creatorId, scope.creatorId), eq(quizAttempts.lessonId, lesson.id), eq(quizAttempts.userId, of.userId)))
          .orderBy(asc(quizAttempts.attempt))
      : [];
  const mediaAssetId = lesson.type === "video" || lesson.type === "avatar_video" ? (row?.mediaAssetId ?? null) : null;
  return { ...around, body: { html: row?.html ?? "", files, quiz: parsed?.success ? publicQuiz(parsed.data) : null, attempts, mediaAssetId } };
}

/** A student's library: each enrolled course with lessons done of lessons published, when it was completed, and whether a certificate is theirs. */
export async function libraryOf(scope: TenantScope, userId: string) {
  const db = await getDb();
  const c = scope.creatorId;
  const r = await db.execute<{
    id: string;
    slug: string;
    title: string;
    subtitle: string | null;
    cover_url: string | null;
    completed_at: Date | null;
    total: number;
    done: number;
    certified: boolean;
  }>(sql`
    select co.id, co.slug, co.title, co.subtitle, co.cover_url, e.completed_at,
      exists (select 1 from ${certificates} ce where ce.creator_id = ${c} and ce.course_id = co.id and ce.user_id = ${userId} and ce.revoked_at is null) as certified,
      (select count(*)::int from ${lessons} l where l.creator_id = ${c} and l.course_id = co.id and l.status = 'published') as total,
      (select count(*)::int from ${lessonProgress} p
         join ${lessons} l on l.id = p.lesson_id and l.creator_id = ${c} and l.status = 'published'
         where p.creator_id = ${c} and p.course_id = co.id and p.user_id = ${userId} and p.completed_at is not null) as done
    from ${enrollments} e
    join ${courses} co on co.id = e.course_id and co.creator_id = ${c} and co.status = 'published'
    where e.creator_id = ${c} and e.user_id = ${userId} and e.status = 'active'
    order by e.last_accessed_at desc nulls last, co.title asc`);
  return r.rows.map((x) => ({
    id: x.id,
    slug: x.slug,
    title: x.title,
    subtitle: x.subtitle,
    coverUrl: x.cover_url,
    completedAt: x.completed_at ? new Date(x.completed_at) : null,
    done: Number(x.done),
    total: Number(x.total),
    certified: x.certified === true,
  }));
}
