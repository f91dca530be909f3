"use server";
import { z } from "zod";
import { updateLessonSettings } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { title, uuid } from "@/lib/courses/schemas";

export const renameLessonAction = orgAction(
  { name: "rename-lesson", schema: z.object({ lessonId: uuid, title }), minRole: "editor" },
  async ({ lessonId, title }, { scope, user }) => {
    const l = await updateLessonSettings(scope, { actorUserId: user.id, lessonId, settings: { title } });
    await revalidateCoursesIfLive(scope, l.courseId);
    return { id: l.id, title: l.title, version: l.version };
  },
);
