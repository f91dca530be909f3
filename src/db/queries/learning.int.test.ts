import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { courses, creators, enrollments, jobEvents, lessons, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { completeLesson, loadCourseForStudent, recordLastLesson, resumeLesson } from "./learning";

let acme: TenantScope;
let beta: TenantScope;
let student = "";
let stranger = "";

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [a] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  const [b] = await db.select().from(creators).where(eq(creators.slug, "beta"));
  acme = systemScope(a!.id);
  beta = systemScope(b!.id);
  student = (await db.select().from(user).where(eq(user.email, "student@acme.test")))[0]!.id;
  stranger = (await db.select().from(user).where(eq(user.email, "owner@beta.test")))[0]!.id;
});

const facts = async (name: string) => {
  const db = await getDb();
  return db.select().from(jobEvents).where(eq(jobEvents.name, name));
};

describe("learning: what a student sees, locks, progress and completion", () => {
  it("an enrolled student sees every published lesson open; someone not enrolled only the free previews; another school nothing", async () => {
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    expect(c.enrollment).not.toBeNull();
    expect(c.ordered.length).toBeGreaterThan(1);
    expect(c.ordered.every((l) => l.access.open)).toBe(true);
    const outsider = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: stranger }))!;
    expect(outsider.enrollment).toBeNull();
    for (const l of outsider.ordered) expect(l.access.open, l.title).toBe(l.isFreePreview);
    expect(await loadCourseForStudent(beta, { courseSlug: "watercolor-foundations", userId: student })).toBeNull();
    expect(resumeLesson(c)).toBe(c.ordered[0]!.id);
  });

  it("a drip-locked lesson says when it opens and cannot be completed before", async () => {
    const db = await getDb();
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    const last = c.ordered.at(-1)!;
    await db
      .update(lessons)
      .set({ dripDays: 30 })
      .where(and(eq(lessons.id, last.id), eq(lessons.creatorId, acme.creatorId)));
    const locked = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!.ordered.at(-1)!;
    expect(locked.access).toMatchObject({ open: false, lock: { kind: "drip", opensAt: expect.any(Date) } });
    await expect(completeLesson(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: last.id })).rejects.toThrow(/not open yet/);
    // A month later it is open.
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student, now: later }))!.ordered.at(-1)!.access.open).toBe(true);
    await db
      .update(lessons)
      .set({ dripDays: null })
      .where(and(eq(lessons.id, last.id), eq(lessons.creatorId, acme.creatorId)));
  });

  it("completing every lesson completes the course once, with its facts; resume follows where the student left off", async () => {
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    const before = { lesson: (await facts("learning/lesson.completed")).length, course: (await facts("learning/course.completed")).length };
    await recordLastLesson(acme, { userId: student, courseId: c.course.id, lessonId: c.ordered[1]!.id });
    expect(resumeLesson((await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!)).toBe(c.ordered[1]!.id);
    const results: { courseCompleted: boolean }[] = [];
    const { submitQuizAttempt } = await import("./learning");
    for (const l of c.ordered) {
      // A quiz completes by passing it (the demo quiz's answers: a, true, blue).
      if (l.type === "quiz")
        results.push(
          await submitQuizAttempt(acme, {
            userId: student,
            courseSlug: "watercolor-foundations",
            lessonId: l.id,
            answers: { q1: ["a"], q2: true, q3: "  Blue " },
          }),
        );
      else results.push(await completeLesson(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: l.id }));
    }
    expect(results.at(-1)).toMatchObject({ courseCompleted: true });
    // Again: nothing new.
    expect(await completeLesson(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: c.ordered[0]!.id })).toEqual({
      newlyCompleted: false,
      courseCompleted: false,
    });
    expect((await facts("learning/lesson.completed")).length).toBe(before.lesson + c.ordered.length);
    expect((await facts("learning/course.completed")).length).toBe(before.course + 1);
    const after = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    expect(after.progress).toEqual({ done: c.ordered.length, total: c.ordered.length });
    const db = await getDb();
    const [e] = await db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.creatorId, acme.creatorId), eq(enrollments.userId, student), eq(enrollments.courseId, c.course.id)));
    expect(e!.completedAt).not.toBeNull();
    // The completion issued one certificate, found by its serial on acme's host only, and shown in the library.
    const { certificateOf, findCertificateBySerial, listCertificatesOf } = await import("./certificates");
    const cert = (await certificateOf(acme, { userId: student, courseSlug: "watercolor-foundations" }))!;
    expect(cert).toMatchObject({ courseTitle: c.course.title, revokedAt: null });
    expect(cert.serial).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect((await findCertificateBySerial(acme, cert.serial))?.id).toBe(cert.id);
    expect(await findCertificateBySerial(beta, cert.serial)).toBeNull();
    expect(await certificateOf(beta, { userId: student, courseSlug: "watercolor-foundations" })).toBeNull();
    expect(await listCertificatesOf(acme, student)).toHaveLength(1);
    const { libraryOf } = await import("./learning");
    expect((await libraryOf(acme, student)).find((x) => x.slug === "watercolor-foundations")).toMatchObject({
      done: c.ordered.length,
      total: c.ordered.length,
      completedAt: expect.any(Date),
    });
  });

  it("a lesson's body reaches only those it is open to; a locked lesson's body and files are withheld", async () => {
    const { loadLessonForStudent } = await import("./learning");
    const { studentMayDownload } = await import("./media");
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    const paid = c.ordered.find((l) => !l.isFreePreview && l.type !== "quiz")!;
    const seen = (await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: paid.id, userId: student }))!;
    expect(seen.body).not.toBeNull();
    const visitor = (await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: paid.id, userId: null }))!;
    expect(visitor.body).toBeNull();
    expect(visitor.lesson.access).toMatchObject({ open: false, lock: { kind: "enroll" } });
    expect(await loadLessonForStudent(beta, { courseSlug: "watercolor-foundations", lessonId: paid.id, userId: student })).toBeNull();
    // The quiz the browser gets has no answers.
    const quiz = c.ordered.find((l) => l.type === "quiz")!;
    const q = (await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: quiz.id, userId: student }))!;
    expect(q.body?.quiz?.questions.length).toBe(3);
    expect(JSON.stringify(q.body)).not.toMatch(/"correct"|"accepted"|"answer"|blue/i);
    // A download lesson's file: open → downloadable; drip-locked → not, by the same rule.
    const db = await getDb();
    const { lessonFiles, mediaAssets } = await import("@/db/schema");
    const [asset] = await db
      .insert(mediaAssets)
      .values({
        creatorId: acme.creatorId,
        kind: "file",
        status: "ready",
        filename: "workbook.pdf",
        contentType: "application/pdf",
        sizeBytes: 10,
        storageKey: `${acme.creatorId}/file/${crypto.randomUUID()}`,
      })
      .returning();
    await db.insert(lessonFiles).values({ creatorId: acme.creatorId, lessonId: paid.id, mediaAssetId: asset!.id, position: 0 });
    expect((await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: paid.id, userId: student }))!.body?.files).toEqual([
      { id: asset!.id, filename: "workbook.pdf", sizeBytes: 10 },
    ]);
    expect(await studentMayDownload(acme, student, asset!.id)).toBe(true);
    expect(await studentMayDownload(acme, stranger, asset!.id)).toBe(false);
    await db
      .update(lessons)
      .set({ dripDays: 30 })
      .where(and(eq(lessons.id, paid.id), eq(lessons.creatorId, acme.creatorId)));
    expect(await studentMayDownload(acme, student, asset!.id)).toBe(false);
    expect(await studentMayDownload(beta, student, asset!.id)).toBe(false);
    await db
      .update(lessons)
      .set({ dripDays: null })
      .where(and(eq(lessons.id, paid.id), eq(lessons.creatorId, acme.creatorId)));
  });

  it("unauthorized: not enrolled, or another school's scope, cannot complete anything", async () => {
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: stranger }))!;
    await expect(completeLesson(acme, { userId: stranger, courseSlug: "watercolor-foundations", lessonId: c.ordered[0]!.id })).rejects.toThrow(/Enroll/);
    await expect(completeLesson(beta, { userId: student, courseSlug: "watercolor-foundations", lessonId: c.ordered[0]!.id })).rejects.toThrow(/not found/);
    const db = await getDb();
    const [draft] = await db
      .select()
      .from(courses)
      .where(and(eq(courses.creatorId, acme.creatorId), eq(courses.status, "draft")));
    if (draft) expect(await loadCourseForStudent(acme, { courseSlug: draft.slug, userId: student })).toBeNull();
  });
});

describe("quizzes", () => {
  it("graded on the server, attempts limited, a pass completes the lesson; the public quiz carries no answers", async () => {
    const db = await getDb();
    const { publicQuiz } = await import("@/lib/courses/quiz");
    const c = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!;
    const quizLesson = c.ordered.find((l) => l.type === "quiz");
    if (!quizLesson) throw new Error("the demo course has a quiz lesson");
    const [row] = await db.select().from(lessons).where(eq(lessons.id, quizLesson.id));
    const quiz = { ...(row!.content as import("@/lib/courses/quiz").Quiz), maxAttempts: 2, passMark: 100 };
    await db.update(lessons).set({ content: quiz }).where(eq(lessons.id, quizLesson.id));
    const shown = JSON.stringify(publicQuiz(quiz));
    expect(shown).not.toMatch(/"correct"|"accepted"|"answer"/);
    const right: Record<string, string[] | boolean | string> = {};
    for (const q of quiz.questions) right[q.id] = q.type === "true_false" ? q.answer : q.type === "short_answer" ? q.accepted[0]! : q.correct;
    const wrong = Object.fromEntries(Object.keys(right).map((k) => [k, "nope"]));
    // Another student of the school (not enrolled in this course) cannot take it.
    const { submitQuizAttempt, completeLesson: complete } = await import("./learning");
    await expect(submitQuizAttempt(acme, { userId: stranger, courseSlug: "watercolor-foundations", lessonId: quizLesson.id, answers: right })).rejects.toThrow(
      /Enroll/,
    );
    // Completing a quiz without passing it is refused; a failed attempt says which questions were wrong.
    const { lessonProgress, quizAttempts } = await import("@/db/schema");
    await db.delete(lessonProgress).where(and(eq(lessonProgress.lessonId, quizLesson.id), eq(lessonProgress.userId, student)));
    await db.delete(quizAttempts).where(and(eq(quizAttempts.lessonId, quizLesson.id), eq(quizAttempts.userId, student)));
    await expect(complete(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: quizLesson.id })).rejects.toThrow(/Pass the quiz/);
    const failed = await submitQuizAttempt(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: quizLesson.id, answers: wrong });
    expect(failed).toMatchObject({ passed: false, attempt: 1, attemptsLeft: 1 });
    expect(failed.results.every((r) => !r.correct)).toBe(true);
    const passed = await submitQuizAttempt(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: quizLesson.id, answers: right });
    expect(passed).toMatchObject({ passed: true, score: 100, attempt: 2, attemptsLeft: 0 });
    expect(
      (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: student }))!.ordered.find((l) => l.id === quizLesson.id),
    ).toMatchObject({ completed: true, passed: true });
    await expect(submitQuizAttempt(acme, { userId: student, courseSlug: "watercolor-foundations", lessonId: quizLesson.id, answers: right })).rejects.toThrow(
      /used all 2 attempts/,
    );
  });
});
