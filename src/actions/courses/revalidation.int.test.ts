import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findPublishedCourseBySlug, getCourseOutline } from "@/db/queries/courses";
import { courses, creators } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { updateTag, listSiteKeys } = vi.hoisted(() => ({ updateTag: vi.fn(), listSiteKeys: vi.fn() }));
vi.mock("next/cache", () => ({ updateTag, revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));
vi.mock("@/db/queries/tenants", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/db/queries/tenants")>();
  return { ...real, listTenantSiteKeys: (...args: Parameters<typeof real.listTenantSiteKeys>) => (listSiteKeys(...args), real.listTenantSiteKeys(...args)) };
});
const { saveLessonAction } = await import("./save-lesson");
const { renameModuleAction } = await import("./rename-module");
const { createModuleAction } = await import("./create-module");
const { updateBrandingAction } = await import("@/actions/branding/update-branding");

beforeAll(async () => {
  await seedDemo();
});

describe("content saves revalidate only what the course pages read", () => {
  it("an autosave of a published course expires tenant:<id>:courses and nothing else; a rebrand expires the hosts", async () => {
    requestHeaders = new Headers({ host: "app.localhost:3000", cookie: await signIn("app.localhost:3000", "owner@acme.test") });
    const db = await getDb();
    const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
    const [course] = await db
      .select()
      .from(courses)
      .where(eq(courses.creatorId, acme!.id))
      .then((rows) => rows.filter((c) => c.status === "published"));
    const outline = (await getCourseOutline(systemScope(acme!.id), course!.id))!;
    const lesson = outline.modules[0]!.lessons[0]!;
    updateTag.mockClear();
    listSiteKeys.mockClear();
    const doc = { type: "doc" as const, content: [{ type: "paragraph", content: [{ type: "text", text: "Fresh words" }] }] };
    expect(await saveLessonAction({ org: "acme", lessonId: lesson.id, version: lesson.version, body: { kind: "doc", doc } })).toMatchObject({ ok: true });
    expect(await renameModuleAction({ org: "acme", moduleId: outline.modules[0]!.id, title: "Week one" })).toMatchObject({ ok: true });
    const added = await createModuleAction({ org: "acme", courseId: course!.id, title: "Secret upcoming module" });
    expect(added).toMatchObject({ ok: true });
    expect(updateTag.mock.calls).toEqual([[`tenant:${acme!.id}:courses`], [`tenant:${acme!.id}:courses`], [`tenant:${acme!.id}:courses`]]);
    // …and the public page does not list a module with nothing published in it.
    const page = (await findPublishedCourseBySlug(systemScope(acme!.id), course!.slug))!;
    expect(page.modules.map((m) => m.title)).not.toContain("Secret upcoming module");
    expect(page.modules.length).toBeGreaterThan(0);
    expect(listSiteKeys).not.toHaveBeenCalled();

    updateTag.mockClear();
    const branding = {
      name: "Acme Academy",
      tagline: "",
      primaryColor: "#0f766e",
      accentColor: "#f59e0b",
      font: "system" as const,
      logoUrl: "",
      faviconUrl: "",
    };
    expect(await updateBrandingAction({ org: "acme", ...branding })).toMatchObject({ ok: true });
    expect(updateTag.mock.calls.flat()).toEqual(expect.arrayContaining(["site:acme", `tenant:${acme!.id}:branding`]));
    expect(listSiteKeys).toHaveBeenCalledTimes(1);
  });
});
