"use client";
import { CheckCircle2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { submitQuiz } from "@/actions/learning/submit-quiz";
import type { publicQuiz } from "@/lib/courses/quiz";

type PublicQuiz = ReturnType<typeof publicQuiz>;
type Answer = string[] | boolean | string;
type Outcome = {
  score: number;
  passed: boolean;
  correct: number;
  total: number;
  attemptsLeft: number | null;
  courseCompleted: boolean;
  results: { questionId: string; correct: boolean }[];
};

/**
 * A quiz as the student takes it. The page sends prompts and options only; the answers are graded by the
 * server on submit, which says which questions were right (not what the right answers are), the score
 * against the pass mark, and how many attempts are left.
 */
export function QuizForm({
  courseSlug,
  lessonId,
  quiz,
  attemptsUsed,
  passed,
  nextHref,
}: {
  courseSlug: string;
  lessonId: string;
  quiz: PublicQuiz;
  attemptsUsed: number;
  passed: boolean;
  nextHref: string | null;
}) {
  const router = useRouter();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, start] = useTransition();
  const resultRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusFirst, setFocusFirst] = useState(false);
  // Focus follows what changed: the result once graded, the first question when trying again.
  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);
  useEffect(() => {
    if (!focusFirst) return;
    formRef.current?.querySelector<HTMLInputElement>("input:not([disabled])")?.focus();
  }, [focusFirst]);
  const left = quiz.maxAttempts === null ? null : quiz.maxAttempts - attemptsUsed;
  const outOfAttempts = !passed && left !== null && left <= 0 && !outcome;
  const locked = !!outcome || outOfAttempts;
  const mark = (id: string) => outcome?.results.find((r) => r.questionId === id)?.correct;
  const set = (id: string, a: Answer) => setAnswers((prev) => ({ ...prev, [id]: a }));
  const unanswered = quiz.questions.filter((q) => {
    const a = answers[q.id];
    return a === undefined || (Array.isArray(a) && a.length === 0) || (typeof a === "string" && !a.trim());
  }).length;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await submitQuiz({ courseSlug, lessonId, answers });
      if (!r.ok) {
        toast.error(r.message);
        return;
      }
      setFocusFirst(false);
      setOutcome(r.data);
      if (r.data.courseCompleted) toast.success("Course complete — congratulations! Your certificate is ready.");
      router.refresh();
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} className="flex flex-col gap-6" aria-describedby="quiz-rules" data-testid="quiz">
      <p id="quiz-rules" className="text-sm text-zinc-600">
        Score {quiz.passMark}% or more to pass.{" "}
        {quiz.maxAttempts === null ? "You can try as often as you like." : `${Math.max(0, left ?? 0)} of ${quiz.maxAttempts} attempts left.`}
        {passed && !outcome ? " You have passed this quiz." : ""}
      </p>
      <ol className="flex flex-col gap-5">
        {quiz.questions.map((q, i) => {
          const m = mark(q.id);
          return (
            <li key={q.id}>
              <fieldset className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-4" disabled={locked || pending}>
                <legend className="px-1 font-medium">
                  {i + 1}. {q.prompt}
                </legend>
                {q.type === "single" || q.type === "multiple"
                  ? (q.options ?? []).map((o) => {
                      const chosen = (answers[q.id] as string[] | undefined) ?? [];
                      return (
                        <label key={o.id} className="flex items-center gap-2 text-sm">
                          <input
                            type={q.type === "single" ? "radio" : "checkbox"}
                            name={q.id}
                            value={o.id}
                            checked={chosen.includes(o.id)}
                            onChange={(e) => set(q.id, q.type === "single" ? [o.id] : e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id))}
                          />
                          {o.text}
                        </label>
                      );
                    })
                  : null}
                {q.type === "true_false"
                  ? ([true, false] as const).map((v) => (
                      <label key={String(v)} className="flex items-center gap-2 text-sm">
                        <input type="radio" name={q.id} checked={answers[q.id] === v} onChange={() => set(q.id, v)} />
                        {v ? "True" : "False"}
                      </label>
                    ))
                  : null}
                {q.type === "short_answer" ? (
                  <input
                    type="text"
                    aria-label={`Your answer to question ${i + 1}`}
                    maxLength={500}
                    value={(answers[q.id] as string | undefined) ?? ""}
                    onChange={(e) => set(q.id, e.target.value)}
                    className="rounded-md border border-zinc-300 px-3 py-2 text-sm"
                  />
                ) : null}
                {m === undefined ? null : m ? (
                  <p className="inline-flex items-center gap-1 text-sm font-medium text-emerald-700">
                    <CheckCircle2 aria-hidden className="size-4" /> Correct
                  </p>
                ) : (
                  <p className="inline-flex items-center gap-1 text-sm font-medium text-red-700">
                    <XCircle aria-hidden className="size-4" /> Not correct
                  </p>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {outcome ? (
        <div
          role="status"
          className={`rounded-lg p-4 text-sm ${outcome.passed ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900"}`}
          data-testid="quiz-result"
        >
          <p className="font-semibold">
            {outcome.passed ? "Passed" : passed ? "Not passed this time (your earlier pass stands)" : "Not passed yet"} — you scored {outcome.score}% (
            {outcome.correct} of {outcome.total} correct).
          </p>
          <p>
            {outcome.passed
              ? "This lesson is complete."
              : outcome.attemptsLeft === 0
                ? "You have no attempts left. Contact the school if you need another try."
                : `You need ${quiz.passMark}% to pass.${outcome.attemptsLeft === null ? "" : ` ${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? "" : "s"} left.`}`}
          </p>
          <div className="mt-3 flex gap-3">
            {!outcome.passed && outcome.attemptsLeft !== 0 ? (
              <button
                type="button"
                onClick={() => {
                  setOutcome(null);
                  setAnswers({});
                  setFocusFirst(true);
                }}
                className="rounded-md border border-zinc-300 bg-white px-4 py-2 font-medium text-zinc-900"
              >
                Try again
              </button>
            ) : null}
            {outcome.courseCompleted ? (
              <button
                type="button"
                onClick={() => router.push(`/learn/${courseSlug}/complete`)}
                className="rounded-md bg-brand px-4 py-2 font-medium text-white"
              >
                See your certificate
              </button>
            ) : outcome.passed && nextHref ? (
              <button type="button" onClick={() => router.push(nextHref)} className="rounded-md bg-brand px-4 py-2 font-medium text-white">
                Continue
              </button>
            ) : null}
          </div>
        </div>
      ) : outOfAttempts ? (
        <p role="status" className="rounded-lg bg-amber-50 p-4 text-sm text-amber-900">
          You have used all your attempts at this quiz. Contact the school if you need another try.
        </p>
      ) : passed && left !== null && left <= 0 ? null : (
        <div className="flex items-center gap-3">
          <button type="submit" disabled={pending} className="rounded-md bg-brand px-5 py-2.5 text-sm font-medium text-white disabled:opacity-60">
            {pending ? "Checking…" : passed ? "Take it again" : "Submit answers"}
          </button>
          {unanswered ? <span className="text-sm text-zinc-600">{unanswered} unanswered</span> : null}
        </div>
      )}
    </form>
  );
}
