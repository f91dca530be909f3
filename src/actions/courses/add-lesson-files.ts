"use server";
import { z } from "zod";
import { addLessonFiles } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { uuid } from "@/lib/courses/schemas";

/** Attach uploaded files (this school's) to a download lesson. */
export const addLessonFilesAction = orgAction(
  { name: "add-lesson-files", schema: z.object({ lessonId: uuid, mediaAssetIds: z.array(uuid).min(1).max(20) }), minRole: "editor" },
  async ({ lessonId, mediaAssetIds }, { scope, user }) => {
    await addLessonFiles(scope, { actorUserId: user.id, lessonId, mediaAssetIds });
    return { count: mediaAssetIds.length };
  },
);
