import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators, enrollments, offers, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { dashboardHome } from "./dashboard";
import { placePaidOrder } from "./orders";

let acme: TenantScope;
let beta: TenantScope;

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acme = systemScope((await db.select().from(creators).where(eq(creators.slug, "acme")))[0]!.id);
  beta = systemScope((await db.select().from(creators).where(eq(creators.slug, "beta")))[0]!.id);
});

describe("the dashboard home", () => {
  it("30 days of net revenue per day, students, completion, top courses and recent activity — the school's own only", async () => {
    const db = await getDb();
    const before = await dashboardHome(acme);
    expect(before.revenue.series).toHaveLength(30);
    expect(before.setup).toMatchObject({ courses: 3, published: 2, sold: false });
    const [sam] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    const [offer] = await db
      .select()
      .from(offers)
      .where(and(eq(offers.creatorId, acme.creatorId), eq(offers.type, "one_time")));
    await placePaidOrder(acme, {
      offerId: offer!.id,
      currency: "usd",
      withBump: false,
      couponCode: null,
      feeBps: 200,
      buyer: { userId: sam!.id, email: sam!.email, signedIn: true },
      paymentMode: "test",
      paymentNote: null,
    });
    await db
      .update(enrollments)
      .set({ completedAt: new Date() })
      .where(and(eq(enrollments.creatorId, acme.creatorId), eq(enrollments.userId, sam!.id)));

    const home = await dashboardHome(acme);
    expect(home.revenue.currency).toBe("usd");
    expect(home.revenue.sales).toBe(before.revenue.sales + 1);
    expect(home.revenue.series.reduce((n, d) => n + d.net, 0)).toBe(before.revenue.series.reduce((n, d) => n + d.net, 0) + 4900);
    expect(home.revenue.series.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    expect(home.setup.sold).toBe(true);
    expect(home.completion.completed).toBeGreaterThanOrEqual(1);
    expect(home.topCourses[0]).toMatchObject({ title: "Watercolor Foundations" });
    expect(home.activity.map((a) => a.kind)).toEqual(expect.arrayContaining(["sale", "completion", "enrollment"]));
    expect(home.activity[0]!.at.getTime()).toBeGreaterThanOrEqual(home.activity.at(-1)!.at.getTime());
    expect(home.activity.find((a) => a.kind === "sale")).toMatchObject({ who: "Sam Student", what: offer!.name, amount: 4900 });

    // A free enrolment is not a sale.
    const [free] = await db
      .select()
      .from(offers)
      .where(and(eq(offers.creatorId, acme.creatorId), eq(offers.type, "free")));
    await placePaidOrder(acme, {
      offerId: free!.id,
      currency: "usd",
      withBump: false,
      couponCode: null,
      feeBps: 200,
      buyer: { userId: sam!.id, email: sam!.email, signedIn: true },
      paymentMode: "free",
      paymentNote: null,
    });
    expect((await dashboardHome(acme)).revenue.sales).toBe(home.revenue.sales);

    // Beta sees none of it.
    const b = await dashboardHome(beta);
    expect(b.revenue.sales).toBe(0);
    expect(b.activity.map((a) => a.who)).not.toContain("Sam Student");
    expect(b.topCourses.map((c) => c.title)).not.toContain("Watercolor Foundations");
  });
});
