import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { getBalances } from "@/db/queries/credits";
import { auditLogs, creators } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { periodKey } from "@/lib/platform-billing/credits";
import { fakeStripeEnv, startFakeStripe, webhookDelivery, type FakeStripe } from "../../../test/fake-stripe";

/**
 * Issue #9, item 10b: a subscription whose payment failed (past_due) keeps its paid plan for a grace
 * period counted from when it became past_due, then the school falls back to Free — checked on every
 * subscription webhook and by a daily cron — and paying again restores the plan without another
 * credit grant in the period. The clock is injected (fake Date, mid-month so the period never changes).
 */
const WEBHOOK_SECRET = "whsec_test_courseforge_past_due";
const DAY = 86_400_000;
vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, now: new Date("2031-03-02T12:00:00Z") });
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
Object.assign(process.env, fakeStripeEnv(fake, WEBHOOK_SECRET));
const { POST } = await import("@/app/api/auth/[...all]/route");
const deliver = webhookDelivery(fake, POST);

const later = (days: number) => vi.setSystemTime(new Date(Date.now() + days * DAY));
async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}
async function sync(type: string, sub: unknown) {
  expect((await deliver(fake.event(type, sub))).status).toBe(200);
}
async function periodGrants(creatorId: string) {
  const db = await getDb();
  const p = `grant:${periodKey()}`;
  const [r] = await db
    .execute<{ n: number; c: number }>(
      sql`select coalesce(sum(amount), 0)::int as n, count(*)::int as c from credit_transactions where creator_id = ${creatorId} and kind = 'grant' and (idempotency_key = ${p} or left(idempotency_key, ${p.length + 1}) = ${`${p}:`})`,
    )
    .then((x) => x.rows);
  return r!;
}
async function movesTo(creatorId: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.creatorId, creatorId), eq(auditLogs.action, "plan.changed")));
  return rows.map((r) => (r.data as { to: string }).to);
}

beforeAll(async () => {
  await seedDemo();
});
afterAll(async () => {
  vi.useRealTimers();
  await fake.close();
});

describe("past_due: a grace period, then Free; paying restores the plan", () => {
  it("inside the grace the plan stays; after it a webhook moves the school to Free; paying again restores Pro with no extra grant", async () => {
    const beta = await creator("beta");
    const scope = systemScope(beta.id);
    const cus = "cus_beta_past_due";
    const sub = fake.putSubscription({ customer: cus, priceId: "price_pro_m", metadata: { referenceId: beta.id } });
    await sync("customer.subscription.created", sub);
    expect((await creator("beta")).plan).toBe("pro");
    const paid = (await getBalances(scope)).available;
    const grants = await periodGrants(beta.id);
    expect(grants.n).toBe(3_000);

    // The renewal payment fails: Stripe marks the subscription past_due and retries the card.
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    expect((await creator("beta")).plan).toBe("pro");
    later(3);
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    expect((await creator("beta")).plan).toBe("pro");

    // Eight days after it became past_due, still unpaid: the next event moves the school to Free.
    later(5);
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    expect((await creator("beta")).plan).toBe("free");
    expect(await movesTo(beta.id)).toEqual(["pro", "free"]);

    // The customer pays the open invoice: active again, Pro is back, no second grant this period.
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "active" }));
    expect((await creator("beta")).plan).toBe("pro");
    expect(await movesTo(beta.id)).toEqual(["pro", "free", "pro"]);
    expect((await getBalances(scope)).available).toBe(paid);
    expect(await periodGrants(beta.id)).toEqual(grants);

    // A new failure starts a new grace period (not the old one's date).
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    later(1);
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    expect((await creator("beta")).plan).toBe("pro");
  });

  it("the daily cron moves a school whose grace ran out to Free and leaves one inside its grace alone", async () => {
    const { pastDueGraceFunction } = await import("@/inngest/functions/past-due-grace");
    const beta = await creator("beta"); // past_due since 1 day (previous test)
    const acme = await creator("acme");
    const cus = "cus_acme_past_due";
    const sub = fake.putSubscription({ customer: cus, priceId: "price_pro_m", metadata: { referenceId: acme.id } });
    await sync("customer.subscription.created", sub);
    later(5);
    await sync("customer.subscription.updated", fake.putSubscription({ id: sub.id, customer: cus, priceId: "price_pro_m", status: "past_due" }));
    later(2); // beta: 8 days past due; acme: 2 days
    const acmeBalance = (await getBalances(systemScope(acme.id))).available;
    for (const downgraded of [1, 0]) {
      const run = await new InngestTestEngine({ function: pastDueGraceFunction }).execute();
      expect(run.error).toBeUndefined();
      expect(run.result).toEqual({ checked: 1, downgraded }); // beta only; acme is inside its grace
    }
    expect((await creator("beta")).plan).toBe("free");
    expect((await creator("acme")).plan).toBe("pro");
    expect(await movesTo(beta.id)).toEqual(["pro", "free", "pro", "free"]);
    expect(await movesTo(acme.id)).toEqual([]);
    // Over Free's limits (acme has 3 courses, 2 published): the fallback is forced like a cancellation.
    later(6);
    await new InngestTestEngine({ function: pastDueGraceFunction }).execute();
    expect((await creator("acme")).plan).toBe("free");
    expect((await getBalances(systemScope(acme.id))).available).toBe(acmeBalance);
  });
});
