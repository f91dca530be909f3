import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { getBalances, holdCredits, settleHold } from "@/db/queries/credits";
import { creators } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { fakeStripeEnv, startFakeStripe, webhookDelivery, type FakeStripe } from "../../../test/fake-stripe";
import { signIn } from "../../../test/helpers";

/**
 * Issue #9, item 10c: when Stripe refunds or disputes the payment of a top-up pack, the webhook takes
 * the pack's credits back through the ledger (what is left of them, never below zero), once — the
 * same event twice, or a refund and then a dispute, removes them once.
 */
const WEBHOOK_SECRET = "whsec_test_courseforge_refunds";
const APP = "app.localhost:3000";
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
Object.assign(process.env, fakeStripeEnv(fake, WEBHOOK_SECRET));
const { buyCreditsAction } = await import("@/actions/platform-billing/buy-credits");
const { POST } = await import("@/app/api/auth/[...all]/route");
const deliver = webhookDelivery(fake, POST);

async function as(email: string) {
  requestHeaders = new Headers({ host: APP, origin: `http://${APP}`, cookie: await signIn(APP, email) });
}
async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}
async function ok(event: unknown) {
  expect((await deliver(event)).status).toBe(200);
}
/** Buy a pack as the signed-in owner and pay for it on the fake Checkout (no webhook delivered yet). */
async function buyAndPay(slug: string, pack: "small" | "medium" | "large") {
  const r = await buyCreditsAction({ org: slug, pack, requestId: crypto.randomUUID() });
  if (!r.ok) throw new Error(r.message);
  const sessionId = [...fake.sessions.keys()].at(-1)!;
  const { session, charge } = fake.completeCheckout(sessionId);
  return { session, charge: charge! };
}
async function reversals(creatorId: string) {
  const db = await getDb();
  return db
    .execute<{ amount: number; reason: string; reverses_id: string }>(
      sql`select amount::int as amount, reason, reverses_id from credit_transactions where creator_id = ${creatorId} and kind = 'purchase_reversal' order by created_at`,
    )
    .then((x) => x.rows);
}

beforeAll(async () => {
  await seedDemo();
});
afterAll(() => fake.close());

describe("credit-pack refunds and disputes take the credits back", () => {
  it("a refunded pack whose credits were partly spent: only what is left is removed, once, never below zero; a later dispute removes nothing more", async () => {
    await as("owner@acme.test");
    const acme = await creator("acme");
    const scope = systemScope(acme.id);
    const start = (await getBalances(scope)).available; // Pro's 3,000
    const { session, charge } = await buyAndPay("acme", "medium");
    await ok(fake.event("checkout.session.completed", session));
    expect((await getBalances(scope)).available).toBe(start + 3_000);
    // An AI job uses 4,000: 2,000 of the pack's 3,000 are left on the balance.
    const hold = await holdCredits(scope, { amount: start + 1_000, key: `job:${crypto.randomUUID()}`, reason: "Course outline" });
    await settleHold(scope, { holdId: hold.id, used: start + 1_000, key: `settle:${hold.id}` });
    expect((await getBalances(scope)).available).toBe(2_000);

    const refunded = fake.event("charge.refunded", fake.refundCharge(charge.id));
    await Promise.all([ok(refunded), ok(refunded)]);
    await ok(refunded);
    await ok(fake.event("charge.refunded", fake.charges.get(charge.id))); // another delivery of the same fact
    expect((await getBalances(scope)).available).toBe(0);
    await ok(fake.event("charge.dispute.created", fake.disputeCharge(charge.id)));
    expect((await getBalances(scope)).available).toBe(0);
    const rows = await reversals(acme.id);
    expect(rows.reduce((a, r) => a + r.amount, 0)).toBe(2_000);
    expect(rows[0]).toMatchObject({ amount: 2_000, reason: expect.stringMatching(/refund/i) });
    // The charge was mapped back to its Checkout Session through Stripe.
    expect(fake.requestsTo("/v1/checkout/sessions", "GET").at(-1)!.query.get("payment_intent")).toBe(session.payment_intent);
  });

  it("a dispute first and a refund after: the pack is removed once; other credits stay", async () => {
    const acme = systemScope((await creator("acme")).id);
    const { session, charge } = await buyAndPay("acme", "small");
    await ok(fake.event("checkout.session.completed", session));
    const bought = (await getBalances(acme)).available;
    await ok(fake.event("charge.dispute.created", fake.disputeCharge(charge.id)));
    expect((await getBalances(acme)).available).toBe(bought - 500);
    await ok(fake.event("charge.refunded", fake.refundCharge(charge.id)));
    expect((await getBalances(acme)).available).toBe(bought - 500);
  });

  it("a refund delivered before the payment's completion event: the pack never adds up to anything", async () => {
    const acme = systemScope((await creator("acme")).id);
    const before = (await getBalances(acme)).available;
    const { session, charge } = await buyAndPay("acme", "large");
    await ok(fake.event("charge.refunded", fake.refundCharge(charge.id)));
    expect((await getBalances(acme)).available).toBe(before);
    await ok(fake.event("checkout.session.completed", session));
    expect((await getBalances(acme)).available).toBe(before);
  });

  it("a partial refund keeps the credits (it is a goodwill gesture on the price, not a return of the pack)", async () => {
    const acme = systemScope((await creator("acme")).id);
    const { session, charge } = await buyAndPay("acme", "small");
    await ok(fake.event("checkout.session.completed", session));
    const bought = (await getBalances(acme)).available;
    await ok(fake.event("charge.refunded", fake.refundCharge(charge.id, 200)));
    expect((await getBalances(acme)).available).toBe(bought);
  });

  it("a refund of a payment that is not a credit pack changes nothing", async () => {
    const acme = systemScope((await creator("acme")).id);
    const before = (await getBalances(acme)).available;
    const unknown = { id: "ch_not_ours", object: "charge", amount: 1000, amount_refunded: 1000, refunded: true, payment_intent: "pi_not_ours" };
    fake.charges.set(unknown.id, unknown);
    await ok(fake.event("charge.refunded", unknown));
    expect((await getBalances(acme)).available).toBe(before);
  });
});
