"use server";
import { z } from "zod";
import { courseSlug } from "@/lib/courses/schemas";
import { loadCourseForStudent, recordLastLesson } from "@/db/queries/learning";
import { studentAction } from "@/lib/actions/chain";

/**
 * The player says which lesson the student has open, for resume. Sent by the page once it is on screen,
 * not while rendering: a prefetched lesson the student never opened must not become "where they left off".
 */
const schema = z.object({ courseSlug, lessonId: z.string().uuid("Unknown lesson") });

export const recordVisit = studentAction({ name: "learning.recordVisit", schema }, async (input, { scope, user }) => {
  const c = await loadCourseForStudent(scope, { courseSlug: input.courseSlug, userId: user.id });
  const lesson = c?.ordered.find((l) => l.id === input.lessonId);
  if (!c?.enrollment || !lesson?.access.open) return { recorded: false };
  await recordLastLesson(scope, { userId: user.id, courseId: c.course.id, lessonId: lesson.id });
  return { recorded: true };
});
