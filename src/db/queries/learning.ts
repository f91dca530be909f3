import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courseModules, courses, enrollments, lessonProgress, lessons, quizAttempts } from "../schema";
import type { TenantScope } from "../scope";
import { gradeQuiz, quizSchema } from "@/lib/courses/quiz";
import { lessonAccess, type Access } from "@/lib/learning/access";
import { DomainError } from "@/lib/errors";
import { recordFact } from "./outbox";

/**
 * The student side of a course: what a student sees of it (published lessons, in order, each open or
 * locked and why, completed or not), where they left off, and completing lessons — which completes the
 * course once every lesson is done. Locks are judged by src/lib/learning/access.ts, the one rule the
 * player, downloads and completion share. A quiz is passed by an attempt that scores its pass mark
 * (submitQuizAttempt), which also completes it.
 */
export type StudentCourse = NonNullable<Awaited<ReturnType<typeof loadCourseForStudent>>>;

export async function loadCourseForStudent(scope: TenantScope, of: { courseSlug: string; userId: string | null; now?: Date }) {
  const db = await getDb();
  const [course] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.creatorId, scope.creatorId), eq(courses.slug, of.courseSlug), eq(courses.status, "published")));
  if (!course) return null;
  const [enrollment] = of.userId
    ? await db
        .select()
        .from(enrollments)
        .where(
          and(
            eq(enrollments.creatorId, scope.creatorId),
            eq(enrollments.courseId, course.id),
            eq(enrollments.userId, of.userId),
            eq(enrollments.status, "active"),
          ),
        )
    : [];
  const mods = await db
    .select({ id: courseModules.id, title: courseModules.title })
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, course.id)))
    .orderBy(asc(courseModules.position), asc(courseModules.id));
  const ls = await db
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
    })
    .from(lessons)
    .where(and(eq(lessons.creatorId, scope.creatorId), eq(lessons.courseId, course.id), eq(lessons.status, "published")))
    .orderBy(asc(lessons.position), asc(lessons.id));
  const done = of.userId
    ? await db
        .select({ lessonId: lessonProgress.lessonId })
        .from(lessonProgress)
        .where(
          and(
            eq(lessonProgress.creatorId, scope.creatorId),
            eq(lessonProgress.courseId, course.id),
            eq(lessonProgress.userId, of.userId),
            isNotNull(lessonProgress.completedAt),
          ),
        )
    : [];
  const completed = new Set(done.map((d) => d.lessonId));
  const passes = of.userId
    ? await db
        .selectDistinct({ lessonId: quizAttempts.lessonId })
        .from(quizAttempts)
        .where(
          and(
            eq(quizAttempts.creatorId, scope.creatorId),
            eq(quizAttempts.courseId, course.id),
            eq(quizAttempts.userId, of.userId),
            eq(quizAttempts.passed, true),
          ),
        )
    : [];
  const passed = new Set(passes.map((p) => p.lessonId));
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
    await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(and(eq(enrollments.id, c.enrollment!.id), eq(enrollments.creatorId, scope.creatorId)))
      .for("update");
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
