import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.PLATFORM_ADMIN_EMAILS = "admin@courseforge.test";
});
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { creators, students } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { DomainError } from "@/lib/errors";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { adminAction, authedAction, orgAction, publicAction, siteAction, studentAction } = await import("./chain");

async function as(host: string, email: string | null) {
  requestHeaders = new Headers({ host, ...(email ? { cookie: await signIn(host, email) } : {}) });
}

// Small actions built from each link of the chain, answering what the chain resolved.
const echo = publicAction(
  { name: "echo", schema: z.object({ name: z.string().min(2, "Say your name"), tags: z.array(z.string()).optional(), n: z.coerce.number().int().optional() }) },
  async (input) => input,
);
const whoAmI = authedAction({ name: "who", schema: z.object({}) }, async (_input, { user }) => user.email);
const schoolOf = orgAction({ name: "school", schema: z.object({}), minRole: "admin" }, async (_input, { creator, role }) => ({ slug: creator.slug, role }));
const siteOf = siteAction({ name: "site", schema: z.object({}) }, async (_input, { site, user }) => ({ slug: site.slug, user: user?.email ?? null }));
const myStudentId = studentAction({ name: "student", schema: z.object({}) }, async (_input, { site, studentId }) => ({ slug: site.slug, studentId }));
const adminOnly = adminAction({ name: "admin", schema: z.object({}) }, async (_input, { user }) => user.email);
const conflict = publicAction({ name: "conflict", schema: z.object({}) }, async () => {
  throw new DomainError("conflict", "Changed elsewhere.", { details: { kind: "version_conflict", currentVersion: 7 } });
});
const bug = publicAction({ name: "bug", schema: z.object({}) }, async () => {
  throw new Error("secret internals");
});

beforeAll(async () => {
  await seedDemo();
});

describe("the action chain", () => {
  it("takes JSON, a posted form, and (previous state, form) as useActionState calls it", async () => {
    expect(await echo({ name: "Ada" })).toEqual({ ok: true, data: { name: "Ada" } });
    const form = new FormData();
    form.set("name", "Ada");
    form.append("tags", "a");
    form.append("tags", "b");
    form.set("n", "3");
    form.set("$ACTION_ID_abc", "");
    expect(await echo(form)).toEqual({ ok: true, data: { name: "Ada", tags: ["a", "b"], n: 3 } });
    expect(await echo(null, form)).toEqual({ ok: true, data: { name: "Ada", tags: ["a", "b"], n: 3 } });
    const bad = new FormData();
    bad.set("name", "A");
    expect(await echo({ ok: true, data: { name: "x" } }, bad)).toMatchObject({
      ok: false,
      code: "invalid",
      message: "Say your name",
      fieldErrors: { name: ["Say your name"] },
    });
  });

  it("a form field named __proto__ does not become the input's prototype", async () => {
    const form = new FormData();
    form.set("__proto__", new Blob(['{"name":"Mallory"}']), "x.json");
    const proto = new FormData();
    proto.set("constructor", "x");
    expect(await echo(form)).toMatchObject({ ok: false, code: "invalid", fieldErrors: { name: expect.any(Array) } });
    expect(await echo(proto)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("unauthorized: a session from a school's host (or its custom domain) reaches no dashboard action", async () => {
    // Acme's owner studies at Beta: Beta's host issued that session, and whoever runs Beta's domain could replay it.
    await as("beta.localhost:3000", "owner@acme.test");
    expect(await schoolOf({ org: "acme" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await whoAmI({})).toMatchObject({ ok: false, code: "not_found" });
    expect(await adminOnly({})).toMatchObject({ ok: false, code: "not_found" });
    expect(await siteOf({})).toMatchObject({ ok: true, data: { slug: "beta", user: "owner@acme.test" } });
  });

  it("a domain failure carries its typed details; a bug is a generic message", async () => {
    expect(await conflict({})).toEqual({
      ok: false,
      code: "conflict",
      message: "Changed elsewhere.",
      details: { kind: "version_conflict", currentVersion: 7 },
    });
    const r = await bug({});
    expect(r).toEqual({ ok: false, code: "internal", message: "Something went wrong. Please try again." });
  });

  it("authed and org links: signed out, not a member, too low a role", async () => {
    await as("app.localhost:3000", null);
    expect(await whoAmI({})).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await schoolOf({ org: "acme" })).toMatchObject({ ok: false, code: "unauthenticated" });
    await as("app.localhost:3000", "editor@acme.test");
    expect(await whoAmI({})).toEqual({ ok: true, data: "editor@acme.test" });
    expect(await schoolOf({ org: "acme" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await schoolOf({ org: "beta" })).toMatchObject({ ok: false, code: "not_found" });
    await as("app.localhost:3000", "owner@acme.test");
    expect(await schoolOf({ org: "acme" })).toEqual({ ok: true, data: { slug: "acme", role: "owner" } });
    expect(await schoolOf({ org: "ACME" })).toEqual({ ok: true, data: { slug: "acme", role: "owner" } });
  });

  it("unauthorized: site and student links take the school from the host, never from input", async () => {
    await as("acme.localhost:3000", null);
    expect(await siteOf({ org: "beta", creatorId: "x" } as never)).toEqual({ ok: true, data: { slug: "acme", user: null } });
    expect(await myStudentId({})).toMatchObject({ ok: false, code: "unauthenticated" });
    await as("acme.localhost:3000", "student@acme.test");
    expect(await siteOf({})).toEqual({ ok: true, data: { slug: "acme", user: "student@acme.test" } });
    expect(await myStudentId({})).toMatchObject({ ok: true, data: { slug: "acme", studentId: expect.any(String) } });
    // Acme's session means nothing on Beta's host, and Acme's student is nobody at Beta.
    requestHeaders = new Headers({ host: "beta.localhost:3000", cookie: requestHeaders.get("cookie")! });
    expect(await myStudentId({})).toMatchObject({ ok: false, code: "unauthenticated" });
    // Signing in on a school's host joins it; a student the school has blocked is nobody there.
    await as("beta.localhost:3000", "owner@beta.test");
    expect(await myStudentId({})).toMatchObject({ ok: true });
    const db = await getDb();
    const [beta] = await db.select().from(creators).where(eq(creators.slug, "beta"));
    await db.update(students).set({ status: "blocked" }).where(eq(students.creatorId, beta!.id));
    expect(await myStudentId({})).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/^Your access to Beta School has been removed/),
    });
    requestHeaders = new Headers({ host: "nobody.localhost:3000" });
    expect(await siteOf({})).toMatchObject({ ok: false, code: "not_found" });
    requestHeaders = new Headers({ host: "app.localhost:3000" });
    expect(await siteOf({})).toMatchObject({ ok: false, code: "not_found" });
  });

  it("unauthorized: the admin link answers not found to anyone but a verified platform admin", async () => {
    await as("app.localhost:3000", "owner@acme.test");
    expect(await adminOnly({})).toMatchObject({ ok: false, code: "not_found" });
    await as("app.localhost:3000", null);
    expect(await adminOnly({})).toMatchObject({ ok: false, code: "unauthenticated" });
    await as("app.localhost:3000", "admin@courseforge.test");
    expect(await adminOnly({})).toEqual({ ok: true, data: "admin@courseforge.test" });
  });
});
