"use server";
import { z } from "zod";
import { updateCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { courseFieldsSchema, uuid } from "@/lib/courses/schemas";

/** Course settings (title, slug, subtitle, description, cover, SEO); refused if someone saved since `version`. */
export const updateCourseAction = orgAction(
  { name: "update-course", schema: z.object({ courseId: uuid, version: z.number().int().min(1).optional(), fields: courseFieldsSchema }), minRole: "editor" },
  async ({ courseId, version, fields }, { scope, user }) => {
    const c = await updateCourse(scope, { actorUserId: user.id, courseId, fields, expectedVersion: version });
    if (c.status === "published") revalidateCourses(scope);
    return { version: c.version, slug: c.slug };
  },
);
