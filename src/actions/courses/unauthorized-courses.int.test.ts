import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { getCourseOutline } from "@/db/queries/courses";
import { courses, creators } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
// Every course action, one file each, loaded after the mocks above.
const actions = {
  ...(await import("./create-course")),
  ...(await import("./update-course")),
  ...(await import("./duplicate-course")),
  ...(await import("./publish-course")),
  ...(await import("./unpublish-course")),
  ...(await import("./archive-course")),
  ...(await import("./delete-course")),
  ...(await import("./create-module")),
  ...(await import("./rename-module")),
  ...(await import("./move-module")),
  ...(await import("./delete-module")),
  ...(await import("./create-lesson")),
  ...(await import("./move-lesson")),
  ...(await import("./rename-lesson")),
  ...(await import("./delete-lesson")),
  ...(await import("./save-lesson")),
  ...(await import("./update-lesson-settings")),
  ...(await import("./update-sales-page")),
};

const APP = "app.localhost:3000";
async function as(email: string | null) {
  requestHeaders = new Headers({ host: APP, ...(email ? { cookie: await signIn(APP, email) } : {}) });
}

let beta = { courseId: "", moduleId: "", lessonId: "" };
let acme = { courseId: "", moduleId: "", lessonId: "" };
async function firstOf(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  const [row] = await db.select().from(courses).where(eq(courses.creatorId, c!.id));
  const o = (await getCourseOutline(systemScope(c!.id), row!.id))!;
  return { courseId: row!.id, moduleId: o.modules[0]!.id, lessonId: o.modules[0]!.lessons[0]!.id, scope: systemScope(c!.id) };
}

/** Every builder action, aimed at the given ids, as the Acme dashboard would call it. */
function everyAction(org: string, ids: typeof beta) {
  const doc = { type: "doc" as const, content: [{ type: "paragraph", content: [{ type: "text", text: "pwned" }] }] };
  return {
    updateCourse: () => actions.updateCourseAction({ org, courseId: ids.courseId, fields: { title: "pwned" } }),
    duplicateCourse: () => actions.duplicateCourseAction({ org, courseId: ids.courseId }),
    publishCourse: () => actions.publishCourseAction({ org, courseId: ids.courseId }),
    unpublishCourse: () => actions.unpublishCourseAction({ org, courseId: ids.courseId }),
    archiveCourse: () => actions.archiveCourseAction({ org, courseId: ids.courseId }),
    deleteCourse: () => actions.deleteCourseAction({ org, courseId: ids.courseId, confirmTitle: "x" }),
    createModule: () => actions.createModuleAction({ org, courseId: ids.courseId, title: "pwned" }),
    renameModule: () => actions.renameModuleAction({ org, moduleId: ids.moduleId, title: "pwned" }),
    moveModule: () => actions.moveModuleAction({ org, moduleId: ids.moduleId, toIndex: 0 }),
    deleteModule: () => actions.deleteModuleAction({ org, moduleId: ids.moduleId }),
    createLesson: () => actions.createLessonAction({ org, moduleId: ids.moduleId, title: "pwned", type: "text" }),
    moveLesson: () => actions.moveLessonAction({ org, lessonId: ids.lessonId, toModuleId: ids.moduleId, toIndex: 0 }),
    renameLesson: () => actions.renameLessonAction({ org, lessonId: ids.lessonId, title: "pwned" }),
    deleteLesson: () => actions.deleteLessonAction({ org, lessonId: ids.lessonId }),
    saveLesson: () => actions.saveLessonAction({ org, lessonId: ids.lessonId, version: 1, body: { kind: "doc", doc } }),
    lessonSettings: () => actions.updateLessonSettingsAction({ org, lessonId: ids.lessonId, settings: { isFreePreview: true } }),
    salesPage: () =>
      actions.updateSalesPageAction({
        org,
        courseId: ids.courseId,
        version: 1,
        salesPage: { about: doc, outcomes: ["pwned"], instructor: { name: "pwned", bio: "", photoUrl: "" }, faq: [], testimonials: [] },
      }),
  };
}

async function snapshot(ids: typeof beta & { scope?: unknown }) {
  const db = await getDb();
  const [c] = await db.select().from(courses).where(eq(courses.id, ids.courseId));
  const [cr] = await db.select().from(creators).where(eq(creators.id, c!.creatorId));
  return JSON.stringify(await getCourseOutline(systemScope(cr!.id), ids.courseId));
}

beforeAll(async () => {
  await seedDemo();
  beta = await firstOf("beta");
  acme = await firstOf("acme");
});

describe("unauthorized: course builder", () => {
  it("an editor of Acme cannot read or change a Beta course by id", async () => {
    const before = await snapshot(beta);
    await as("editor@acme.test");
    for (const [name, call] of Object.entries(everyAction("acme", beta))) {
      const r = await call();
      expect(r, name).toMatchObject({ ok: false });
      if (!r.ok) expect(["not_found", "forbidden"], `${name}: ${r.code}`).toContain(r.code);
    }
    // …and naming Beta's school does not help either.
    for (const [name, call] of Object.entries(everyAction("beta", beta))) expect(await call(), name).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot(beta)).toBe(before);
  });

  it("a student and a signed-out visitor get nothing from any builder action", async () => {
    const before = await snapshot(acme);
    await as("student@acme.test");
    for (const [name, call] of Object.entries(everyAction("acme", acme))) expect(await call(), name).toMatchObject({ ok: false, code: "not_found" });
    await as(null);
    for (const [name, call] of Object.entries(everyAction("acme", acme))) expect(await call(), name).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await snapshot(acme)).toBe(before);
  });

  it("an editor edits but cannot delete, publish or unpublish", async () => {
    await as("editor@acme.test");
    const a = everyAction("acme", acme);
    for (const name of ["publishCourse", "unpublishCourse", "archiveCourse", "deleteCourse", "deleteModule", "deleteLesson"] as const)
      expect(await a[name](), name).toMatchObject({ ok: false, code: "forbidden" });
    const { getLesson } = await import("@/db/queries/lessons");
    const current = (await getLesson((acme as typeof acme & { scope: never }).scope, acme.lessonId))!;
    expect(
      await actions.updateLessonSettingsAction({
        org: "acme",
        lessonId: acme.lessonId,
        settings: { status: current.status === "published" ? "draft" : "published" },
      }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(await a.renameModule()).toMatchObject({ ok: true });
    expect(await a.createLesson()).toMatchObject({ ok: true });
  });
});

describe("course actions", () => {
  it("create → autosave → conflict from a second tab → publish, with clear messages", async () => {
    await as("owner@acme.test");
    const created = await actions.createCourseAction({ org: "acme", title: "Ink & Wash Basics" });
    if (!created.ok) throw new Error(created.message);
    expect(created.data.slug).toBe("ink-wash-basics");
    expect(await actions.createCourseAction({ org: "acme", title: "Another", slug: "ink-wash-basics" })).toMatchObject({ ok: false, code: "conflict" });
    const m = await actions.createModuleAction({ org: "acme", courseId: created.data.id, title: "Week 1" });
    if (!m.ok) throw new Error(m.message);
    const l = await actions.createLessonAction({ org: "acme", moduleId: m.data.id, title: "Materials", type: "text" });
    if (!l.ok) throw new Error(l.message);
    const doc = {
      type: "doc" as const,
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Brushes" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "See ", marks: [] },
            { type: "text", text: "the list", marks: [{ type: "link", attrs: { href: "https://example.com/brushes" } }] },
          ],
        },
      ],
    };
    const saved = await actions.saveLessonAction({ org: "acme", lessonId: l.data.id, version: l.data.version, body: { kind: "doc", doc } });
    expect(saved).toMatchObject({ ok: true, data: { version: 2 } });
    const stale = await actions.saveLessonAction({ org: "acme", lessonId: l.data.id, version: l.data.version, body: { kind: "doc", doc } });
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    if (!stale.ok) expect(stale.message).toMatch(/changed elsewhere/);
    const bad = await actions.saveLessonAction({
      org: "acme",
      lessonId: l.data.id,
      version: 2,
      body: { kind: "doc", doc: { type: "doc" as const, content: [{ type: "script", text: "x" }] } },
    });
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(await actions.publishCourseAction({ org: "acme", courseId: created.data.id })).toMatchObject({
      ok: false,
      code: "invalid",
      message: "To publish this course it needs at least one published lesson.",
    });
    expect(await actions.updateLessonSettingsAction({ org: "acme", lessonId: l.data.id, settings: { status: "published" } })).toMatchObject({ ok: true });
    const pub = await actions.publishCourseAction({ org: "acme", courseId: created.data.id });
    // Acme is on Pro (10 published courses): it publishes.
    expect(pub).toMatchObject({ ok: true, data: { status: "published" } });
    const q = await actions.createLessonAction({ org: "acme", moduleId: m.data.id, title: "Check", type: "quiz" });
    if (!q.ok) throw new Error(q.message);
    const quizPublish = await actions.updateLessonSettingsAction({ org: "acme", lessonId: q.data.id, settings: { status: "published" } });
    expect(quizPublish).toMatchObject({ ok: false, code: "invalid" });
    if (!quizPublish.ok) expect(quizPublish.message).toMatch(/add at least one question/);
  });
});
