import { describe, expect, it } from "vitest";
import { checkCustomDomain } from "./hostname";

const check = (input: string) => checkCustomDomain(input, { rootHostname: "courseforge.com" });

describe("checkCustomDomain: what a creator typed into Add a domain", () => {
  it("a subdomain serves as typed, normalised, with no twin", () => {
    expect(check("  Learn.Example.COM. ")).toEqual({ ok: true, domain: { hostname: "learn.example.com", apex: "example.com", twin: null } });
  });

  it("an apex brings www, and www brings the apex (both listed, one canonical)", () => {
    expect(check("example.com")).toMatchObject({ ok: true, domain: { hostname: "example.com", twin: "www.example.com" } });
    expect(check("www.example.com")).toMatchObject({ ok: true, domain: { hostname: "www.example.com", apex: "example.com", twin: "example.com" } });
    // The apex of a multi-label public suffix comes from the Public Suffix List, not from counting dots.
    expect(check("school.co.uk")).toMatchObject({ ok: true, domain: { hostname: "school.co.uk", apex: "school.co.uk", twin: "www.school.co.uk" } });
    expect(check("learn.school.co.uk")).toMatchObject({ ok: true, domain: { apex: "school.co.uk", twin: null } });
    // A private suffix's customer owns their name (github.io, vercel.app…).
    expect(check("me.github.io")).toMatchObject({ ok: true, domain: { apex: "me.github.io" } });
  });

  it("a pasted address is reduced to its host", () => {
    expect(check("https://Learn.Example.com/courses?x=1")).toMatchObject({ ok: true, domain: { hostname: "learn.example.com" } });
    expect(check("learn.example.com/path")).toMatchObject({ ok: true, domain: { hostname: "learn.example.com" } });
    expect(check("bücher.de")).toMatchObject({ ok: true, domain: { hostname: "xn--bcher-kva.de" } });
  });

  it("refuses the platform's own names, with a reason", () => {
    for (const h of ["courseforge.com", "www.courseforge.com", "app.courseforge.com", "acme.courseforge.com", "x.y.courseforge.com"]) {
      const r = check(h);
      expect(r.ok, h).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/Courseforge's own/);
    }
  });

  it("a public platform takes public names only; a local one (demo, tests) also reserved ones like .test", () => {
    for (const h of ["db.corp", "x.home", "learn.example.test", "a.example", "foo.alt"])
      expect(check(h), h).toMatchObject({ ok: false, reason: expect.stringMatching(/not a public top-level domain/) });
    expect(checkCustomDomain("learn.example.test", { rootHostname: "localhost", allowReservedTlds: true })).toMatchObject({
      ok: true,
      domain: { apex: "example.test" },
    });
    // …but never local-network names, even then.
    expect(checkCustomDomain("nas.local", { rootHostname: "localhost", allowReservedTlds: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/local network/),
    });
  });

  it("refuses IPs, bare public suffixes, local names, ports and garbage", () => {
    expect(check("192.168.1.10")).toMatchObject({ ok: false, reason: expect.stringMatching(/not an IP|IP address|not a domain/) });
    expect(check("co.uk")).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
    expect(check("github.io")).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
    expect(check("school.localhost")).toMatchObject({ ok: false, reason: expect.stringMatching(/local network/) });
    expect(check("printer.local")).toMatchObject({ ok: false, reason: expect.stringMatching(/local network/) });
    expect(check("learn.example.com:8080")).toMatchObject({ ok: false, reason: expect.stringMatching(/port/) });
    expect(check("")).toMatchObject({ ok: false });
    expect(check("not a domain")).toMatchObject({ ok: false });
    expect(check("intranet")).toMatchObject({ ok: false });
    expect(check("-bad-.example.com")).toMatchObject({ ok: false });
    expect(check(`${"a".repeat(64)}.example.com`)).toMatchObject({ ok: false });
  });
});
