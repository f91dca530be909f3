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

describe("reserved slugs follow the app host's routes", () => {
  it("every static folder under src/app/(dashboard)/dashboard is reserved, and the list names no folder that is gone", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { APP_ROUTE_SEGMENTS } = await import("./slug");
    const root = path.resolve(import.meta.dirname, "../../app/(dashboard)/dashboard");
    const segments = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory() || e.name.startsWith("_") || e.name.startsWith("[")) continue;
        // route groups "(x)" do not appear in URLs: look inside them
        if (e.name.startsWith("(") && e.name.endsWith(")")) walk(path.join(dir, e.name));
        else segments.add(e.name);
      }
    };
    walk(root);
    expect([...segments].sort()).toEqual([...APP_ROUTE_SEGMENTS].sort());
    for (const s of segments) expect(slugSchema.safeParse(s).success, s).toBe(false);
  });

  it.each(["forgot-password", "reset-password", "sign-in", "jobs", "invite"])("refuses %s as a school's subdomain", (s) => {
    expect(slugSchema.safeParse(s).error?.issues[0]?.message).toMatch(/reserved/);
  });
});
