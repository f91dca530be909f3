import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { getBalances, listLedger } from "@/db/queries/credits";
import { auditLogs, creators, stripeEvents, subscription } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { startFakeStripe, type FakeStripe } from "../../../test/fake-stripe";
import { signIn } from "../../../test/helpers";

/**
 * Creator billing against a local fake Stripe: the real `stripe` SDK makes its calls over HTTP, and
 * webhooks arrive correctly signed at the real auth route (Better Auth's Stripe plugin verifies them).
 */
const WEBHOOK_SECRET = "whsec_test_courseforge_fake";
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
Object.assign(process.env, {
  STRIPE_SECRET_KEY: "sk_test_courseforge_fake",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_PRICE_STARTER: "price_starter_m",
  STRIPE_PRICE_PRO: "price_pro_m",
  STRIPE_PRICE_BUSINESS: "price_business_m",
  STRIPE_API_URL: fake.url,
});
const { changePlanAction } = await import("@/actions/platform-billing/change-plan");
const { buyCreditsAction } = await import("@/actions/platform-billing/buy-credits");
const { openBillingPortalAction } = await import("@/actions/platform-billing/open-portal");
const { POST } = await import("@/app/api/auth/[...all]/route");

const APP = "app.localhost:3000";
async function as(email: string) {
  requestHeaders = new Headers({ host: APP, origin: `http://${APP}`, cookie: await signIn(APP, email) });
}
async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}
async function deliver(event: unknown, secret?: string) {
  const { payload, signature } = fake.sign(event, secret);
  return POST(
    new Request(`http://${APP}/api/auth/stripe/webhook`, {
      method: "POST",
      headers: { host: APP, "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    }),
  );
}
async function planChanges(creatorId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.creatorId, creatorId), eq(auditLogs.action, "plan.changed")));
}
const lastRequest = (path: string) => [...fake.requests].reverse().find((r) => r.path === path);

beforeAll(async () => {
  await seedDemo();
});
afterAll(() => fake.close());

describe("creator billing with Stripe", () => {
  let betaSub = "";

  it("upgrading sends the owner to Checkout and changes nothing until Stripe confirms", async () => {
    await as("owner@beta.test");
    const beta = await creator("beta");
    const r = await changePlanAction({ org: "beta", plan: "pro" });
    if (!r.ok) throw new Error(r.message);
    expect(r.data.redirectUrl).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const created = lastRequest("/v1/checkout/sessions")!;
    expect(created.authorization).toBe("Bearer sk_test_courseforge_fake");
    expect(created.body).toMatchObject({ mode: "subscription", client_reference_id: beta.id, line_items: [{ price: "price_pro_m", quantity: "1" }] });
    expect((created.body.subscription_data as { metadata: Record<string, string> }).metadata.referenceId).toBe(beta.id);
    // The customer is the school's (created once, for the school), not the owner's.
    expect(lastRequest("/v1/customers")!.body).toMatchObject({ name: beta.name, metadata: { creatorId: beta.id } });
    const schoolCustomer = (await creator("beta")).stripeCustomerId!;
    expect(created.body.customer).toBe(schoolCustomer);
    expect(fake.customers.get(schoolCustomer)!.metadata).toEqual({ creatorId: beta.id });
    expect((await creator("beta")).plan).toBe("starter");
  });

  it("replayed ×3 and out of order: one plan change and one upgrade grant", async () => {
    const beta = await creator("beta");
    const scope = systemScope(beta.id);
    const before = (await getBalances(scope)).available;
    const sessionId = [...fake.sessions.keys()].at(-1)!;
    const { session, subscription: sub } = fake.completeCheckout(sessionId);
    betaSub = sub!.id;
    const completed = fake.event("checkout.session.completed", session);
    const createdEv = fake.event("customer.subscription.created", sub);
    const updatedEv = fake.event("customer.subscription.updated", sub);
    // Stripe's order is created → completed → updated; deliver them backwards, each three times,
    // with two copies racing each other.
    for (const ev of [updatedEv, completed, createdEv]) {
      const results = await Promise.all([deliver(ev), deliver(ev)]);
      results.push(await deliver(ev));
      for (const res of results) expect(res.status).toBe(200);
    }
    expect((await creator("beta")).plan).toBe("pro");
    expect(await planChanges(beta.id)).toHaveLength(1);
    expect((await getBalances(scope)).available).toBe(before + 2_500); // Pro 3,000 − Starter 500, once
    const grants = (await listLedger(scope, 100)).filter((l) => l.reason?.startsWith("Upgrade to Pro"));
    expect(grants).toHaveLength(1);
    const db = await getDb();
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.creatorId, beta.id))).toHaveLength(3);
    const [mirror] = await db.select().from(subscription).where(eq(subscription.stripeSubscriptionId, betaSub));
    expect(mirror).toMatchObject({ referenceId: beta.id, plan: "pro", status: "active" });
  });

  it("a stale event arriving after a newer one does not roll the plan back; limits follow at once", async () => {
    const beta = await creator("beta");
    const stale = fake.event("customer.subscription.updated", fake.subscriptions.get(betaSub)); // still Pro
    const now = fake.putSubscription({ id: betaSub, customer: fake.subscriptions.get(betaSub)!.customer as string, priceId: "price_business_m" });
    expect((await deliver(fake.event("customer.subscription.updated", now))).status).toBe(200);
    expect((await deliver(stale)).status).toBe(200);
    expect((await creator("beta")).plan).toBe("business");
    const { countUsage } = await import("@/db/queries/limits");
    expect((await countUsage(systemScope(beta.id))).plan.id).toBe("business");
    expect((await planChanges(beta.id)).map((a) => (a.data as { to: string }).to)).toEqual(expect.arrayContaining(["pro", "business"]));
    expect(await planChanges(beta.id)).toHaveLength(2);
  });

  it("a bad or missing signature is refused with 400 and changes nothing", async () => {
    const cancelled = fake.event("customer.subscription.deleted", { ...fake.subscriptions.get(betaSub), status: "canceled" });
    expect((await deliver(cancelled, "whsec_someone_else")).status).toBe(400);
    const unsigned = await POST(
      new Request(`http://${APP}/api/auth/stripe/webhook`, {
        method: "POST",
        headers: { host: APP, "content-type": "application/json" },
        body: JSON.stringify(cancelled),
      }),
    );
    expect(unsigned.status).toBe(400);
    const { payload, signature } = fake.sign(cancelled);
    const tampered = await POST(
      new Request(`http://${APP}/api/auth/stripe/webhook`, {
        method: "POST",
        headers: { host: APP, "stripe-signature": signature },
        body: payload.replace("canceled", "active"),
      }),
    );
    expect(tampered.status).toBe(400);
    expect((await creator("beta")).plan).toBe("business");
    const db = await getDb();
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, cancelled.id))).toHaveLength(0);
  });

  it("the owner opens the customer portal; cancelling goes through Stripe and the deletion moves the school to Free", async () => {
    await as("owner@beta.test");
    const beta = await creator("beta");
    const portal = await openBillingPortalAction({ org: "beta" });
    if (!portal.ok) throw new Error(portal.message);
    expect(portal.data.redirectUrl).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    const cancel = await changePlanAction({ org: "beta", plan: "free" });
    if (!cancel.ok) throw new Error(cancel.message);
    expect(lastRequest("/v1/billing_portal/sessions")!.body).toMatchObject({
      flow_data: { type: "subscription_cancel", subscription_cancel: { subscription: betaSub } },
    });
    expect((await creator("beta")).plan).toBe("business");
    const ended = fake.putSubscription({
      id: betaSub,
      customer: fake.subscriptions.get(betaSub)!.customer as string,
      priceId: "price_business_m",
      status: "canceled",
    });
    const ev = fake.event("customer.subscription.deleted", ended);
    for (let i = 0; i < 3; i++) expect((await deliver(ev)).status).toBe(200);
    expect((await creator("beta")).plan).toBe("free");
    expect(await planChanges(beta.id)).toHaveLength(3);
  });

  it("a top-up pack goes through Checkout and its webhook adds the credits once", async () => {
    await as("owner@acme.test");
    const acme = await creator("acme");
    const scope = systemScope(acme.id);
    const before = (await getBalances(scope)).available;
    const requestId = crypto.randomUUID();
    const r = await buyCreditsAction({ org: "acme", pack: "medium", requestId });
    if (!r.ok) throw new Error(r.message);
    expect("redirectUrl" in r.data && r.data.redirectUrl).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const req = lastRequest("/v1/checkout/sessions")!;
    expect(req.body).toMatchObject({
      mode: "payment",
      metadata: { kind: "credit_pack", creatorId: acme.id, pack: "medium" },
      line_items: [{ price_data: { unit_amount: "5000", currency: "usd" } }],
    });
    expect(req.idempotencyKey).toBe(`credit-pack:${acme.id}:${requestId}`);
    expect((await getBalances(scope)).available).toBe(before); // nothing until paid
    const { session } = fake.completeCheckout([...fake.sessions.keys()].at(-1)!);
    const completed = fake.event("checkout.session.completed", session);
    const asyncPaid = fake.event("checkout.session.async_payment_succeeded", session);
    for (const ev of [completed, completed, asyncPaid, completed]) expect((await deliver(ev)).status).toBe(200);
    expect((await getBalances(scope)).available).toBe(before + 3_000);
    const db = await getDb();
    const [row] = await db
      .execute<{ n: number }>(sql`select count(*)::int as n from credit_transactions where creator_id = ${acme.id} and kind = 'purchase'`)
      .then((x) => x.rows);
    expect(row!.n).toBe(1);
  });

  it("unauthorized: an editor cannot start a checkout or open the portal; a downgrade over the limits never reaches Stripe", async () => {
    await as("editor@acme.test");
    expect(await changePlanAction({ org: "acme", plan: "business" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await openBillingPortalAction({ org: "acme" })).toMatchObject({ ok: false, code: "forbidden" });
    await as("owner@beta.test");
    expect(await openBillingPortalAction({ org: "acme" })).toMatchObject({ ok: false, code: "not_found" });
    const calls = fake.requests.length;
    await as("owner@acme.test");
    const r = await changePlanAction({ org: "acme", plan: "free" });
    expect(r).toMatchObject({ ok: false, code: "conflict" });
    expect(fake.requests.length).toBe(calls);
  });
});
