"use server";
import { z } from "zod";
import { getLesson, updateLessonSettings } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { lessonSettingsSchema, uuid } from "@/lib/courses/schemas";
import { DomainError } from "@/lib/errors";

/** The lesson settings panel: free preview, drip, prerequisite, duration; publishing is for owners and admins. */
const schema = z.object({ lessonId: uuid, settings: lessonSettingsSchema });
export type UpdateLessonSettingsInput = z.input<typeof schema>;

export const updateLessonSettingsAction = orgAction(
  { name: "update-lesson-settings", schema, minRole: "editor" },
  async ({ lessonId, settings }, { scope, user, role }) => {
    const current = await getLesson(scope, lessonId);
    if (!current) throw new DomainError("not_found", "Lesson not found");
    if (settings.status && settings.status !== current.status && role === "editor")
      throw new DomainError("forbidden", "Only owners and admins can publish or unpublish lessons.");
    const l = await updateLessonSettings(scope, { actorUserId: user.id, lessonId, settings });
    revalidateCourses(scope);
    return { version: l.version, status: l.status };
  },
);
