import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { emailMessages, students, usageEvents, user } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { createCreatorWithOwner } from "@/db/queries/tenants";
import { ensureStudent } from "@/db/queries/students";
import { planOf } from "./plans";
import { authFetch } from "../../../test/helpers";

let ownerId: string;
beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [u] = await db.execute<{ id: string }>(sql`select id from "user" where email = 'owner@beta.test'`).then((r) => r.rows);
  ownerId = u!.id;
});

/** `n` existing students (accounts made directly, as an import would). */
async function addStudents(creatorId: string, n: number, prefix: string) {
  const db = await getDb();
  const rows = Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, email: `${prefix}-${i}@x.test`, name: `S ${i}`, emailVerified: true }));
  await db.insert(user).values(rows);
  for (const r of rows) await ensureStudent(systemScope(creatorId), r.id);
}

async function signUpOn(slug: string, email: string) {
  return authFetch({
    host: `${slug}.localhost:3000`,
    path: "/sign-up/email",
    body: { email, password: "long-enough-pw", name: "New Student" },
    peer: `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
  });
}

describe("the students limit never turns a student away", () => {
  it("a Free school at its limit still takes the next student, meters the overage and tells the owners once", async () => {
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Full House", slug: "full-house" });
    const limit = planOf("free").limits.students!;
    await addStudents(school.id, limit, "fh");

    for (const email of ["over-1@x.test", "over-2@x.test"]) expect((await signUpOn("full-house", email)).status).toBe(200);

    const db = await getDb();
    const [n] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(students)
      .where(eq(students.creatorId, school.id));
    expect(n!.n).toBe(limit + 2);
    const overage = await db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.creatorId, school.id), eq(usageEvents.metric, "student_overage")));
    expect(overage.map((e) => e.quantity)).toEqual([1, 1]);
    const mails = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "owner@beta.test"), eq(emailMessages.tag, "limit-warning"), eq(emailMessages.creatorId, school.id)));
    const over = mails.filter((m) => m.html.includes("nobody is turned away"));
    expect(over).toHaveLength(1);
    expect(over[0]!.subject).toBe(`Full House: ${limit + 1} of ${limit} students used`);
  });

  it("at 80% the owners get the near-limit warning once", async () => {
    const school = await createCreatorWithOwner({ ownerUserId: ownerId, name: "Nearly", slug: "nearly-full" });
    const limit = planOf("free").limits.students!;
    await addStudents(school.id, Math.ceil(limit * 0.8) - 1, "nf");
    expect((await signUpOn("nearly-full", "near-1@x.test")).status).toBe(200);
    expect((await signUpOn("nearly-full", "near-2@x.test")).status).toBe(200);
    const db = await getDb();
    const mails = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.tag, "limit-warning"), eq(emailMessages.creatorId, school.id)));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.html).toContain("You are close to the limit.");
  });
});
