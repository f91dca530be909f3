import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/db/seed";
import { createCourse } from "./courses";
import { countUsage, LimitError } from "./limits";
import { createCreatorWithOwner, createInvitation } from "./tenants";

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
    await expect(createInvitation(scope, { email: "x@x.test", role: "editor", tokenHash: "h1", invitedBy: ownerId, expiresAt: new Date(Date.now() + 86400_000) })).rejects.toThrow(
      /Free plan includes 1 team seats/,
    );
  });
});
