"use server";
import { z } from "zod";
import { setCourseStatus } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";

/** Archived: off the site and out of the plan's course count, kept for enrolled students. */
export const archiveCourseAction = orgAction(
  { name: "archive-course", schema: z.object({ courseId: uuid }), minRole: "admin" },
  async ({ courseId }, { scope, user }) => {
    const c = await setCourseStatus(scope, { actorUserId: user.id, courseId, status: "archived" });
    revalidateCourses(scope);
    return { status: c.status, version: c.version };
  },
);
