import { describe, expect, it } from "vitest";
import { gradeQuiz, publicQuiz, type Quiz } from "./quiz";

const quiz: Quiz = {
  kind: "quiz",
  passMark: 100,
  maxAttempts: null,
  questions: [
    { id: "q1", type: "short_answer", prompt: "Primary colour between green and violet?", accepted: ["Blue", ""] },
    {
      id: "q2",
      type: "multiple",
      prompt: "Warm colours?",
      options: [
        { id: "a", text: "Red" },
        { id: "b", text: "Orange" },
        { id: "c", text: "Teal" },
      ],
      correct: ["a", "b"],
    },
  ],
};

describe("grading a quiz", () => {
  it("short answers match however they are spaced or cased; a blank accepted row accepts nothing, a blank answer is never right", () => {
    expect(gradeQuiz(quiz, { q1: "  blue ", q2: ["b", "a"] })).toMatchObject({ score: 100, passed: true });
    expect(gradeQuiz(quiz, { q1: "", q2: ["a", "b"] }).results[0]).toEqual({ questionId: "q1", correct: false });
    expect(gradeQuiz(quiz, { q1: "   ", q2: ["a", "b"] }).results[0]).toEqual({ questionId: "q1", correct: false });
  });
  it("multiple choice needs exactly the right set; missing answers are wrong; the public quiz has no answers", () => {
    expect(gradeQuiz(quiz, { q1: "blue", q2: ["a"] })).toMatchObject({ score: 50, passed: false });
    expect(gradeQuiz(quiz, { q1: "blue", q2: ["a", "b", "c"] }).results[1]!.correct).toBe(false);
    expect(gradeQuiz(quiz, {})).toMatchObject({ correct: 0, total: 2, score: 0 });
    expect(JSON.stringify(publicQuiz(quiz))).not.toMatch(/Blue|"correct"|"accepted"/);
  });
});
