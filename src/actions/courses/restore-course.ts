"use server";
import { z } from "zod";
import { setCourseStatus } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { uuid } from "@/lib/courses/schemas";

/** Out of the archive as a draft (it counts against the plan again). */
export const restoreCourseAction = orgAction(
  { name: "restore-course", schema: z.object({ courseId: uuid }), minRole: "admin" },
  async ({ courseId }, { scope, user }) => {
    const c = await setCourseStatus(scope, { actorUserId: user.id, courseId, status: "draft" });
    return { status: c.status, version: c.version };
  },
);
