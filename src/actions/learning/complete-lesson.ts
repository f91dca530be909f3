"use server";
import { z } from "zod";
import { completeLesson as complete } from "@/db/queries/learning";
import { studentAction } from "@/lib/actions/chain";

/** The player's "Mark complete": an active student of this host's school, an open lesson of a course they are enrolled in. */
const schema = z.object({ courseSlug: z.string().trim().min(1).max(120), lessonId: z.string().uuid("Unknown lesson") });

export const completeLesson = studentAction({ name: "learning.completeLesson", schema }, async (input, { scope, user }) =>
  complete(scope, { userId: user.id, courseSlug: input.courseSlug, lessonId: input.lessonId }),
);
