import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { deleteCourse, duplicateCourse, getCourseOutline, publishCourse } from "./courses";
import { createLesson, deleteLesson, lessonPositions, moveLesson, saveLessonContent, updateLessonSettings, VersionConflictError } from "./lessons";
import { createModule, moveModule } from "./modules";
import { createCourse } from "./courses";
import { createCreatorWithOwner } from "./tenants";
import { findUserByEmail } from "./users";

let ownerId = "";
let n = 0;
async function school(): Promise<TenantScope> {
  const c = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Builder", slug: `builder-${++n}-${Date.now().toString(36)}` });
  const { changePlan } = await import("./limits");
  await changePlan(systemScope(c.id), { actorUserId: ownerId, planId: "business" });
  return systemScope(c.id);
}

/** A course with `shape[i]` lessons in module i. */
async function course(scope: TenantScope, shape: number[]) {
  const c = await createCourse(scope, ownerId, { title: "Course", slug: `c-${Math.random().toString(36).slice(2, 8)}` });
  const modules: string[] = [];
  const lessons: string[] = [];
  for (const [i, count] of shape.entries()) {
    const m = await createModule(scope, { actorUserId: ownerId, courseId: c.id, title: `Module ${i + 1}` });
    modules.push(m.id);
    for (let j = 0; j < count; j++) lessons.push((await createLesson(scope, { actorUserId: ownerId, moduleId: m.id, title: `L${i}.${j}`, type: "text" })).id);
  }
  return { courseId: c.id, modules, lessons };
}

/** Every module's lessons are at 0..n−1 and the set of lessons is exactly `expected`. */
async function expectConsistent(scope: TenantScope, courseId: string, expected: string[]) {
  const rows = await lessonPositions(scope, courseId);
  expect(rows.map((r) => r.id).sort()).toEqual([...expected].sort());
  const byModule = new Map<string, number[]>();
  for (const r of rows) byModule.set(r.moduleId, [...(byModule.get(r.moduleId) ?? []), r.position]);
  for (const positions of byModule.values()) expect(positions.sort((a, b) => a - b)).toEqual(positions.map((_, i) => i));
}

beforeAll(async () => {
  await seedDemo();
  ownerId = (await findUserByEmail("owner@acme.test"))!.id;
});

describe("course builder: ordering", () => {
  it("property: any sequence of moves leaves each module at 0..n−1 with no lesson lost or duplicated", async () => {
    const scope = await school();
    const { courseId, modules, lessons } = await course(scope, [3, 2, 0]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ lesson: fc.nat(lessons.length - 1), module: fc.nat(modules.length - 1), index: fc.integer({ min: -1, max: 8 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (moves) => {
          for (const m of moves)
            await moveLesson(scope, { actorUserId: ownerId, lessonId: lessons[m.lesson]!, toModuleId: modules[m.module]!, toIndex: Math.max(0, m.index) });
          await expectConsistent(scope, courseId, lessons);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a move lands where asked: within a module and across modules", async () => {
    const scope = await school();
    const { courseId, modules, lessons } = await course(scope, [3, 1]);
    await moveLesson(scope, { actorUserId: ownerId, lessonId: lessons[0]!, toModuleId: modules[0]!, toIndex: 2 }); // A B C → B C A
    await moveLesson(scope, { actorUserId: ownerId, lessonId: lessons[1]!, toModuleId: modules[1]!, toIndex: 0 }); // B → start of module 2
    const o = (await getCourseOutline(scope, courseId))!;
    expect(o.modules[0]!.lessons.map((l) => l.title)).toEqual(["L0.2", "L0.0"]);
    expect(o.modules[1]!.lessons.map((l) => l.title)).toEqual(["L0.1", "L1.0"]);
    await moveModule(scope, { actorUserId: ownerId, moduleId: modules[1]!, toIndex: 0 });
    expect((await getCourseOutline(scope, courseId))!.modules.map((m) => m.title)).toEqual(["Module 2", "Module 1"]);
  });

  it("two tabs moving, adding and deleting at once keep positions consistent", async () => {
    const scope = await school();
    const { courseId, modules, lessons } = await course(scope, [4, 4]);
    const created: Promise<{ id: string }>[] = [];
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 16; i++)
      ops.push(moveLesson(scope, { actorUserId: ownerId, lessonId: lessons[i % lessons.length]!, toModuleId: modules[(i * 7) % 2]!, toIndex: (i * 3) % 5 }));
    for (let i = 0; i < 4; i++) created.push(createLesson(scope, { actorUserId: ownerId, moduleId: modules[i % 2]!, title: `new ${i}`, type: "text" }));
    ops.push(deleteLesson(scope, ownerId, lessons[7]!));
    await Promise.all([...ops.map((p) => p.catch((e) => (/Lesson not found/.test(String(e)) ? null : Promise.reject(e)))), ...created]);
    const expected = [...lessons.filter((l) => l !== lessons[7]), ...(await Promise.all(created)).map((c) => c.id)];
    await expectConsistent(scope, courseId, expected);
  });
});

describe("course builder: courses and lessons", () => {
  it("publishing says what is missing, then publishes", async () => {
    const scope = await school();
    const { courseId, lessons } = await course(scope, [1]);
    await expect(publishCourse(scope, ownerId, courseId)).rejects.toThrow("To publish this course it needs at least one published lesson.");
    // The lesson's own rule (beside the noun it judges): an empty text lesson does not publish.
    await expect(updateLessonSettings(scope, { actorUserId: ownerId, lessonId: lessons[0]!, settings: { status: "published" } })).rejects.toThrow(
      "Before publishing this lesson: write some content.",
    );
    await saveLessonContent(scope, {
      actorUserId: ownerId,
      lessonId: lessons[0]!,
      expectedVersion: 1,
      expectedType: "text",
      content: { type: "doc" },
      contentHtml: "<p>Welcome</p>",
    });
    await updateLessonSettings(scope, { actorUserId: ownerId, lessonId: lessons[0]!, settings: { status: "published" } });
    expect((await publishCourse(scope, ownerId, courseId)).status).toBe("published");
  });

  it("a text lesson becomes a video lesson keeping its text as the notes under the video (saved by the same autosave); only back while it has no video", async () => {
    const scope = await school();
    const { lessons } = await course(scope, [2]);
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Notes" }] }] };
    await saveLessonContent(scope, {
      actorUserId: ownerId,
      lessonId: lessons[0]!,
      expectedVersion: 1,
      expectedType: "doc",
      content: doc,
      contentHtml: "<p>Notes</p>",
    });
    const video = await updateLessonSettings(scope, { actorUserId: ownerId, lessonId: lessons[0]!, settings: { type: "video" } });
    expect(video).toMatchObject({ type: "video", contentHtml: "<p>Notes</p>" });
    const saved = await saveLessonContent(scope, {
      actorUserId: ownerId,
      lessonId: lessons[0]!,
      expectedVersion: 2,
      expectedType: "doc",
      content: doc,
      contentHtml: "<p>More</p>",
    });
    expect(saved.version).toBe(3);
    await expect(
      saveLessonContent(scope, { actorUserId: ownerId, lessonId: lessons[0]!, expectedVersion: 3, expectedType: "quiz", content: {}, contentHtml: null }),
    ).rejects.toThrow(/video lesson/);
    expect(await updateLessonSettings(scope, { actorUserId: ownerId, lessonId: lessons[0]!, settings: { type: "text" } })).toMatchObject({ type: "text" });
    // Becoming a video lesson and published at once is judged on the lesson as it will be: no video yet.
    await expect(
      updateLessonSettings(scope, { actorUserId: ownerId, lessonId: lessons[0]!, settings: { type: "video", status: "published" } }),
    ).rejects.toThrow(/add a video/);
    const quiz = await createLesson(scope, {
      actorUserId: ownerId,
      moduleId: (await getCourseOutline(scope, video.courseId))!.modules[0]!.id,
      title: "Q",
      type: "quiz",
    });
    await expect(updateLessonSettings(scope, { actorUserId: ownerId, lessonId: quiz.id, settings: { type: "video" } })).rejects.toThrow(/Only a text lesson/);
  });

  it("autosave refuses a stale version instead of overwriting", async () => {
    const scope = await school();
    const { lessons } = await course(scope, [1]);
    const first = await saveLessonContent(scope, {
      actorUserId: ownerId,
      lessonId: lessons[0]!,
      expectedVersion: 1,
      expectedType: "text",
      content: { type: "doc" },
      contentHtml: "<p>tab A</p>",
    });
    expect(first.version).toBe(2);
    await expect(
      saveLessonContent(scope, {
        actorUserId: ownerId,
        lessonId: lessons[0]!,
        expectedVersion: 1,
        expectedType: "text",
        content: { type: "doc" },
        contentHtml: "<p>tab B</p>",
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      saveLessonContent(scope, { actorUserId: ownerId, lessonId: lessons[0]!, expectedVersion: 2, expectedType: "quiz", content: {}, contentHtml: null }),
    ).rejects.toThrow(/This is a text lesson/);
  });

  it("duplicate copies the whole outline as a draft; delete removes only that course", async () => {
    const scope = await school();
    const a = await course(scope, [2, 1]);
    const b = await course(scope, [1]);
    await updateLessonSettings(scope, {
      actorUserId: ownerId,
      lessonId: a.lessons[1]!,
      settings: { prerequisiteLessonId: a.lessons[0]!, prerequisiteRule: "complete" },
    });
    const copy = await duplicateCourse(scope, ownerId, a.courseId);
    const o = (await getCourseOutline(scope, copy.id))!;
    expect(o.course).toMatchObject({ title: "Copy of Course", status: "draft" });
    expect(o.modules.map((m) => m.lessons.length)).toEqual([2, 1]);
    expect(o.modules.flatMap((m) => m.lessons.map((l) => l.id)).some((id) => a.lessons.includes(id))).toBe(false);
    await expect(deleteCourse(scope, { actorUserId: ownerId, courseId: a.courseId, confirmTitle: "wrong title" })).rejects.toThrow(/Type the course title/);
    await deleteCourse(scope, { actorUserId: ownerId, courseId: a.courseId, confirmTitle: "Course" });
    expect(await getCourseOutline(scope, a.courseId)).toBeNull();
    await expectConsistent(scope, b.courseId, b.lessons);
    expect((await getCourseOutline(scope, copy.id))!.modules).toHaveLength(2);
  });

  it("a lesson cannot move into another course or tenant", async () => {
    const scope = await school();
    const other = await school();
    const a = await course(scope, [1]);
    const b = await course(scope, [1]);
    const c = await course(other, [1]);
    await expect(moveLesson(scope, { actorUserId: ownerId, lessonId: a.lessons[0]!, toModuleId: b.modules[0]!, toIndex: 0 })).rejects.toThrow(
      /within its course/,
    );
    await expect(moveLesson(scope, { actorUserId: ownerId, lessonId: a.lessons[0]!, toModuleId: c.modules[0]!, toIndex: 0 })).rejects.toThrow(
      /Module not found/,
    );
    await expect(moveLesson(other, { actorUserId: ownerId, lessonId: a.lessons[0]!, toModuleId: c.modules[0]!, toIndex: 0 })).rejects.toThrow(
      /Lesson not found/,
    );
  });
});
