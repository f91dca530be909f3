import { describe, expect, it } from "vitest";
import { partCountFor, partLength, partSizeFor } from "./parts";

const MiB = 1024 * 1024;

describe("upload parts", () => {
  it("cuts a file into 8 MiB parts (larger for huge files, at most 9,000), the last one the rest", () => {
    expect(partSizeFor(1000)).toBe(8 * MiB);
    expect(partCountFor(1000)).toBe(1);
    expect(partLength(1000, 1)).toBe(1000);
    expect(partLength(1000, 2)).toBeNull();
    const f = 20 * MiB + 5;
    expect(partCountFor(f)).toBe(3);
    expect([1, 2, 3].map((n) => partLength(f, n))).toEqual([8 * MiB, 8 * MiB, 4 * MiB + 5]);
    const huge = 200e9;
    expect(partCountFor(huge)).toBeLessThanOrEqual(9000);
    expect(partSizeFor(huge) * partCountFor(huge)).toBeGreaterThanOrEqual(huge);
  });
  it("the parts add up to exactly the file", () => {
    for (const size of [1, 8 * MiB, 8 * MiB + 1, 123_456_789, 75e9]) {
      let sum = 0;
      for (let n = 1; n <= partCountFor(size); n++) sum += partLength(size, n)!;
      expect(sum).toBe(size);
    }
  });
  it("refuses part numbers that do not exist", () => {
    expect(partLength(10 * MiB, 0)).toBeNull();
    expect(partLength(10 * MiB, 3)).toBeNull();
    expect(partLength(10 * MiB, 1.5)).toBeNull();
  });
});
