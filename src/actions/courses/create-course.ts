"use server";
import { z } from "zod";
import { createCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { courseSlug, slugify, title } from "@/lib/courses/schemas";
import { warnIfNearLimit } from "@/lib/platform-billing/warnings";

/** Editors create a draft course (counted against the plan's course limit). */
export const createCourseAction = orgAction(
  { name: "create-course", schema: z.object({ title, slug: courseSlug.optional() }), minRole: "editor" },
  async (input, { scope, user, creator }) => {
    const c = await createCourse(scope, user.id, { title: input.title, slug: input.slug ?? slugify(input.title) });
    await warnIfNearLimit(scope, { metric: "courses", school: creator });
    return { id: c.id, slug: c.slug };
  },
);
