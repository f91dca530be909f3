import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isPortalPath, normalizeHostname, parseHost, rewritePath } from "./host";

const ROOT = "localhost";

describe("parseHost", () => {
  it.each([
    ["localhost:3000", { kind: "root" }],
    ["localhost", { kind: "root" }],
    ["www.localhost:3000", { kind: "root" }],
    ["app.localhost:3000", { kind: "app" }],
    ["APP.LOCALHOST:3000", { kind: "app" }],
    ["app.localhost.:3000", { kind: "app" }],
    ["acme.localhost:3000", { kind: "tenant", slug: "acme" }],
    ["Acme.Localhost", { kind: "tenant", slug: "acme" }],
    ["acme.localhost.", { kind: "tenant", slug: "acme" }],
    ["courses.example.com", { kind: "custom", hostname: "courses.example.com" }],
    ["courses.example.com:443", { kind: "custom", hostname: "courses.example.com" }],
    ["127.0.0.1:3000", { kind: "root" }],
    ["[::1]:3000", { kind: "root" }],
  ])("%s", (host, expected) => {
    expect(parseHost(host, ROOT)).toMatchObject(expected);
  });

  it("maps internationalized names to punycode", () => {
    expect(parseHost("bücher.example", ROOT)).toEqual({ kind: "custom", hostname: "xn--bcher-kva.example" });
    expect(parseHost("müller.localhost:3000", ROOT)).toEqual({ kind: "tenant", hostname: "xn--mller-kva.localhost", slug: "xn--mller-kva" });
  });

  it.each([
    [null, "missing host"],
    ["", "missing host"],
    ["bad_host", "malformed host name"],
    ["exa mple.com", "malformed host name"],
    ["acme.localhost:99999", "malformed port"],
    ["acme.localhost:abc", "malformed port"],
    ["[::1", "malformed port"],
    ["-acme.localhost", "malformed host name"],
    ["a..b.com", "malformed host name"],
    [`${"a".repeat(64)}.localhost`, "malformed host name"],
    [`${"a.".repeat(200)}com`, "host too long"],
    ["a.b.localhost:3000", "nested subdomain"],
    ["intranet", "unknown host"],
    ["evil.com/../acme", "malformed host name"],
  ])("rejects %s", (host, reason) => {
    expect(parseHost(host, ROOT)).toEqual({ kind: "invalid", reason });
  });

  it("works for a production root domain", () => {
    expect(parseHost("acme.courseforge.com", "courseforge.com")).toMatchObject({ kind: "tenant", slug: "acme" });
    expect(parseHost("app.courseforge.com", "courseforge.com")).toMatchObject({ kind: "app" });
    expect(parseHost("learn.acme.com", "courseforge.com")).toMatchObject({ kind: "custom", hostname: "learn.acme.com" });
  });

  it("never throws, whatever the header", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseHost(s, ROOT);
        expect(["app", "root", "tenant", "custom", "invalid"]).toContain(r.kind);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("rewritePath", () => {
  const acme = parseHost("acme.localhost:3000", ROOT);
  it("puts every tenant path under that tenant's prefix", () => {
    expect(rewritePath(acme, "/")).toBe("/sites/acme");
    expect(rewritePath(acme, "/courses/x")).toBe("/sites/acme/courses/x");
    expect(rewritePath(acme, "/library")).toBe("/portal/acme/library");
    expect(rewritePath(acme, "/sign-in")).toBe("/portal/acme/sign-in");
  });
  it("cannot be steered to another tenant or host kind by the path", () => {
    expect(rewritePath(acme, "/sites/beta")).toBe("/sites/acme/sites/beta");
    expect(rewritePath(acme, "/portal/beta/library")).toBe("/sites/acme/portal/beta/library");
    expect(rewritePath(acme, "/dashboard/beta")).toBe("/sites/acme/dashboard/beta");
    expect(rewritePath(parseHost("app.localhost", ROOT), "/sites/beta")).toBe("/dashboard/sites/beta");
    fc.assert(
      fc.property(fc.webPath(), (p) => {
        const path = p.startsWith("/") ? p : `/${p}`;
        const out = rewritePath(acme, path)!;
        expect(out.startsWith("/sites/acme") || out.startsWith("/portal/acme")).toBe(true);
      }),
    );
  });
  it("rewrites the app and root hosts under their prefixes", () => {
    expect(rewritePath(parseHost("app.localhost", ROOT), "/")).toBe("/dashboard");
    expect(rewritePath(parseHost("app.localhost", ROOT), "/acme/courses")).toBe("/dashboard/acme/courses");
    expect(rewritePath(parseHost("localhost", ROOT), "/")).toBe("/platform");
  });
  it("keeps custom domains keyed by hostname", () => {
    expect(rewritePath(parseHost("learn.example.com", ROOT), "/library")).toBe("/portal/learn.example.com/library");
  });
  it("refuses invalid hosts", () => {
    expect(rewritePath(parseHost("bad_host", ROOT), "/")).toBeNull();
  });
  it("knows portal paths", () => {
    expect(isPortalPath("/library")).toBe(true);
    expect(isPortalPath("/library/x")).toBe(true);
    expect(isPortalPath("/librarything")).toBe(false);
  });
  it("normalizes host names", () => {
    expect(normalizeHostname("Example.COM.")).toBe("example.com");
    expect(normalizeHostname("")).toBeNull();
  });
});
