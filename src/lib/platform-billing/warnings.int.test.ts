import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { createCourse } from "@/db/queries/courses";
import { createCreatorWithOwner } from "@/db/queries/tenants";
import { findUserByEmail } from "@/db/queries/users";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { drainJobs } from "../../../test/helpers";
import { warnIfNearLimit } from "./warnings";

beforeAll(async () => {
  await seedDemo();
});

describe("80% limit warning email", () => {
  it("emails the owners once per period when a limit reaches 80%", async () => {
    const owner = (await findUserByEmail("owner@beta.test"))!;
    const school = await createCreatorWithOwner({ ownerUserId: owner.id, name: "Warned School", slug: "warned-school" }); // Free: 3 courses
    const scope = systemScope(school.id);
    await createCourse(scope, owner.id, { title: "A", slug: "a" });
    await createCourse(scope, owner.id, { title: "B", slug: "b" });
    expect(await warnIfNearLimit(scope, { metric: "courses", school })).toBe(false); // 2 of 3 = 67%
    await createCourse(scope, owner.id, { title: "C", slug: "c" });
    expect(await warnIfNearLimit(scope, { metric: "courses", school })).toBe(true); // 3 of 3
    expect(await warnIfNearLimit(scope, { metric: "courses", school })).toBe(false); // once per period
    await drainJobs();
    const db = await getDb();
    const mails = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "owner@beta.test"), eq(emailMessages.tag, "limit-warning")));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Warned School: 3 of 3 courses used");
    expect(mails[0]!.html).toContain("/warned-school/settings/billing");
    expect(mails[0]!.creatorId).toBe(school.id);
  });
});
