"use server";
import { z } from "zod";
import { publishCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";
import { warnIfNearLimit } from "@/lib/platform-billing/warnings";

/** Owners and admins publish; the answer says what is missing when it cannot be. */
export const publishCourseAction = orgAction(
  { name: "publish-course", schema: z.object({ courseId: uuid }), minRole: "admin" },
  async ({ courseId }, { scope, user, creator }) => {
    const c = await publishCourse(scope, user.id, courseId);
    await warnIfNearLimit(scope, { metric: "publishedCourses", school: creator });
    revalidateCourses(scope);
    return { status: c.status, version: c.version };
  },
);
