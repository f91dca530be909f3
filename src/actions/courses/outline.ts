"use server";
import { z } from "zod";
import { getCourse } from "@/db/queries/builder";
import { createLesson, createModule, deleteLesson, deleteModule, moveLesson, moveModule, renameModule, updateLessonSettings } from "@/db/queries/outline";
import type { TenantScope } from "@/db/scope";
import { orgAction } from "@/lib/actions/safe-action";
import { emptyQuiz } from "@/lib/courses/quiz";
import { LESSON_TYPES, title, uuid } from "@/lib/courses/schemas";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

/** The outline (left panel): modules and lessons, added, renamed, moved and deleted. */

async function refreshIfLive(scope: TenantScope, courseId: string) {
  const c = await getCourse(scope, courseId);
  if (c?.status === "published") await revalidateTenantSite(scope, ["courses"]);
}
const index = z.number().int().min(0).max(10_000);

export const createModuleAction = orgAction("create-module", { schema: z.object({ courseId: uuid, title }), minRole: "editor" }, async ({ courseId, title }, { scope, user }) => {
  const m = await createModule(scope, user.id, courseId, title);
  return { id: m.id, title: m.title, position: m.position };
});

export const renameModuleAction = orgAction("rename-module", { schema: z.object({ moduleId: uuid, title }), minRole: "editor" }, async ({ moduleId, title }, { scope, user }) => {
  const m = await renameModule(scope, user.id, moduleId, title);
  await refreshIfLive(scope, m.courseId);
  return { id: m.id, title: m.title };
});

export const moveModuleAction = orgAction("move-module", { schema: z.object({ moduleId: uuid, toIndex: index }), minRole: "editor" }, async ({ moduleId, toIndex }, { scope, user }) => {
  const r = await moveModule(scope, user.id, moduleId, toIndex);
  await refreshIfLive(scope, r.courseId);
  return r;
});

export const deleteModuleAction = orgAction("delete-module", { schema: z.object({ moduleId: uuid }), minRole: "admin" }, async ({ moduleId }, { scope, user }) => {
  const r = await deleteModule(scope, user.id, moduleId);
  await refreshIfLive(scope, r.courseId);
  return { id: r.id };
});

export const createLessonAction = orgAction("create-lesson", { schema: z.object({ moduleId: uuid, title, type: z.enum(LESSON_TYPES) }), minRole: "editor" }, async ({ moduleId, title, type }, { scope, user }) => {
  const l = await createLesson(scope, user.id, moduleId, { title, type, content: type === "quiz" ? emptyQuiz() : type === "text" ? { type: "doc", content: [{ type: "paragraph" }] } : null });
  return { id: l.id, title: l.title, type: l.type, position: l.position, version: l.version };
});

export const moveLessonAction = orgAction("move-lesson", { schema: z.object({ lessonId: uuid, toModuleId: uuid, toIndex: index }), minRole: "editor" }, async ({ lessonId, toModuleId, toIndex }, { scope, user }) => {
  const r = await moveLesson(scope, user.id, lessonId, toModuleId, toIndex);
  await refreshIfLive(scope, r.courseId);
  return r;
});

export const deleteLessonAction = orgAction("delete-lesson", { schema: z.object({ lessonId: uuid }), minRole: "admin" }, async ({ lessonId }, { scope, user }) => {
  const r = await deleteLesson(scope, user.id, lessonId);
  await refreshIfLive(scope, r.courseId);
  return { id: r.id };
});

export const renameLessonAction = orgAction("rename-lesson", { schema: z.object({ lessonId: uuid, title }), minRole: "editor" }, async ({ lessonId, title }, { scope, user }) => {
  const l = await updateLessonSettings(scope, user.id, lessonId, { title });
  await refreshIfLive(scope, l.courseId);
  return { id: l.id, title: l.title, version: l.version };
});
