import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

const origin = "http://app.localhost:3000";
const go = (next: string | null | undefined) => safeNext(next, { origin, fallback: "/home" });

describe("safeNext: only same-origin destinations after sign-in", () => {
  it.each([
    ["/courses", "/courses"],
    ["/acme/courses?status=draft#top", "/acme/courses?status=draft#top"],
    ["http://app.localhost:3000/acme", "/acme"],
    ["courses", "/courses"],
    // a browser resolves a same-scheme "http:path" against the page: it stays on our origin
    ["http:evil.example", "/evil.example"],
  ])("keeps %j → %j", (next, expected) => {
    expect(go(next)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%2f/evil.example",
    "/%2F%2Fevil.example",
    "/%5c/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://evil.example",
    "https://app.localhost:3000/acme",
    "http://app.localhost:3000@evil.example/",
    "http://evil.example#http://app.localhost:3000",
    "///evil.example",
    "",
    null,
    undefined,
    "/" + "a".repeat(3000),
  ])("refuses %j", (next) => {
    expect(go(next)).toBe("/home");
  });
});
