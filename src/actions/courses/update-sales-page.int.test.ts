import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { courses, creators } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { salesPageOf } from "@/lib/courses/sales-page";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { updateSalesPageAction } = await import("./update-sales-page");

const APP = "app.localhost:3000";
async function as(email: string) {
  requestHeaders = new Headers({ host: APP, cookie: await signIn(APP, email) });
}
async function course() {
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  const [c] = await db
    .select()
    .from(courses)
    .where(and(eq(courses.creatorId, acme!.id), eq(courses.slug, "watercolor-foundations")));
  return c!;
}

const page = {
  about: {
    type: "doc" as const,
    content: [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Paint with confidence" }] },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Four weeks, " },
          { type: "text", marks: [{ type: "bold" }], text: "one landscape" },
        ],
      },
    ],
  },
  outcomes: ["  Lay a flat wash  ", "Glaze for depth"],
  instructor: { name: "Olivia", bio: "Twenty years of illustration.", photoUrl: "https://cdn.example.com/olivia.jpg" },
  faq: [{ question: "Do I need experience?", answer: "No." }],
  testimonials: [{ quote: "Framed my first landscape.", name: "Priya", role: "Student", photoUrl: "" }],
};

beforeAll(async () => {
  await seedDemo();
});

describe("the sales page editor saves what the page shows", () => {
  it("an editor saves every section; the description is rendered to sanitized HTML once; the version moves on", async () => {
    await as("editor@acme.test");
    const before = await course();
    const r = await updateSalesPageAction({ org: "acme", courseId: before.id, version: before.version, salesPage: page });
    expect(r).toMatchObject({ ok: true, data: { version: before.version + 1 } });
    const stored = salesPageOf((await course()).salesPage);
    expect(stored.about?.html).toBe("<h2>Paint with confidence</h2><p>Four weeks, <strong>one landscape</strong></p>");
    expect(stored.outcomes).toEqual(["Lay a flat wash", "Glaze for depth"]);
    expect(stored.instructor).toEqual({ name: "Olivia", bio: "Twenty years of illustration.", photoUrl: "https://cdn.example.com/olivia.jpg" });
    expect(stored.testimonials[0]).toMatchObject({ name: "Priya", photoUrl: null });
  });

  it("a save from a stale editor is refused and overwrites nothing", async () => {
    await as("owner@acme.test");
    const c = await course();
    const r = await updateSalesPageAction({ org: "acme", courseId: c.id, version: c.version - 1, salesPage: { ...page, outcomes: ["stale"] } });
    expect(r).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/changed elsewhere/) });
    expect(salesPageOf((await course()).salesPage).outcomes).toEqual(["Lay a flat wash", "Glaze for depth"]);
  });

  it("bad input gets a clear message per problem and changes nothing", async () => {
    await as("owner@acme.test");
    const c = await course();
    const cases: [unknown, RegExp][] = [
      [{ ...page, instructor: { ...page.instructor, photoUrl: "javascript:alert(1)" } }, /uploaded image or an https/],
      [{ ...page, outcomes: Array.from({ length: 13 }, (_, i) => `o${i}`) }, /at most 12/],
      [{ ...page, faq: [{ question: "Why?", answer: "   " }] }, /needs an answer/],
      [{ ...page, testimonials: [{ quote: "x".repeat(1001), name: "A", role: "", photoUrl: "" }] }, /at most 1000/],
      [{ ...page, about: { type: "doc", content: [{ type: "script", content: [] }] } }, /could not be read/],
    ];
    for (const [salesPage, message] of cases) {
      const r = await updateSalesPageAction({ org: "acme", courseId: c.id, version: c.version, salesPage: salesPage as typeof page });
      expect(r, String(message)).toMatchObject({ ok: false, code: "invalid" });
      if (!r.ok) expect(JSON.stringify([r.message, r.fieldErrors])).toMatch(message);
    }
    expect((await course()).version).toBe(c.version);
  });

  it("markup typed into plain sections stays text; a script in the description never reaches the page", async () => {
    await as("owner@acme.test");
    const c = await course();
    const evil = {
      ...page,
      about: { type: "doc" as const, content: [{ type: "paragraph", content: [{ type: "text", text: "<img src=x onerror=alert(1)>" }] }] },
      faq: [{ question: "<script>alert(1)</script>", answer: "ok" }],
    };
    expect(await updateSalesPageAction({ org: "acme", courseId: c.id, version: c.version, salesPage: evil })).toMatchObject({ ok: true });
    const stored = salesPageOf((await course()).salesPage);
    expect(stored.about?.html).toBe("<p>&lt;img src=x onerror=alert(1)&gt;</p>");
    // Plain sections are stored as typed and rendered by React as text (escaped), never as HTML.
    expect(stored.faq[0]!.question).toBe("<script>alert(1)</script>");
  });
});
