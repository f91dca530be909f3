import { addDays } from "date-fns";

/**
 * Whether a student may open a lesson now, and if not, why — in words the player shows. Pure: the player,
 * downloads and the completion rule all ask here, so a locked lesson is locked everywhere (its page, its
 * files, marking it complete).
 *
 *  - not enrolled: only free-preview lessons
 *  - drip: opens N days after the enrolment, or on a date
 *  - prerequisite: another lesson of the course completed first ("complete"), or passed ("pass", a quiz)
 */
export type LessonForAccess = {
  id: string;
  title: string;
  isFreePreview: boolean;
  dripDays: number | null;
  dripDate: Date | null;
  prerequisiteLessonId: string | null;
  prerequisiteRule: "complete" | "pass" | null;
};

export type Lock =
  { kind: "enroll" } | { kind: "drip"; opensAt: Date } | { kind: "prerequisite"; lessonId: string; lessonTitle: string; rule: "complete" | "pass" };

export type Access = { open: true } | { open: false; lock: Lock };

export function lessonAccess(
  lesson: LessonForAccess,
  ctx: { enrolledAt: Date | null; completed: ReadonlySet<string>; passed: ReadonlySet<string>; titles: ReadonlyMap<string, string>; now?: Date },
): Access {
  const now = ctx.now ?? new Date();
  if (!ctx.enrolledAt) return lesson.isFreePreview ? { open: true } : { open: false, lock: { kind: "enroll" } };
  const opensAt = lesson.dripDate ?? (lesson.dripDays ? addDays(ctx.enrolledAt, lesson.dripDays) : null);
  if (opensAt && opensAt > now) return { open: false, lock: { kind: "drip", opensAt } };
  if (lesson.prerequisiteLessonId) {
    const rule = lesson.prerequisiteRule ?? "complete";
    const met = rule === "pass" ? ctx.passed.has(lesson.prerequisiteLessonId) : ctx.completed.has(lesson.prerequisiteLessonId);
    if (!met)
      return {
        open: false,
        lock: {
          kind: "prerequisite",
          lessonId: lesson.prerequisiteLessonId,
          lessonTitle: ctx.titles.get(lesson.prerequisiteLessonId) ?? "an earlier lesson",
          rule,
        },
      };
  }
  return { open: true };
}

/** The sentence a locked lesson shows. */
export function lockMessage(lock: Lock, formatDate: (d: Date) => string): string {
  if (lock.kind === "enroll") return "Enroll in this course to open this lesson.";
  if (lock.kind === "drip") return `This lesson opens on ${formatDate(lock.opensAt)}.`;
  return lock.rule === "pass" ? `Pass “${lock.lessonTitle}” to open this lesson.` : `Complete “${lock.lessonTitle}” to open this lesson.`;
}
