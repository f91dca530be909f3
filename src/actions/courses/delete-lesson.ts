"use server";
import { z } from "zod";
import { deleteLesson } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";

/** Owners and admins delete a lesson; the module's other lessons close the gap. */
export const deleteLessonAction = orgAction(
  { name: "delete-lesson", schema: z.object({ lessonId: uuid }), minRole: "admin" },
  async ({ lessonId }, { scope, user }) => {
    const r = await deleteLesson(scope, user.id, lessonId);
    await revalidateCoursesIfLive(scope, r.courseId);
    return { id: r.id };
  },
);
