import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { countCourses, findPublishedCourseBySlug, listCoursePrices, listCourses, listPublishedCourses } from "./courses";
import { libraryOf } from "./learning";

let acme: TenantScope;
let beta: TenantScope;

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const rows = await db.select().from(creators);
  acme = systemScope(rows.find((r) => r.slug === "acme")!.id);
  beta = systemScope(rows.find((r) => r.slug === "beta")!.id);
});

describe("courses queries, two tenants", () => {
  it("lists only the tenant's courses", async () => {
    expect((await listCourses(acme)).map((c) => c.slug).sort()).toEqual(["advanced-composition", "sketching-for-beginners", "watercolor-foundations"]);
    expect((await listCourses(beta)).map((c) => c.slug).sort()).toEqual(["data-analysis-pandas", "intro-to-python"]);
    expect(await countCourses(beta)).toBe(2);
  });

  it("search and status filters stay inside the tenant", async () => {
    expect((await listCourses(acme, { q: "python" })).length).toBe(0);
    expect((await listCourses(acme, { q: "%" })).length).toBe(0);
    expect((await listPublishedCourses(beta)).map((c) => c.slug)).toEqual(["intro-to-python"]);
    expect((await listCourses(acme, { q: "water" }))[0]?.lessonCount).toBe(5);
  });

  it("never finds another tenant's course by slug, nor a draft", async () => {
    expect(await findPublishedCourseBySlug(acme, "intro-to-python")).toBeNull();
    expect(await findPublishedCourseBySlug(beta, "data-analysis-pandas")).toBeNull();
    const c = await findPublishedCourseBySlug(acme, "watercolor-foundations");
    expect(c?.modules.map((m) => m.lessons.length)).toEqual([2, 3]);
  });

  it("enrollments and prices are per tenant", async () => {
    const db = await getDb();
    const [sam] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    expect((await libraryOf(acme, sam!.id)).map((c) => c.slug)).toEqual(["watercolor-foundations"]);
    expect(await libraryOf(beta, sam!.id)).toEqual([]);
    const acmeCourseIds = new Set((await listCourses(acme)).map((c) => c.id));
    expect((await listCoursePrices(acme)).every((p) => acmeCourseIds.has(p.courseId))).toBe(true);
    expect((await listCoursePrices(beta)).some((p) => acmeCourseIds.has(p.courseId))).toBe(false);
  });
});
