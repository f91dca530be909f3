"use server";
import { z } from "zod";
import { removeLessonFile } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { uuid } from "@/lib/courses/schemas";

export const removeLessonFileAction = orgAction(
  { name: "remove-lesson-file", schema: z.object({ lessonFileId: uuid }), minRole: "editor" },
  async ({ lessonFileId }, { scope, user }) => {
    await removeLessonFile(scope, user.id, lessonFileId);
    return { id: lessonFileId };
  },
);
