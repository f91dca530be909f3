"use server";
import { z } from "zod";
import { courseSlug } from "@/lib/courses/schemas";
import { submitQuizAttempt } from "@/db/queries/learning";
import { studentAction } from "@/lib/actions/chain";

/**
 * A student's answers to a quiz, graded on the server. Answers are keyed by question id: a list of option
 * ids (single / multiple choice), true or false, or the text typed (short answer).
 */
const typed = z
  .string()
  .max(500)
  // Control characters are nobody's answer (and a NUL cannot be stored).
  .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, " "));
const answer = z.union([
  z
    .array(
      z
        .string()
        .max(40)
        .regex(/^[\w-]+$/),
    )
    .max(12),
  z.boolean(),
  typed,
]);
const schema = z.object({
  courseSlug,
  lessonId: z.string().uuid("Unknown quiz"),
  answers: z.record(z.string().max(40), answer).refine((a) => Object.keys(a).length <= 100, "Too many answers"),
});

export const submitQuiz = studentAction({ name: "learning.submitQuiz", schema }, async (input, { scope, user }) =>
  submitQuizAttempt(scope, { userId: user.id, courseSlug: input.courseSlug, lessonId: input.lessonId, answers: input.answers }),
);
