import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { createCourse } from "./courses";
import { countUsage, LimitError } from "./limits";
import { createCreatorWithOwner } from "./tenants";
import { createInvitation } from "./invitations";

let ownerId: string;
beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [u] = await db.execute<{ id: string }>(sql`select id from "user" where email = 'owner@beta.test'`).then((r) => r.rows);
  ownerId = u!.id;
});

describe("plan limits", () => {
  it("20 parallel course creations at limit − 1 create exactly one, the rest get an upgrade message", async () => {
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Limits", slug: "limits-school" }); // Free: 3 courses
    const scope = systemScope(school.id);
    await createCourse(scope, ownerId, { title: "One", slug: "one" });
    await createCourse(scope, ownerId, { title: "Two", slug: "two" });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => createCourse(scope, ownerId, { title: `C${i}`, slug: `c-${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(errors.every((e) => e instanceof LimitError)).toBe(true);
    expect(errors[0].message).toBe("Your Free plan includes 3 courses. Upgrade to Starter to add more.");
    const { usage } = await countUsage(scope);
    expect(usage.find((u) => u.metric === "courses")).toMatchObject({ used: 3, limit: 3, ratio: 1 });
  });

  it("a pending invitation takes a team seat", async () => {
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Seats", slug: "seats-school" }); // Free: 1 seat
    const scope = systemScope(school.id);
    await expect(
      createInvitation(scope, { email: "x@x.test", role: "editor", tokenHash: "h1", invitedBy: ownerId, expiresAt: new Date(Date.now() + 86400_000) }),
    ).rejects.toThrow(/Free plan includes 1 team seats/);
  });
});

describe("every path that makes a course count again checks the limit", () => {
  it("restoring an archived course on a full Free plan is refused with the upgrade message, and the course stays archived", async () => {
    const { setCourseStatus } = await import("./courses");
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Restore", slug: "restore-school" }); // Free: 3 courses
    const scope = systemScope(school.id);
    const first = await createCourse(scope, ownerId, { title: "First", slug: "first" });
    await setCourseStatus(scope, { actorUserId: ownerId, courseId: first.id, status: "archived" });
    for (const n of ["a", "b", "c"]) await createCourse(scope, ownerId, { title: n, slug: n });
    await expect(setCourseStatus(scope, { actorUserId: ownerId, courseId: first.id, status: "draft" })).rejects.toBeInstanceOf(LimitError);
    const { usage } = await countUsage(scope);
    expect(usage.find((u) => u.metric === "courses")).toMatchObject({ used: 3, limit: 3 });
    const db = await getDb();
    const [row] = await db.execute<{ status: string }>(sql`select status from courses where id = ${first.id}`).then((r) => r.rows);
    expect(row?.status).toBe("archived");
  });

  it("restoring is allowed while there is room", async () => {
    const { setCourseStatus } = await import("./courses");
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Restore ok", slug: "restore-ok" });
    const scope = systemScope(school.id);
    const c = await createCourse(scope, ownerId, { title: "Only", slug: "only" });
    await setCourseStatus(scope, { actorUserId: ownerId, courseId: c.id, status: "archived" });
    await expect(setCourseStatus(scope, { actorUserId: ownerId, courseId: c.id, status: "draft" })).resolves.toMatchObject({ status: "draft" });
  });
});

describe("publishing straight from the archive", () => {
  it("counts the course again: refused at the course limit", async () => {
    const { publishCourse, setCourseStatus } = await import("./courses");
    const db = await getDb();
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Publish archive", slug: "publish-archive" }); // Free: 3 courses, 1 published
    const scope = systemScope(school.id);
    const first = await createCourse(scope, ownerId, { title: "First", slug: "first" });
    await setCourseStatus(scope, { actorUserId: ownerId, courseId: first.id, status: "archived" });
    for (const n of ["a", "b", "c"]) await createCourse(scope, ownerId, { title: n, slug: n });
    // make the archived course publishable (a published lesson), bypassing the builder
    const [m] = await db
      .execute<{ id: string }>(sql`insert into course_modules (creator_id, course_id, title, position) values (${school.id}, ${first.id}, 'M', 0) returning id`)
      .then((r) => r.rows);
    await db.execute(
      sql`insert into lessons (creator_id, course_id, module_id, title, position, status) values (${school.id}, ${first.id}, ${m!.id}, 'L', 0, 'published')`,
    );
    await expect(publishCourse(scope, ownerId, first.id)).rejects.toBeInstanceOf(LimitError);
    const { usage } = await countUsage(scope);
    expect(usage.find((u) => u.metric === "courses")).toMatchObject({ used: 3, limit: 3 });
  });
});
