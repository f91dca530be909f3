"use server";
import { z } from "zod";
import { deleteCourse } from "@/db/queries/courses";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";

/** Delete a course with everything in it, confirmed by typing its title; refused while students are enrolled. */
export const deleteCourseAction = orgAction(
  { name: "delete-course", schema: z.object({ courseId: uuid, confirmTitle: z.string().max(300) }), minRole: "admin" },
  async ({ courseId, confirmTitle }, { scope, user }) => {
    await deleteCourse(scope, { actorUserId: user.id, courseId, confirmTitle });
    revalidateCourses(scope);
    return { id: courseId };
  },
);
