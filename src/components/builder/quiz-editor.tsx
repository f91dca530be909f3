"use client";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { QUESTION_TYPES, quizProblems, type Quiz, type QuizQuestion } from "@/lib/courses/quiz";

const rid = () => Math.random().toString(36).slice(2, 10);

function blank(type: QuizQuestion["type"]): QuizQuestion {
  if (type === "true_false") return { id: rid(), type, prompt: "", answer: true };
  if (type === "short_answer") return { id: rid(), type, prompt: "", accepted: [""] };
  return {
    id: rid(),
    type,
    prompt: "",
    options: [
      { id: rid(), text: "" },
      { id: rid(), text: "" },
    ],
    correct: [],
  };
}

/** The quiz editor: questions of four types, correct answers, pass mark and attempts. */
export function QuizEditor({ initial, onChange }: { initial: Quiz; onChange: (q: Quiz) => void }) {
  const [quiz, setQuiz] = useState<Quiz>(initial);
  const update = (next: Quiz) => {
    setQuiz(next);
    onChange(next);
  };
  const setQuestion = (i: number, q: QuizQuestion) => update({ ...quiz, questions: quiz.questions.map((x, j) => (j === i ? q : x)) });
  const move = (i: number, d: -1 | 1) => {
    const qs = [...quiz.questions];
    const [q] = qs.splice(i, 1);
    qs.splice(i + d, 0, q!);
    update({ ...quiz, questions: qs });
  };
  const problems = quizProblems(quiz);
  return (
    <div className="flex flex-col gap-4" data-testid="quiz-editor">
      <div className="flex flex-wrap gap-4 rounded-lg border border-zinc-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Pass mark (%)
          <input
            type="number"
            min={0}
            max={100}
            value={quiz.passMark}
            onChange={(e) => update({ ...quiz, passMark: Math.max(0, Math.min(100, Number(e.target.value) || 0)) })}
            className="h-9 w-24 rounded border border-zinc-300 px-2"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Attempts allowed
          <select
            value={quiz.maxAttempts ?? ""}
            onChange={(e) => update({ ...quiz, maxAttempts: e.target.value ? Number(e.target.value) : null })}
            className="h-9 rounded border border-zinc-300 px-2"
          >
            <option value="">Unlimited</option>
            {[1, 2, 3, 5, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {quiz.questions.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500">No questions yet. Add the first one below.</p>
      ) : null}
      <ol className="flex flex-col gap-3">
        {quiz.questions.map((q, i) => (
          <li key={q.id} className="rounded-lg border border-zinc-200 bg-white p-4" data-testid="quiz-question">
            <div className="mb-2 flex items-center justify-between gap-2">
              <span className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
                Question {i + 1} · {QUESTION_TYPES.find((t) => t.type === q.type)?.label}
              </span>
              <div className="flex gap-1">
                <button
                  type="button"
                  aria-label={`Move question ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  className="rounded p-1 hover:bg-zinc-100 disabled:opacity-30"
                >
                  <ArrowUp className="h-4 w-4" aria-hidden />
                </button>
                <button
                  type="button"
                  aria-label={`Move question ${i + 1} down`}
                  disabled={i === quiz.questions.length - 1}
                  onClick={() => move(i, 1)}
                  className="rounded p-1 hover:bg-zinc-100 disabled:opacity-30"
                >
                  <ArrowDown className="h-4 w-4" aria-hidden />
                </button>
                <button
                  type="button"
                  aria-label={`Delete question ${i + 1}`}
                  onClick={() => update({ ...quiz, questions: quiz.questions.filter((_, j) => j !== i) })}
                  className="rounded p-1 text-red-700 hover:bg-red-50"
                >
                  <Trash2 className="h-4 w-4" aria-hidden />
                </button>
              </div>
            </div>
            <textarea
              value={q.prompt}
              onChange={(e) => setQuestion(i, { ...q, prompt: e.target.value })}
              placeholder="Ask something…"
              aria-label={`Question ${i + 1} prompt`}
              rows={2}
              className="w-full rounded border border-zinc-300 p-2 text-sm"
            />
            <QuestionAnswers q={q} onChange={(nq) => setQuestion(i, nq)} n={i + 1} />
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        {QUESTION_TYPES.map((t) => (
          <button
            key={t.type}
            type="button"
            onClick={() => update({ ...quiz, questions: [...quiz.questions, blank(t.type)] })}
            className="inline-flex items-center gap-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50"
          >
            <Plus className="h-4 w-4" aria-hidden /> {t.label}
          </button>
        ))}
      </div>
      {problems.length ? (
        <p className="text-xs text-amber-700">Before publishing: {problems.join("; ")}.</p>
      ) : (
        <p className="text-xs text-emerald-700">Ready to publish.</p>
      )}
    </div>
  );
}

function QuestionAnswers({ q, onChange, n }: { q: QuizQuestion; onChange: (q: QuizQuestion) => void; n: number }) {
  if (q.type === "true_false")
    return (
      <fieldset className="mt-2 flex gap-4 text-sm">
        <legend className="sr-only">Correct answer for question {n}</legend>
        {[true, false].map((v) => (
          <label key={String(v)} className="flex items-center gap-1.5">
            <input type="radio" name={`tf-${q.id}`} checked={q.answer === v} onChange={() => onChange({ ...q, answer: v })} /> {v ? "True" : "False"} is correct
          </label>
        ))}
      </fieldset>
    );
  if (q.type === "short_answer")
    return (
      <div className="mt-2 flex flex-col gap-1.5">
        <span className="text-xs text-zinc-500">Accepted answers (not case-sensitive)</span>
        {q.accepted.map((a, j) => (
          <div key={j} className="flex gap-2">
            <input
              value={a}
              onChange={(e) => onChange({ ...q, accepted: q.accepted.map((x, k) => (k === j ? e.target.value : x)) })}
              aria-label={`Accepted answer ${j + 1} for question ${n}`}
              className="h-8 flex-1 rounded border border-zinc-300 px-2 text-sm"
            />
            <button
              type="button"
              aria-label={`Remove accepted answer ${j + 1}`}
              disabled={q.accepted.length === 1}
              onClick={() => onChange({ ...q, accepted: q.accepted.filter((_, k) => k !== j) })}
              className="rounded p-1 hover:bg-zinc-100 disabled:opacity-30"
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onChange({ ...q, accepted: [...q.accepted, ""] })} className="self-start text-sm underline">
          Add another accepted answer
        </button>
      </div>
    );
  const multiple = q.type === "multiple";
  return (
    <fieldset className="mt-2 flex flex-col gap-1.5">
      <legend className="text-xs text-zinc-500">Answers — mark {multiple ? "every correct one" : "the correct one"}</legend>
      {q.options.map((o, j) => (
        <div key={o.id} className="flex items-center gap-2">
          <input
            type={multiple ? "checkbox" : "radio"}
            name={`c-${q.id}`}
            aria-label={`Answer ${j + 1} is correct`}
            checked={q.correct.includes(o.id)}
            onChange={(e) => onChange({ ...q, correct: multiple ? (e.target.checked ? [...q.correct, o.id] : q.correct.filter((c) => c !== o.id)) : [o.id] })}
          />
          <input
            value={o.text}
            onChange={(e) => onChange({ ...q, options: q.options.map((x) => (x.id === o.id ? { ...x, text: e.target.value } : x)) })}
            placeholder={`Answer ${j + 1}`}
            aria-label={`Answer ${j + 1} for question ${n}`}
            className="h-8 flex-1 rounded border border-zinc-300 px-2 text-sm"
          />
          <button
            type="button"
            aria-label={`Remove answer ${j + 1}`}
            disabled={q.options.length <= 2}
            onClick={() => onChange({ ...q, options: q.options.filter((x) => x.id !== o.id), correct: q.correct.filter((c) => c !== o.id) })}
            className="rounded p-1 hover:bg-zinc-100 disabled:opacity-30"
          >
            <Trash2 className="h-4 w-4" aria-hidden />
          </button>
        </div>
      ))}
      {q.options.length < 12 ? (
        <button type="button" onClick={() => onChange({ ...q, options: [...q.options, { id: rid(), text: "" }] })} className="self-start text-sm underline">
          Add an answer
        </button>
      ) : null}
    </fieldset>
  );
}
