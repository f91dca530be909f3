"use server";
import { z } from "zod";
import { deleteCourse, duplicateCourse, publishCourse, setCourseStatus, updateCourse } from "@/db/queries/builder";
import { createCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/safe-action";
import { courseFieldsSchema, courseSlug, slugify, title, uuid } from "@/lib/courses/schemas";
import { warnIfNearLimit } from "@/lib/plans/warnings";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

/** Course actions: editors create and edit; only owners and admins publish, unpublish, archive or delete. */

export const createCourseAction = orgAction("create-course", { schema: z.object({ title, slug: courseSlug.optional() }), minRole: "editor" }, async (input, { scope, user, creator }) => {
  const c = await createCourse(scope, user.id, { title: input.title, slug: input.slug ?? slugify(input.title) });
  await warnIfNearLimit(scope, "courses", creator.name, creator.slug);
  return { id: c.id, slug: c.slug };
});

export const updateCourseAction = orgAction(
  "update-course",
  { schema: z.object({ courseId: uuid, version: z.number().int().min(1).optional(), fields: courseFieldsSchema }), minRole: "editor" },
  async ({ courseId, version, fields }, { scope, user }) => {
    const c = await updateCourse(scope, user.id, courseId, fields, version);
    if (c.status === "published") await revalidateTenantSite(scope, ["courses"]);
    return { version: c.version, slug: c.slug };
  },
);

export const duplicateCourseAction = orgAction("duplicate-course", { schema: z.object({ courseId: uuid }), minRole: "editor" }, async ({ courseId }, { scope, user, creator }) => {
  const c = await duplicateCourse(scope, user.id, courseId);
  await warnIfNearLimit(scope, "courses", creator.name, creator.slug);
  return { id: c.id, slug: c.slug, title: c.title };
});

export const publishCourseAction = orgAction("publish-course", { schema: z.object({ courseId: uuid }), minRole: "admin" }, async ({ courseId }, { scope, user, creator }) => {
  const c = await publishCourse(scope, user.id, courseId);
  await warnIfNearLimit(scope, "publishedCourses", creator.name, creator.slug);
  await revalidateTenantSite(scope, ["courses"]);
  return { status: c.status, version: c.version };
});

export const unpublishCourseAction = orgAction("unpublish-course", { schema: z.object({ courseId: uuid }), minRole: "admin" }, async ({ courseId }, { scope, user }) => {
  const c = await setCourseStatus(scope, user.id, courseId, "draft");
  await revalidateTenantSite(scope, ["courses"]);
  return { status: c.status, version: c.version };
});

export const archiveCourseAction = orgAction("archive-course", { schema: z.object({ courseId: uuid }), minRole: "admin" }, async ({ courseId }, { scope, user }) => {
  const c = await setCourseStatus(scope, user.id, courseId, "archived");
  await revalidateTenantSite(scope, ["courses"]);
  return { status: c.status, version: c.version };
});

export const restoreCourseAction = orgAction("restore-course", { schema: z.object({ courseId: uuid }), minRole: "admin" }, async ({ courseId }, { scope, user }) => {
  const c = await setCourseStatus(scope, user.id, courseId, "draft");
  return { status: c.status, version: c.version };
});

export const deleteCourseAction = orgAction("delete-course", { schema: z.object({ courseId: uuid, confirmTitle: z.string().max(300) }), minRole: "admin" }, async ({ courseId, confirmTitle }, { scope, user }) => {
  await deleteCourse(scope, user.id, courseId, confirmTitle);
  await revalidateTenantSite(scope, ["courses"]);
  return { id: courseId };
});
