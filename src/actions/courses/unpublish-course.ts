"use server";
import { z } from "zod";
import { setCourseStatus } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";

/** Back to a draft: off the school's site, students keep nothing new. */
export const unpublishCourseAction = orgAction(
  { name: "unpublish-course", schema: z.object({ courseId: uuid }), minRole: "admin" },
  async ({ courseId }, { scope, user }) => {
    const c = await setCourseStatus(scope, { actorUserId: user.id, courseId, status: "draft" });
    revalidateCourses(scope);
    return { status: c.status, version: c.version };
  },
);
