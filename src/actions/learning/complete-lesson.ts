"use server";
import { z } from "zod";
import { courseSlug } from "@/lib/courses/schemas";
import { completeLesson as complete } from "@/db/queries/learning";
import { studentAction } from "@/lib/actions/chain";

/** The player's "Mark complete": an active student of this host's school, an open lesson of a course they are enrolled in. */
const schema = z.object({ courseSlug, lessonId: z.string().uuid("Unknown lesson") });

export const completeLesson = studentAction({ name: "learning.completeLesson", schema }, async (input, { scope, user }) =>
  complete(scope, { userId: user.id, courseSlug: input.courseSlug, lessonId: input.lessonId }),
);
