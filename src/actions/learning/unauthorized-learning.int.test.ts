import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { certificateOf } from "@/db/queries/certificates";
import { loadCourseForStudent } from "@/db/queries/learning";
import { completionRates } from "@/db/queries/progress";
import { listStudents } from "@/db/queries/students";
import { auditLogs, courses, creators } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { completeLesson } = await import("./complete-lesson");
const { submitQuiz } = await import("./submit-quiz");
const { resetProgressAction } = await import("../students/reset-progress");
const { issueCertificateAction } = await import("../students/issue-certificate");

const ACME = "acme.localhost:3000";
const BETA = "beta.localhost:3000";
const APP = "app.localhost:3000";
async function as(host: string, email: string | null) {
  requestHeaders = new Headers({ host, ...(email ? { cookie: await signIn(host, email) } : {}) });
}
let acme: TenantScope;
let courseId = "";
let quizId = "";
let textId = "";

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  acme = systemScope(c!.id);
  courseId = (
    await db
      .select()
      .from(courses)
      .where(and(eq(courses.creatorId, c!.id), eq(courses.slug, "watercolor-foundations")))
  )[0]!.id;
  const course = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: null }))!;
  quizId = course.ordered.find((l) => l.type === "quiz")!.id;
  textId = course.ordered.find((l) => l.type === "text" && !l.isFreePreview)!.id;
});

describe("unauthorized: the player's actions", () => {
  it("a visitor, another school's host and malformed input get nothing; the enrolled student gets through", async () => {
    await as(ACME, null);
    expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: textId })).toMatchObject({ ok: false, code: "unauthenticated" });
    // Beta's owner is no student of Acme: signed in on Acme's host, still refused.
    await as(BETA, "owner@beta.test");
    expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: textId })).toMatchObject({ ok: false, code: "not_found" });
    await as(ACME, "student@acme.test");
    expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: "not-a-uuid" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await submitQuiz({ courseSlug: "watercolor-foundations", lessonId: quizId, answers: { q1: { evil: true } } as never })).toMatchObject({
      ok: false,
      code: "invalid",
    });
    // A text lesson is not a quiz; a quiz cannot be marked complete without a pass.
    expect(await submitQuiz({ courseSlug: "watercolor-foundations", lessonId: textId, answers: {} })).toMatchObject({ ok: false, code: "not_found" });
    expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: quizId })).toMatchObject({ ok: false, message: /Pass the quiz/ });
    const failed = await submitQuiz({ courseSlug: "watercolor-foundations", lessonId: quizId, answers: { q1: ["b"], q2: false, q3: "red" } });
    expect(failed).toMatchObject({ ok: true, data: { passed: false, score: 0 } });
    expect(JSON.stringify(failed)).not.toMatch(/blue/);
    expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: textId })).toMatchObject({ ok: true, data: { newlyCompleted: true } });
    // Control characters in the input are a clear error or cleaned, never a server error.
    expect(await completeLesson({ courseSlug: "watercolor\u0000", lessonId: textId })).toMatchObject({ ok: false, code: "invalid" });
    expect(await submitQuiz({ courseSlug: "watercolor-foundations", lessonId: quizId, answers: { q3: "bl\u0000ue" } })).toMatchObject({ ok: true });
  });

  it("a student the school blocked sees what a visitor sees: no paid lesson, no progress", async () => {
    const db = await getDb();
    const { students, user } = await import("@/db/schema");
    const { loadLessonForStudent } = await import("@/db/queries/learning");
    const [sam] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    const open = await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: textId, userId: sam!.id });
    expect(open?.body?.html).toContain("<p>");
    await db
      .update(students)
      .set({ status: "blocked" })
      .where(and(eq(students.creatorId, acme.creatorId), eq(students.userId, sam!.id)));
    try {
      const blocked = await loadLessonForStudent(acme, { courseSlug: "watercolor-foundations", lessonId: textId, userId: sam!.id });
      expect(blocked?.body).toBeNull();
      expect(blocked?.course.enrollment).toBeNull();
      await as(ACME, "student@acme.test");
      expect(await completeLesson({ courseSlug: "watercolor-foundations", lessonId: textId })).toMatchObject({ ok: false, code: "forbidden" });
    } finally {
      await db
        .update(students)
        .set({ status: "active" })
        .where(and(eq(students.creatorId, acme.creatorId), eq(students.userId, sam!.id)));
    }
  });
});

describe("the team's progress tools", () => {
  it("owners reset progress and issue certificates (audited); editors cannot; another school finds nothing", async () => {
    const [sam] = await listStudents(acme, { q: "student@acme.test" });
    await as(APP, "editor@acme.test");
    expect(await resetProgressAction({ org: "acme", studentId: sam!.id, courseId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await issueCertificateAction({ org: "acme", studentId: sam!.id, courseId })).toMatchObject({ ok: false, code: "forbidden" });
    await as(APP, "owner@beta.test");
    expect(await resetProgressAction({ org: "beta", studentId: sam!.id, courseId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await issueCertificateAction({ org: "beta", studentId: sam!.id, courseId })).toMatchObject({ ok: false, code: "not_found" });

    await as(APP, "owner@acme.test");
    const issued = await issueCertificateAction({ org: "acme", studentId: sam!.id, courseId });
    expect(issued).toMatchObject({ ok: true, data: { serial: expect.stringMatching(/^\w{5}-\w{5}-\w{5}$/) } });
    // Issuing again gives the same certificate.
    expect(await issueCertificateAction({ org: "acme", studentId: sam!.id, courseId })).toEqual(issued);
    expect((await certificateOf(acme, { userId: sam!.userId, courseSlug: "watercolor-foundations" }))?.serial).toBe(issued.ok && issued.data.serial);

    const before = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: sam!.userId }))!;
    expect(before.progress.done).toBeGreaterThan(0);
    expect(await resetProgressAction({ org: "acme", studentId: sam!.id, courseId })).toMatchObject({
      ok: true,
      data: { lessonsCleared: before.progress.done },
    });
    const after = (await loadCourseForStudent(acme, { courseSlug: "watercolor-foundations", userId: sam!.userId }))!;
    expect(after.progress.done).toBe(0);
    expect(after.ordered.find((l) => l.id === quizId)?.passed).toBe(false);
    // The certificate earned stays valid; both acts are in the audit log.
    expect(await certificateOf(acme, { userId: sam!.userId, courseSlug: "watercolor-foundations" })).not.toBeNull();
    const db = await getDb();
    const actions = (await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.creatorId, acme.creatorId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["progress.reset", "certificate.issued"]));
    expect((await completionRates(acme)).get(courseId)).toMatchObject({ enrolled: expect.any(Number), completed: 0 });
  });
});
