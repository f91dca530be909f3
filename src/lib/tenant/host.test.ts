import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isPortalPath, normalizeHostname, parseHost, parseSiteSegment, PORTAL_SEGMENTS, rewritePath, siteKeyOf, siteSegment } from "./host";

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
  it("puts every tenant path under that tenant's one prefix; the file tree decides the group", () => {
    expect(rewritePath(acme, "/")).toBe("/t/acme");
    expect(rewritePath(acme, "/courses/x")).toBe("/t/acme/courses/x");
    expect(rewritePath(acme, "/library")).toBe("/t/acme/library");
    expect(rewritePath(acme, "/sign-in")).toBe("/t/acme/sign-in");
  });
  it("cannot be steered to another tenant or host kind by the path", () => {
    expect(rewritePath(acme, "/t/beta")).toBe("/t/acme/t/beta");
    expect(rewritePath(acme, "/t/~evil.example/library")).toBe("/t/acme/t/~evil.example/library");
    expect(rewritePath(acme, "/dashboard/beta")).toBe("/t/acme/dashboard/beta");
    expect(rewritePath(parseHost("app.localhost", ROOT), "/t/beta")).toBe("/dashboard/t/beta");
    expect(rewritePath(parseHost("localhost", ROOT), "/t/beta")).toBe("/platform/t/beta");
    fc.assert(
      fc.property(fc.webPath(), (p) => {
        const path = p.startsWith("/") ? p : `/${p}`;
        const out = rewritePath(acme, path)!;
        expect(out === "/t/acme" || out.startsWith("/t/acme/")).toBe(true);
      }),
    );
  });
  it("rewrites the app and root hosts under their prefixes", () => {
    expect(rewritePath(parseHost("app.localhost", ROOT), "/")).toBe("/dashboard");
    expect(rewritePath(parseHost("app.localhost", ROOT), "/acme/courses")).toBe("/dashboard/acme/courses");
    expect(rewritePath(parseHost("localhost", ROOT), "/")).toBe("/platform");
  });
  it("answers /favicon.ico with the platform's icon on its own hosts, and with the school's on a school's host", () => {
    expect(rewritePath(parseHost("app.localhost", ROOT), "/favicon.ico")).toBe("/platform/favicon.ico");
    expect(rewritePath(parseHost("localhost", ROOT), "/favicon.ico")).toBe("/platform/favicon.ico");
    expect(rewritePath(acme, "/favicon.ico")).toBe("/t/acme/favicon.ico");
    expect(rewritePath(parseHost("learn.example.com", ROOT), "/favicon.ico")).toBe("/t/~learn.example.com/favicon.ico");
    expect(rewritePath(parseHost("app.localhost", ROOT), "/x/favicon.ico")).toBe("/dashboard/x/favicon.ico");
  });
  it("marks custom domains in the segment, as parseHost decided, so no segment is read two ways", () => {
    expect(rewritePath(parseHost("learn.example.com", ROOT), "/library")).toBe("/t/~learn.example.com/library");
    expect(rewritePath(parseHost("Learn.Example.COM.", ROOT), "/")).toBe("/t/~learn.example.com");
  });
  it("refuses invalid hosts", () => {
    expect(rewritePath(parseHost("bad_host", ROOT), "/")).toBeNull();
  });
});

describe("site segments", () => {
  it("round-trip every tenant host kind", () => {
    for (const host of ["acme.localhost:3000", "learn.example.com", "xn--caf-dma.example"]) {
      const key = siteKeyOf(parseHost(host, ROOT))!;
      expect(parseSiteSegment(siteSegment(key))).toEqual(key);
    }
    expect(siteKeyOf(parseHost("app.localhost", ROOT))).toBeNull();
  });
  it("refuse what siteSegment could not have made", () => {
    for (const seg of ["", "~", "~nodot", "~bad_host.com", "a.b", "UPPER", "~Learn.example.com", "acme%2Fx", "-acme"])
      expect(parseSiteSegment(seg), seg).toBeNull();
    expect(parseSiteSegment("acme")).toEqual({ kind: "subdomain", slug: "acme" });
    expect(parseSiteSegment("~learn.example.com")).toEqual({ kind: "custom", hostname: "learn.example.com" });
  });
});

describe("portal paths (for the framing guard)", () => {
  it("knows portal paths", () => {
    expect(isPortalPath("/library")).toBe(true);
    expect(isPortalPath("/library/x")).toBe(true);
    expect(isPortalPath("/librarything")).toBe(false);
    expect(isPortalPath("/")).toBe(false);
    expect(isPortalPath("/courses/library")).toBe(false);
  });
  it("PORTAL_SEGMENTS are exactly the top-level folders of src/app/t/[site]/(portal)", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const root = path.resolve(import.meta.dirname, "../../app/t/[site]/(portal)");
    const folders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.every((f) => !f.startsWith("(") && !f.startsWith("["))).toBe(true);
    expect([...PORTAL_SEGMENTS].sort()).toEqual(folders.sort());
  });
  it("the public site and the student area share no top-level segment (the tree alone decides who answers)", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const sites = fs
      .readdirSync(path.resolve(import.meta.dirname, "../../app/t/[site]/(sites)"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(sites.filter((s) => (PORTAL_SEGMENTS as readonly string[]).includes(s))).toEqual([]);
  });
});

describe("host names", () => {
  it("normalizes host names", () => {
    expect(normalizeHostname("Example.COM.")).toBe("example.com");
    expect(normalizeHostname("")).toBeNull();
  });
});
