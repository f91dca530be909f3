import { format } from "date-fns";

/** "4 min", "1 h 5 min": a lesson's length as the curriculum shows it. */
export function formatDuration(seconds: number | null): string | null {
  if (!seconds || seconds <= 0) return null;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "Monday 7 December 2026": the day a drip-locked lesson opens. */
export function formatOpenDate(d: Date): string {
  return format(d, "EEEE d MMMM yyyy");
}

/** Whole-percent progress, 0 for an empty course. */
export function percent(done: number, total: number): number {
  return total ? Math.round((done / total) * 100) : 0;
}
