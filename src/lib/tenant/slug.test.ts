import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS, slugSchema, suggestSlug } from "./slug";

describe("slugSchema", () => {
  it.each(["acme", "my-school", "abc", "a1b2"])("accepts %s", (s) => {
    expect(slugSchema.safeParse(s).success).toBe(true);
  });
  it("lowercases and trims", () => {
    expect(slugSchema.parse("  Acme ")).toBe("acme");
  });
  it.each([
    ["ab", "at least 3"],
    ["-acme", "Start with"],
    ["acme-", "End with"],
    ["ac--me", "two hyphens"],
    ["ac_me", "lowercase letters"],
    ["a".repeat(41), "at most 40"],
  ])("rejects %s with a clear message", (s, msg) => {
    const r = slugSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(" ")).toContain(msg);
  });
  it.each(["app", "www", "api", "admin", "mail"])("refuses the reserved word %s", (s) => {
    const r = slugSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/reserved/);
  });
  it("reserves every host-kind prefix used by the proxy", () => {
    for (const s of ["dashboard", "portal", "sites", "platform"]) expect(RESERVED_SLUGS.has(s)).toBe(true);
  });
});

describe("suggestSlug", () => {
  it("turns a school name into a subdomain", () => {
    expect(suggestSlug("Acme Academy")).toBe("acme-academy");
    expect(suggestSlug("Café  Crème!!")).toBe("cafe-creme");
    expect(suggestSlug("  --x-- ")).toBe("x");
  });
});
