import type { TenantScope } from "../scope";
import { quizSchema, type Quiz } from "@/lib/courses/quiz";
import { saveLessonContent } from "./lessons";

/**
 * Quizzes: a quiz lesson's definition (questions, pass mark, attempts) lives in its lesson's body and
 * autosaves like text, with the same version check. What a quiz needs before it can be published is
 * `quizProblems` (shared with the builder, which shows it as the creator types).
 */
export async function saveQuiz(scope: TenantScope, save: { actorUserId: string; lessonId: string; expectedVersion: number; title?: string; quiz: Quiz }) {
  const quiz = quizSchema.parse(save.quiz);
  return saveLessonContent(scope, {
    actorUserId: save.actorUserId,
    lessonId: save.lessonId,
    expectedVersion: save.expectedVersion,
    expectedType: "quiz",
    title: save.title,
    content: quiz,
    contentHtml: null,
  });
}
