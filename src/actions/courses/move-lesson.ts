"use server";
import { z } from "zod";
import { moveLesson } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { positionIndex, uuid } from "@/lib/courses/schemas";

/** Drag (or keyboard move) of a lesson, within its module or to another module of the course. */
export const moveLessonAction = orgAction(
  { name: "move-lesson", schema: z.object({ lessonId: uuid, toModuleId: uuid, toIndex: positionIndex }), minRole: "editor" },
  async ({ lessonId, toModuleId, toIndex }, { scope, user }) => {
    const r = await moveLesson(scope, { actorUserId: user.id, lessonId, toModuleId, toIndex });
    await revalidateCoursesIfLive(scope, r.courseId);
    return r;
  },
);
