import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { createCreatorWithOwner } from "@/db/queries/tenants";
import { findUserByEmail } from "@/db/queries/users";
import { creatorMembers, creators, subscription } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { fakeStripeEnv, startFakeStripe, webhookDelivery, type FakeStripe, type RecordedRequest } from "../../../test/fake-stripe";
import { authFetch, signIn } from "../../../test/helpers";

/**
 * Issue #9, item 11: the Stripe customer belongs to the SCHOOL. Co-owners pay, change, cancel and
 * open the portal through the school's one customer; an owner of two schools has two customers and
 * each school's billing reaches only its own. Asserted on the requests the fake Stripe server saw.
 */
const WEBHOOK_SECRET = "whsec_test_courseforge_customers";
const APP = "app.localhost:3000";
const PASSWORD = "long-enough-pw";
/** People this file signs up (the demo accounts use the demo password). */
const SIGNED_UP = new Set(["co@acme.test", "boss@acme.test"]);
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
Object.assign(process.env, fakeStripeEnv(fake, WEBHOOK_SECRET));
const { changePlanAction } = await import("@/actions/platform-billing/change-plan");
const { buyCreditsAction } = await import("@/actions/platform-billing/buy-credits");
const { openBillingPortalAction } = await import("@/actions/platform-billing/open-portal");
const { POST } = await import("@/app/api/auth/[...all]/route");
const deliver = webhookDelivery(fake, POST);

const cookies = new Map<string, string>();
async function as(email: string | null) {
  if (!email) {
    requestHeaders = new Headers({ host: APP, origin: `http://${APP}` });
    return;
  }
  const cookie = cookies.get(email) ?? (await signIn(APP, email, SIGNED_UP.has(email) ? PASSWORD : undefined));
  cookies.set(email, cookie);
  requestHeaders = new Headers({ host: APP, origin: `http://${APP}`, cookie });
}
async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}
async function member(slug: string, email: string, role: "owner" | "admin") {
  const res = await authFetch({ host: APP, path: "/sign-up/email", body: { email, password: PASSWORD, name: "Team Member" } });
  expect(res.status).toBe(200);
  const u = (await findUserByEmail(email))!;
  const db = await getDb();
  await db.insert(creatorMembers).values({ creatorId: (await creator(slug)).id, userId: u.id, role });
}
const last = (path: string, method = "POST") => fake.requestsTo(path, method).at(-1)!;
const newRequests = (from: number) => fake.requests.slice(from);
const customerOf = (r: RecordedRequest) => r.body.customer as string;
async function ok<T>(p: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

beforeAll(async () => {
  await seedDemo();
  await member("acme", "co@acme.test", "owner");
  await member("acme", "boss@acme.test", "admin");
  const owner = (await findUserByEmail("owner@acme.test"))!;
  await createCreatorWithOwner({ ownerUserId: owner.id, name: "Acme Two", slug: "acme-two" });
});
afterAll(() => fake.close());

describe("the Stripe customer is the school's", () => {
  let acmeCustomer = "";
  let twoCustomer = "";

  it("co-owners pay through one customer, the school's, created once with the school's id", async () => {
    const acme = await creator("acme");
    await as("owner@acme.test");
    await ok(changePlanAction({ org: "acme", plan: "business", requestId: crypto.randomUUID() }));
    const byOwner = last("/v1/checkout/sessions");
    await as("co@acme.test");
    await ok(changePlanAction({ org: "acme", plan: "business", requestId: crypto.randomUUID() }));
    const byCoOwner = last("/v1/checkout/sessions");
    expect(customerOf(byCoOwner)).toBe(customerOf(byOwner));
    acmeCustomer = customerOf(byOwner);
    const created = fake.requestsTo("/v1/customers", "POST");
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ name: "Acme Academy", metadata: { creatorId: acme.id } });
    expect(created[0]!.idempotencyKey).toBe(`school-customer:${acme.id}`);
    expect(fake.customers.get(acmeCustomer)).toBeDefined();
    expect((await creator("acme")).stripeCustomerId).toBe(acmeCustomer);
    for (const r of [byOwner, byCoOwner]) {
      expect(r.body).toMatchObject({
        mode: "subscription",
        client_reference_id: acme.id,
        line_items: [{ price: "price_business_m", quantity: "1" }],
        subscription_data: { metadata: { referenceId: acme.id } },
      });
      expect(r.body.customer_email).toBeUndefined();
    }

    const from = fake.requests.length;
    await ok(openBillingPortalAction({ org: "acme" }));
    await as("owner@acme.test");
    await ok(openBillingPortalAction({ org: "acme" }));
    const portals = newRequests(from).filter((r) => r.path === "/v1/billing_portal/sessions");
    expect(portals.map(customerOf)).toEqual([acmeCustomer, acmeCustomer]);
  });

  it("an owner of two schools has two customers; each checkout, webhook, portal, plan change and cancel stays on its school's customer", async () => {
    const acme = await creator("acme");
    const two = await creator("acme-two");
    await as("owner@acme.test");
    const from = fake.requests.length;
    await ok(changePlanAction({ org: "acme-two", plan: "starter", requestId: crypto.randomUUID() }));
    twoCustomer = customerOf(last("/v1/checkout/sessions"));
    expect(twoCustomer).not.toBe(acmeCustomer);
    expect(fake.customers.get(twoCustomer)!.metadata).toEqual({ creatorId: two.id });
    expect((await creator("acme-two")).stripeCustomerId).toBe(twoCustomer);

    // Both pay; Stripe's events arrive (each delivered twice) and the school's mirror follows.
    const sessions = [...fake.sessions.values()].filter((s) => s.mode === "subscription");
    const subs: Record<string, string> = {};
    for (const s of [sessions.at(-2)!, sessions.at(-1)!]) {
      const done = fake.completeCheckout(s.id as string);
      subs[done.session.client_reference_id as string] = done.subscription!.id;
      for (const ev of [fake.event("customer.subscription.created", done.subscription), fake.event("checkout.session.completed", done.session)]) {
        expect((await deliver(ev)).status).toBe(200);
        expect((await deliver(ev)).status).toBe(200);
      }
    }
    expect((await creator("acme")).plan).toBe("business");
    expect((await creator("acme-two")).plan).toBe("starter");
    const db = await getDb();
    const mirrors = await db.select().from(subscription);
    expect(
      mirrors
        .map((m) => ({ ref: m.referenceId, cus: m.stripeCustomerId, sub: m.stripeSubscriptionId, status: m.status, plan: m.plan }))
        .sort((a, b) => a.plan.localeCompare(b.plan)),
    ).toEqual([
      { ref: acme.id, cus: acmeCustomer, sub: subs[acme.id], status: "active", plan: "business" },
      { ref: two.id, cus: twoCustomer, sub: subs[two.id], status: "active", plan: "starter" },
    ]);

    await ok(openBillingPortalAction({ org: "acme" }));
    expect(customerOf(last("/v1/billing_portal/sessions"))).toBe(acmeCustomer);
    await ok(openBillingPortalAction({ org: "acme-two" }));
    expect(customerOf(last("/v1/billing_portal/sessions"))).toBe(twoCustomer);

    // A plan change confirms on the portal, on the school's customer and subscription.
    await ok(changePlanAction({ org: "acme", plan: "pro", requestId: crypto.randomUUID() }));
    expect(last("/v1/billing_portal/sessions").body).toMatchObject({
      customer: acmeCustomer,
      flow_data: { type: "subscription_update_confirm", subscription_update_confirm: { subscription: subs[acme.id], items: [{ price: "price_pro_m" }] } },
    });
    // Cancelling the second school cancels its own subscription, on its own customer.
    await ok(changePlanAction({ org: "acme-two", plan: "free" }));
    expect(last("/v1/billing_portal/sessions").body).toMatchObject({
      customer: twoCustomer,
      flow_data: { type: "subscription_cancel", subscription_cancel: { subscription: subs[two.id] } },
    });

    // Nothing this test did reached another customer or created one more.
    const customers = newRequests(from)
      .filter((r) => r.path === "/v1/checkout/sessions" || r.path === "/v1/billing_portal/sessions")
      .map(customerOf);
    expect(new Set(customers)).toEqual(new Set([acmeCustomer, twoCustomer]));
    expect(fake.requestsTo("/v1/customers", "POST")).toHaveLength(2);
    expect(
      newRequests(from)
        .filter((r) => r.path === "/v1/subscriptions" && r.method === "GET")
        .every((r) => [acmeCustomer, twoCustomer].includes(r.query.get("customer")!)),
    ).toBe(true);
  });

  it("webhooks match a subscription to its school by the school's customer, before any metadata", async () => {
    const acme = await creator("acme");
    const beta = await creator("beta");
    // Made in the Stripe Dashboard on Acme's customer: no metadata, or metadata naming another school.
    for (const metadata of [{}, { referenceId: beta.id }]) {
      const sub = fake.putSubscription({ customer: acmeCustomer, priceId: "price_starter_m", metadata });
      expect((await deliver(fake.event("customer.subscription.created", sub))).status).toBe(200);
      const db = await getDb();
      const [m] = await db.select().from(subscription).where(eq(subscription.stripeSubscriptionId, sub.id));
      expect(m).toMatchObject({ referenceId: acme.id, stripeCustomerId: acmeCustomer });
      // Not a live second subscription for this test's other assertions.
      const ended = fake.putSubscription({ id: sub.id, customer: acmeCustomer, priceId: "price_starter_m", status: "canceled" });
      expect((await deliver(fake.event("customer.subscription.deleted", ended))).status).toBe(200);
    }
    expect((await creator("beta")).plan).toBe("starter");
    const db = await getDb();
    expect(await db.select().from(subscription).where(eq(subscription.referenceId, beta.id))).toHaveLength(0);
  });

  it("concurrent first needs of a school's customer (co-owners clicking at once) create and store one customer", async () => {
    const owner = (await findUserByEmail("owner@beta.test"))!;
    const three = await createCreatorWithOwner({ ownerUserId: owner.id, name: "Race School", slug: "race-school" });
    const { schoolCustomer } = await import("./checkout");
    const { stripeBilling } = await import("./stripe");
    const { systemScope } = await import("@/db/scope");
    const before = fake.customers.size;
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => schoolCustomer(systemScope(three.id), { slug: "race-school", name: "Race School" }, stripeBilling()!)),
    );
    expect(new Set(ids).size).toBe(1);
    expect(fake.customers.size).toBe(before + 1);
    expect((await creator("race-school")).stripeCustomerId).toBe(ids[0]);
  });

  it("a subscription started before schools had their own customer (on a person's) is neither doubled nor opened from here", async () => {
    const beta = await creator("beta");
    const db = await getDb();
    await db
      .insert(subscription)
      .values({
        id: "legacy-row",
        referenceId: beta.id,
        plan: "starter",
        stripeCustomerId: "cus_person_legacy",
        stripeSubscriptionId: "sub_legacy",
        status: "active",
      });
    await as("owner@beta.test");
    const from = fake.requests.length;
    for (const plan of ["pro", "free"] as const) {
      const r = await changePlanAction({ org: "beta", plan, requestId: crypto.randomUUID() });
      expect(r).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/before each school had its own billing account/) });
    }
    const touched = newRequests(from);
    expect(touched.filter((r) => r.path === "/v1/checkout/sessions" || r.path === "/v1/billing_portal/sessions")).toHaveLength(0);
    expect(touched.some((r) => r.query.get("customer") === "cus_person_legacy" || r.body.customer === "cus_person_legacy")).toBe(false);
    // The portal is the school's own customer, never the person's.
    await ok(openBillingPortalAction({ org: "beta" }));
    expect(customerOf(last("/v1/billing_portal/sessions"))).toBe((await creator("beta")).stripeCustomerId);
    expect((await creator("beta")).stripeCustomerId).not.toBe("cus_person_legacy");
    expect((await creator("beta")).plan).toBe("starter");
  });

  it("the Stripe plugin's own subscription endpoints are not served (they would use a person's customer)", async () => {
    const acme = await creator("acme");
    const cookie = cookies.get("co@acme.test")!;
    for (const path of ["/subscription/billing-portal", "/subscription/upgrade", "/subscription/cancel", "/subscription/list"]) {
      const body = path === "/subscription/list" ? undefined : { referenceId: acme.id, plan: "pro", returnUrl: "/", successUrl: "/", cancelUrl: "/" };
      const res = await authFetch({ host: APP, path: path === "/subscription/list" ? `${path}?referenceId=${acme.id}` : path, body, cookie });
      expect(res.status, path).toBe(404);
    }
  });

  it("unauthorized: an editor, an admin (view only), another school's owner and a signed-out visitor reach no Stripe customer", async () => {
    const from = fake.requests.length;
    for (const [email, code] of [
      ["editor@acme.test", "forbidden"],
      ["boss@acme.test", "forbidden"],
      ["owner@beta.test", "not_found"],
      [null, "unauthenticated"],
    ] as const) {
      await as(email);
      expect(await changePlanAction({ org: "acme", plan: "business", requestId: crypto.randomUUID() }), String(email)).toMatchObject({ ok: false, code });
      expect(await changePlanAction({ org: "acme", plan: "free" }), String(email)).toMatchObject({ ok: false, code });
      expect(await openBillingPortalAction({ org: "acme" }), String(email)).toMatchObject({ ok: false, code });
      if (email !== "boss@acme.test")
        expect(await buyCreditsAction({ org: "acme", pack: "small", requestId: crypto.randomUUID() }), String(email)).toMatchObject({ ok: false, code });
    }
    expect(fake.requests.length).toBe(from);
    // An admin may buy credits: for the school, on the school's customer.
    await as("boss@acme.test");
    await ok(buyCreditsAction({ org: "acme", pack: "small", requestId: crypto.randomUUID() }));
    const pack = last("/v1/checkout/sessions");
    expect(pack.body).toMatchObject({ mode: "payment", customer: acmeCustomer });
    expect(pack.body.customer_email).toBeUndefined();
    const db = await getDb();
    const owners = await db
      .select()
      .from(creatorMembers)
      .where(and(eq(creatorMembers.creatorId, (await creator("acme")).id), eq(creatorMembers.role, "owner")));
    expect(owners).toHaveLength(2);
  });
});
