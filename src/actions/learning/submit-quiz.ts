"use server";
import { z } from "zod";
import { submitQuizAttempt } from "@/db/queries/learning";
import { studentAction } from "@/lib/actions/chain";

/**
 * A student's answers to a quiz, graded on the server. Answers are keyed by question id: a list of option
 * ids (single / multiple choice), true or false, or the text typed (short answer).
 */
const answer = z.union([z.array(z.string().max(40)).max(12), z.boolean(), z.string().max(500)]);
const schema = z.object({
  courseSlug: z.string().trim().min(1).max(120),
  lessonId: z.string().uuid("Unknown quiz"),
  answers: z.record(z.string().max(40), answer).refine((a) => Object.keys(a).length <= 100, "Too many answers"),
});

export const submitQuiz = studentAction({ name: "learning.submitQuiz", schema }, async (input, { scope, user }) =>
  submitQuizAttempt(scope, { userId: user.id, courseSlug: input.courseSlug, lessonId: input.lessonId, answers: input.answers }),
);
