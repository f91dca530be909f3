import { describe, expect, it } from "vitest";
import { lessonAccess, lockMessage, type LessonForAccess } from "./access";

const base: LessonForAccess = {
  id: "l2",
  title: "Two",
  isFreePreview: false,
  dripDays: null,
  dripDate: null,
  prerequisiteLessonId: null,
  prerequisiteRule: null,
};
const ctx = (over: Partial<Parameters<typeof lessonAccess>[1]> = {}) => ({
  enrolledAt: new Date("2026-11-01T10:00:00Z"),
  completed: new Set<string>(),
  passed: new Set<string>(),
  titles: new Map([["l1", "One"]]),
  now: new Date("2026-11-05T10:00:00Z"),
  ...over,
});

describe("lesson access", () => {
  it("a visitor or an un-enrolled student opens free previews only", () => {
    expect(lessonAccess(base, ctx({ enrolledAt: null }))).toEqual({ open: false, lock: { kind: "enroll" } });
    expect(lessonAccess({ ...base, isFreePreview: true }, ctx({ enrolledAt: null }))).toEqual({ open: true });
  });
  it("drip by days after enrolment and by date say when the lesson opens", () => {
    const days = lessonAccess({ ...base, dripDays: 7 }, ctx());
    expect(days).toEqual({ open: false, lock: { kind: "drip", opensAt: new Date("2026-11-08T10:00:00Z") } });
    expect(lessonAccess({ ...base, dripDays: 3 }, ctx())).toEqual({ open: true });
    expect(lessonAccess({ ...base, dripDate: new Date("2026-12-01T00:00:00Z") }, ctx())).toMatchObject({ open: false, lock: { kind: "drip" } });
    expect(lockMessage({ kind: "drip", opensAt: new Date("2026-11-08T10:00:00Z") }, (d) => d.toISOString().slice(0, 10))).toBe(
      "This lesson opens on 2026-11-08.",
    );
  });
  it("a prerequisite must be completed (or passed, for a quiz)", () => {
    const l = { ...base, prerequisiteLessonId: "l1", prerequisiteRule: "complete" as const };
    expect(lessonAccess(l, ctx())).toMatchObject({ open: false, lock: { kind: "prerequisite", lessonTitle: "One" } });
    expect(lessonAccess(l, ctx({ completed: new Set(["l1"]) }))).toEqual({ open: true });
    const quiz = { ...l, prerequisiteRule: "pass" as const };
    expect(lessonAccess(quiz, ctx({ completed: new Set(["l1"]) }))).toMatchObject({ open: false });
    expect(lessonAccess(quiz, ctx({ passed: new Set(["l1"]) }))).toEqual({ open: true });
    expect(lockMessage({ kind: "prerequisite", lessonId: "l1", lessonTitle: "One", rule: "pass" }, String)).toBe("Pass “One” to open this lesson.");
  });
  it("a drip date still ahead wins over a free preview for an enrolled student, never for the preview itself", () => {
    expect(lessonAccess({ ...base, isFreePreview: true, dripDays: 30 }, ctx({ enrolledAt: null }))).toEqual({ open: true });
  });
});
