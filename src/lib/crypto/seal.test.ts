import { describe, expect, it } from "vitest";
import { open, seal, SEALED_PATTERN, SealError } from "./seal";

describe("sealed event secrets", () => {
  const url = "https://school.example/api/auth/reset-password/abc123?callbackURL=%2F";

  it("a sealed link reads as ciphertext and opens back to the link", () => {
    const s = seal(url, "event-link");
    expect(s).toMatch(SEALED_PATTERN);
    expect(s).not.toContain("abc123");
    expect(open(s, "event-link")).toBe(url);
  });

  it("two seals of one link differ (fresh IV), and both open", () => {
    const a = seal(url, "event-link");
    const b = seal(url, "event-link");
    expect(a).not.toBe(b);
    expect(open(b, "event-link")).toBe(url);
  });

  it("a tampered, truncated, plain or other-purpose value does not open", () => {
    const s = seal(url, "event-link");
    // One character of the ciphertext changed (a middle one: all six of its bits count, so the bytes really differ).
    const at = s.length - 8;
    const flipped = s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);
    expect(flipped).not.toBe(s);
    expect(() => open(flipped, "event-link")).toThrow(SealError);
    expect(() => open(s.slice(0, 20), "event-link")).toThrow(SealError);
    expect(() => open(url, "event-link")).toThrow(SealError);
    expect(() => open(s, "another-purpose")).toThrow(SealError);
  });
});
