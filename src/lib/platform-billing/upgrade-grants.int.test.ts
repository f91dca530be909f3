import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import * as ledger from "@/db/queries/credits";
import { creators } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { periodKey } from "@/lib/platform-billing/credits";
import { fakeStripeEnv, startFakeStripe, webhookDelivery, type FakeStripe } from "../../../test/fake-stripe";

/**
 * Issue #9, item 10a: monthly credits are granted once per school and period, for the highest plan
 * the school reached in that period — switching plans back and forth collects nothing more, and the
 * monthly cron after a mid-month upgrade adds nothing. Plans change through signed Stripe webhooks
 * (real SDK, fake Stripe server), as in production.
 */
const WEBHOOK_SECRET = "whsec_test_courseforge_grants";
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
Object.assign(process.env, fakeStripeEnv(fake, WEBHOOK_SECRET));
const { POST } = await import("@/app/api/auth/[...all]/route");
const deliver = webhookDelivery(fake, POST);
const { runCronNow } = await import("../../../test/helpers");

async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}
/** What the school was granted for `period` (keys grant:<period> and grant:<period>:…, old and new). */
async function periodGrants(creatorId: string, period = periodKey()) {
  const db = await getDb();
  const [r] = await db
    .execute<{ n: number }>(
      sql`select coalesce(sum(amount), 0)::int as n from credit_transactions where creator_id = ${creatorId} and kind = 'grant' and (idempotency_key = ${`grant:${period}`} or left(idempotency_key, ${`grant:${period}:`.length}) = ${`grant:${period}:`})`,
    )
    .then((x) => x.rows);
  return r!.n;
}
async function sync(type: string, sub: unknown) {
  expect((await deliver(fake.event(type, sub))).status).toBe(200);
}

beforeAll(async () => {
  await seedDemo();
});
afterAll(() => fake.close());

describe("monthly credits: one grant per school and period, for the highest plan reached", () => {
  it("switching plans within a month through Stripe collects one grant in all, the highest plan's", async () => {
    const beta = await creator("beta"); // Starter; the seed granted this period's 500
    const scope = systemScope(beta.id);
    const start = (await ledger.getBalances(scope)).available;
    expect(await periodGrants(beta.id)).toBe(500);
    const cus = "cus_beta_subscriber";
    const metadata = { referenceId: beta.id };

    const first = fake.putSubscription({ customer: cus, priceId: "price_business_m", metadata });
    await sync("customer.subscription.created", first);
    expect((await creator("beta")).plan).toBe("business");
    expect((await ledger.getBalances(scope)).available).toBe(start + 9_500); // up to Business's 10,000

    await sync("customer.subscription.deleted", fake.putSubscription({ id: first.id, customer: cus, priceId: "price_business_m", status: "canceled" }));
    expect((await creator("beta")).plan).toBe("free");

    const second = fake.putSubscription({ customer: cus, priceId: "price_pro_m", metadata });
    await sync("customer.subscription.created", second);
    expect((await creator("beta")).plan).toBe("pro");
    expect((await ledger.getBalances(scope)).available).toBe(start + 9_500); // Pro is below what was granted

    for (const priceId of ["price_business_m", "price_starter_m", "price_business_m", "price_pro_m"]) {
      await sync("customer.subscription.updated", fake.putSubscription({ id: second.id, customer: cus, priceId }));
    }
    expect((await creator("beta")).plan).toBe("pro");
    expect((await ledger.getBalances(scope)).available).toBe(start + 9_500);
    expect(await periodGrants(beta.id)).toBe(10_000);
  });

  it("the monthly cron after a mid-month upgrade grants nothing more, however often it runs", async () => {
    const beta = await creator("beta");
    const acme = await creator("acme");
    const before = { beta: (await ledger.getBalances(systemScope(beta.id))).available, acme: (await ledger.getBalances(systemScope(acme.id))).available };
    for (let i = 0; i < 2; i++) {
      const run = await runCronNow("grant-monthly-credits");
      expect(run).toMatchObject({ status: "completed", output: { period: periodKey(), schools: 2 } });
    }
    expect((await ledger.getBalances(systemScope(beta.id))).available).toBe(before.beta);
    expect((await ledger.getBalances(systemScope(acme.id))).available).toBe(before.acme);
    expect(await periodGrants(beta.id)).toBe(10_000);
    expect(await periodGrants(acme.id)).toBe(3_000);
  });

  it("grantPeriodCreditsUpTo: concurrent grants up to different targets end at the highest; older keys count; other periods do not", async () => {
    const owner = (await (await import("@/db/queries/users")).findUserByEmail("owner@beta.test"))!;
    const school = await (await import("@/db/queries/tenants")).createCreatorWithOwner({ ownerUserId: owner.id, name: "Ledger Lab", slug: "ledger-lab" });
    const scope = systemScope(school.id);
    const period = "2030-01";
    // Data written before this operation existed: the monthly key and an upgrade key.
    await ledger.grantCredits(scope, { amount: 50, key: `grant:${period}` });
    await ledger.grantCredits(scope, { amount: 450, key: `grant:${period}:upgrade:starter` });
    // Not this period's grants.
    await ledger.grantCredits(scope, { amount: 100, key: "grant:2030-02" });
    await ledger.grantCredits(scope, { amount: 7, key: "grant:2030-011" });
    const targets = [3_000, 500, 10_000, 3_000, 50, 10_000, 3_000, 10_000, 500, 3_000];
    const results = await Promise.all(targets.map((target) => ledger.grantPeriodCreditsUpTo(scope, { period, target, reason: `Up to ${target}` })));
    expect(await periodGrants(school.id, period)).toBe(10_000);
    expect((await ledger.getBalances(scope)).available).toBe(10_000 + 100 + 7);
    expect(results.reduce((a, r) => a + r.granted, 0)).toBe(9_500);
    expect(results.filter((r) => r.target === 500).every((r) => r.granted === 0 && r.transaction === null)).toBe(true);
    // Again: nothing more, and a replay of a target reached returns its stored grant.
    const again = await ledger.grantPeriodCreditsUpTo(scope, { period, target: 10_000, reason: "again" });
    expect(again).toMatchObject({ granted: 0, alreadyGranted: 10_000 });
    expect(await periodGrants(school.id, period)).toBe(10_000);
    const db = await getDb();
    const upto = await db
      .execute<{ k: string }>(
        sql`select idempotency_key as k from credit_transactions where creator_id = ${school.id} and idempotency_key like 'grant:2030-01:upto:%'`,
      )
      .then((x) => x.rows.map((r) => r.k));
    expect(new Set(upto).size).toBe(upto.length);
    await expect(ledger.grantPeriodCreditsUpTo(scope, { period: "2030-1", target: 10, reason: "bad" })).rejects.toThrow(/period/);
    await expect(ledger.grantPeriodCreditsUpTo(scope, { period, target: -1, reason: "bad" })).rejects.toThrow(/target/);
    // Scoped: another school's grants for the period are its own.
    const beta = await creator("beta");
    expect(await periodGrants(beta.id, period)).toBe(0);
  });
});
