import { z } from "zod";

/**
 * A quiz lesson's definition (stored in `lessons.content`). Saving is lenient so the editor can
 * autosave half-written questions; `quizProblems` says what must be finished before publishing.
 * Shared by the builder (client) and the server.
 */
const id = z.string().min(1).max(40);
const prompt = z.string().max(2_000);
const option = z.object({ id, text: z.string().max(500) });

export const quizQuestionSchema = z.discriminatedUnion("type", [
  z.object({ id, type: z.literal("single"), prompt, options: z.array(option).max(12), correct: z.array(id).max(1) }),
  z.object({ id, type: z.literal("multiple"), prompt, options: z.array(option).max(12), correct: z.array(id).max(12) }),
  z.object({ id, type: z.literal("true_false"), prompt, answer: z.boolean() }),
  z.object({ id, type: z.literal("short_answer"), prompt, accepted: z.array(z.string().max(200)).max(20) }),
]);

export const quizSchema = z.object({
  kind: z.literal("quiz"),
  /** Percentage of questions to answer correctly to pass. */
  passMark: z.number().int().min(0).max(100),
  /** Attempts a student gets; null = unlimited. */
  maxAttempts: z.number().int().min(1).max(100).nullable(),
  questions: z.array(quizQuestionSchema).max(100),
});

export type Quiz = z.infer<typeof quizSchema>;
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;
export const QUESTION_TYPES: { type: QuizQuestion["type"]; label: string }[] = [
  { type: "single", label: "Single choice" },
  { type: "multiple", label: "Multiple choice" },
  { type: "true_false", label: "True / false" },
  { type: "short_answer", label: "Short answer" },
];

export const emptyQuiz = (): Quiz => ({ kind: "quiz", passMark: 70, maxAttempts: null, questions: [] });

/** What stops this quiz from being published (empty when it is ready). */
export function quizProblems(q: Quiz): string[] {
  const out: string[] = [];
  if (q.questions.length === 0) out.push("add at least one question");
  q.questions.forEach((question, i) => {
    const n = `question ${i + 1}`;
    if (!question.prompt.trim()) out.push(`${n} needs a prompt`);
    if (question.type === "single" || question.type === "multiple") {
      const filled = question.options.filter((o) => o.text.trim());
      if (filled.length < 2) out.push(`${n} needs at least two answers`);
      const ids = new Set(question.options.map((o) => o.id));
      if (question.correct.filter((c) => ids.has(c)).length === 0) out.push(`${n} needs a correct answer marked`);
    }
    if (question.type === "short_answer" && !question.accepted.some((a) => a.trim())) out.push(`${n} needs at least one accepted answer`);
  });
  return out;
}

/** Score answers against the quiz (used when students take it, and by the builder's preview). */
export function gradeQuiz(q: Quiz, answers: Record<string, string[] | boolean | string | undefined>) {
  const results = q.questions.map((question) => {
    const a = answers[question.id];
    let right: boolean;
    if (question.type === "true_false") right = a === question.answer;
    else if (question.type === "short_answer") {
      const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
      // A blank accepted answer (a row left empty in the editor) accepts nothing, and a blank answer is never right.
      const given = typeof a === "string" ? norm(a) : "";
      right = given !== "" && question.accepted.some((x) => norm(x) !== "" && norm(x) === given);
    } else {
      const given = new Set(Array.isArray(a) ? a : []);
      const want = new Set(question.correct);
      right = given.size === want.size && [...want].every((w) => given.has(w));
    }
    return { questionId: question.id, correct: right };
  });
  const correct = results.filter((r) => r.correct).length;
  const total = q.questions.length;
  const score = total ? Math.round((correct / total) * 100) : 0;
  return { correct, total, score, passed: score >= q.passMark, results };
}

/** A quiz as the browser may see it before an attempt: prompts and options, never which answers are right. */
export function publicQuiz(q: Quiz) {
  return {
    passMark: q.passMark,
    maxAttempts: q.maxAttempts,
    questions: q.questions.map((question) =>
      question.type === "single" || question.type === "multiple"
        ? { id: question.id, type: question.type, prompt: question.prompt, options: question.options.map((o) => ({ id: o.id, text: o.text })) }
        : { id: question.id, type: question.type, prompt: question.prompt },
    ),
  };
}
