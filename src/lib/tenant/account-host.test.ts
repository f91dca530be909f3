import { describe, expect, it } from "vitest";
import { ACCOUNT_PAGES, afterSignIn, authPathServed, isAccountPage, schoolRoute, singleCookie, type SchoolRouteInput } from "./account-host";
import { PORTAL_SEGMENTS } from "./host";

const SUB = "https://acme.courseforge.app";
const CUSTOM = "https://learn.acme.com";
const base: SchoolRouteInput = { host: "subdomain", method: "GET", pathname: "/", search: "", subdomainOrigin: SUB, canonicalOrigin: null };
const route = (o: Partial<SchoolRouteInput>) => schoolRoute({ ...base, ...o });

describe("schoolRoute: passwords and one-time links only on hosts the platform controls", () => {
  it("a custom domain sends every account page to the school's subdomain (307, path and query kept), and serves the rest", () => {
    for (const page of ACCOUNT_PAGES) {
      expect(route({ host: "custom", pathname: page, search: "?next=%2Flearn%2Fx" })).toEqual({
        serve: false,
        status: 307,
        location: `${SUB}${page}?next=%2Flearn%2Fx`,
        bindBrowser: true,
      });
    }
    expect(route({ host: "custom", pathname: "/sign-in/" })).toMatchObject({ serve: false, status: 307 });
    expect(route({ host: "custom", pathname: "/reset-password", search: "?token=abc" })).toMatchObject({
      serve: false,
      location: `${SUB}/reset-password?token=abc`,
    });
    for (const pathname of ["/", "/courses/x", "/library", "/account", "/account/orders/1", "/learn/x/y", "/sign-in-help"]) {
      expect(route({ host: "custom", pathname }), pathname).toEqual({ serve: true });
    }
    // A www/apex twin of the canonical domain redirects there — the account pages too, so the browser is marked on the main domain.
    expect(route({ host: "custom", pathname: "/courses", canonicalOrigin: CUSTOM })).toEqual({ serve: false, status: 308, location: `${CUSTOM}/courses` });
    expect(route({ host: "custom", pathname: "/sign-up", search: "?next=%2Fx", canonicalOrigin: CUSTOM })).toEqual({
      serve: false,
      status: 308,
      location: `${CUSTOM}/sign-up?next=%2Fx`,
    });
  });

  it("a subdomain whose school has a custom domain redirects there permanently, but keeps the account pages and settings", () => {
    expect(route({ pathname: "/courses/x", search: "?ref=1", canonicalOrigin: CUSTOM })).toEqual({
      serve: false,
      status: 308,
      location: `${CUSTOM}/courses/x?ref=1`,
    });
    for (const pathname of [...ACCOUNT_PAGES, "/account", "/account/"]) expect(route({ pathname, canonicalOrigin: CUSTOM }), pathname).toEqual({ serve: true });
    expect(route({ pathname: "/account/orders/1", canonicalOrigin: CUSTOM })).toMatchObject({ status: 308 });
    // A one-time token in the address is used where it was sent.
    expect(route({ pathname: "/verify", search: "?token=abc", canonicalOrigin: CUSTOM })).toEqual({ serve: true });
    // Without a custom domain, and for anything but a read, nothing moves.
    expect(route({ pathname: "/courses/x" })).toEqual({ serve: true });
    expect(route({ pathname: "/courses/x", method: "POST", canonicalOrigin: CUSTOM })).toEqual({ serve: true });
    expect(route({ host: "custom", pathname: "/sign-in", method: "POST" })).toEqual({ serve: true });
    expect(route({ pathname: "/courses/x", method: "HEAD", canonicalOrigin: CUSTOM })).toMatchObject({ status: 308 });
  });

  it("every account page is a folder of the student area", () => {
    for (const page of ACCOUNT_PAGES) expect(PORTAL_SEGMENTS as readonly string[]).toContain(page.slice(1));
    expect(isAccountPage("/sign-in")).toBe(true);
    expect(isAccountPage("/sign-in/x")).toBe(false);
  });
});

describe("authPathServed: a custom domain reads the session, signs out and accepts a handoff, nothing else", () => {
  it("refuses every endpoint that takes a password, mails a link or changes the account", () => {
    for (const p of [
      "/sign-in/email",
      "/sign-up/email",
      "/sign-in/magic-link",
      "/magic-link/verify",
      "/request-password-reset",
      "/reset-password",
      "/reset-password/abc",
      "/verify-email",
      "/send-verification-email",
      "/change-email",
      "/change-password",
      "/update-user",
      "/handoff/start",
      "//get-session",
      "/Get-Session",
      "/get-session/x",
    ]) {
      expect(authPathServed("custom", p), p).toBe(false);
    }
    for (const p of ["/get-session", "/sign-out", "/handoff/accept", "/get-session/"]) expect(authPathServed("custom", p), p).toBe(true);
    expect(authPathServed("subdomain", "/sign-in/email")).toBe(true);
    expect(authPathServed("app", "/change-password")).toBe(true);
  });
});

describe("afterSignIn", () => {
  it("goes through the handoff only when the school has a custom domain", () => {
    expect(afterSignIn({ customDomain: null, next: "/learn/x?y=1" })).toBe("/learn/x?y=1");
    expect(afterSignIn({ customDomain: "learn.acme.com", next: "/learn/x?y=1" })).toBe("/api/auth/handoff/start?next=%2Flearn%2Fx%3Fy%3D1");
    const nonce = "abcdefghijklmnopqrstuv0123456789";
    expect(afterSignIn({ customDomain: "learn.acme.com", next: "/library", nonce })).toBe(`/api/auth/handoff/start?next=%2Flibrary&hn=${nonce}`);
    // A nonce that is not one we could have made is dropped (the handoff then asks before signing in).
    expect(afterSignIn({ customDomain: "learn.acme.com", next: "/library", nonce: "x&next=//evil" })).toBe("/api/auth/handoff/start?next=%2Flibrary");
    // The account settings live on the subdomain: no handoff.
    expect(afterSignIn({ customDomain: "learn.acme.com", next: "/account?x=1" })).toBe("/account?x=1");
  });
});

describe("singleCookie", () => {
  it("reads a cookie only when it is there once (a second, shadowing one from another host makes it nobody's)", () => {
    expect(singleCookie("a=1; cf_handoff=abc; b=2", "cf_handoff")).toBe("abc");
    expect(singleCookie("cf_handoff=abc; cf_handoff=def", "cf_handoff")).toBeNull();
    expect(singleCookie("x_cf_handoff=abc", "cf_handoff")).toBeNull();
    expect(singleCookie(null, "cf_handoff")).toBeNull();
    expect(singleCookie("cf_handoff=a=b", "cf_handoff")).toBe("a=b");
  });
});
