import { describe, expect, it } from "vitest";
import { formatDuration, formatOpenDate, percent } from "./format";

describe("learning formats", () => {
  it("durations in minutes and hours, nothing for unknown", () => {
    expect(formatDuration(null)).toBeNull();
    expect(formatDuration(0)).toBeNull();
    expect(formatDuration(20)).toBe("1 min");
    expect(formatDuration(299)).toBe("5 min");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(3900)).toBe("1 h 5 min");
  });
  it("the day a lesson opens, and progress in whole percent", () => {
    expect(formatOpenDate(new Date(2026, 11, 7, 12))).toBe("Monday 7 December 2026");
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(percent(3, 3)).toBe(100);
  });
});
