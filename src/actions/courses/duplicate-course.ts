"use server";
import { z } from "zod";
import { duplicateCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { uuid } from "@/lib/courses/schemas";
import { warnIfNearLimit } from "@/lib/platform-billing/warnings";

/** A deep copy as a new draft ("Copy of …"). */
export const duplicateCourseAction = orgAction(
  { name: "duplicate-course", schema: z.object({ courseId: uuid }), minRole: "editor" },
  async ({ courseId }, { scope, user, creator }) => {
    const c = await duplicateCourse(scope, user.id, courseId);
    await warnIfNearLimit(scope, { metric: "courses", school: creator });
    return { id: c.id, slug: c.slug, title: c.title };
  },
);
