import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findActiveEnrollment } from "@/db/queries/enrollments";
import { courses, creators, enrollments, orders, studentSubscriptions, webhookEventsIn } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { startFakeStripe, type FakeStripe } from "../../../test/fake-stripe";
import { drainJobs, signIn } from "../../../test/helpers";

/**
 * Students paying schools through Stripe Connect, against the local fake Stripe: the real `stripe` SDK
 * calls it over HTTP (with the Stripe-Account header of the school's connected account) and webhook
 * events arrive correctly signed with the Connect endpoint's own secret at the real route.
 */
const BILLING_SECRET = "whsec_test_billing_fake";
const CONNECT_SECRET = "whsec_test_connect_fake";
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));

const fake: FakeStripe = await startFakeStripe({ webhookSecret: CONNECT_SECRET });
Object.assign(process.env, {
  STRIPE_SECRET_KEY: "sk_test_courseforge_fake",
  STRIPE_WEBHOOK_SECRET: BILLING_SECRET,
  STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
  STRIPE_PUBLISHABLE_KEY: "pk_test_courseforge_fake",
  STRIPE_API_URL: fake.url,
});
const { connectStripeAction } = await import("@/actions/commerce/connect-stripe");
const { disconnectStripeAction } = await import("@/actions/commerce/disconnect-stripe");
const { createOfferAction } = await import("@/actions/commerce/create-offer");
const { setOfferStatusAction } = await import("@/actions/commerce/set-offer-status");
const { createCouponAction } = await import("@/actions/commerce/create-coupon");
const { placeOrderAction } = await import("@/actions/commerce/place-order");
const { refundOrderAction } = await import("@/actions/commerce/refund-order");
const { POST } = await import("@/app/api/webhooks/stripe-connect/route");

const APP = "app.localhost:3000";
const ACME = "acme.localhost:3000";
let acme: TenantScope;
let beta: TenantScope;
let acmeAccount = "";
let betaAccount = "";
let courseIds: Record<string, string> = {};

async function as(host: string, email: string | null) {
  requestHeaders = new Headers({
    host,
    origin: `http://${host}`,
    "x-courseforge-peer": `${process.env.COURSEFORGE_PEER_KEY} 10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    ...(email ? { cookie: await signIn(host, email) } : {}),
  });
}
const deliver = async (event: unknown, secret?: string) => {
  const { payload, signature } = fake.sign(event, secret);
  const res = await POST(
    new Request(`http://${APP}/api/webhooks/stripe-connect`, { method: "POST", headers: { host: APP, "stripe-signature": signature }, body: payload }),
  );
  await drainJobs();
  return res;
};
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function connect(slug: string, owner: string): Promise<string> {
  await as(APP, owner);
  const r = await connectStripeAction({ org: slug });
  if (!r.ok) throw new Error(r.message);
  expect(r.data.redirectUrl).toMatch(/^https:\/\/connect\.stripe\.test\/setup\/e\/acct_/);
  const id = r.data.redirectUrl.split("/")[5]!;
  // Onboarding done on Stripe: account.updated arrives and the school can take charges.
  const account = fake.setAccount(id, {
    details_submitted: true,
    charges_enabled: true,
    payouts_enabled: true,
    requirements: { currently_due: [], disabled_reason: null },
  });
  expect((await deliver(fake.event("account.updated", account, undefined, id))).status).toBe(200);
  return id;
}

async function offer(input: {
  name: string;
  type: "one_time" | "subscription" | "payment_plan";
  amount: number;
  interval?: "month" | "year";
  installments?: number;
}) {
  await as(APP, "owner@acme.test");
  const r = await createOfferAction({
    org: "acme",
    name: input.name,
    description: null,
    type: input.type,
    courseIds: [courseIds["watercolor-foundations"]!],
    prices: [
      {
        currency: "usd",
        amount: input.amount,
        interval: input.interval ?? (input.type === "payment_plan" ? "month" : null),
        installments: input.installments ?? null,
      },
    ],
    bumpOfferId: null,
    bumpHeadline: null,
  });
  if (!r.ok) throw new Error(r.message);
  expect(await setOfferStatusAction({ org: "acme", offerId: r.data.id, status: "active" })).toMatchObject({ ok: true });
  return r.data.id;
}

/** A visitor checks out by email; returns the Stripe Checkout Session the action redirected to. */
async function checkout(offerId: string, extra: Record<string, string> = {}) {
  await as(ACME, null);
  const email = `${Math.random().toString(36).slice(2)}@buyers.test`;
  const err = await placeOrderAction(form({ offerId, email, name: "Stripe Buyer", ...extra })).catch((e: Error) => e);
  expect(String(err)).toMatch(/NEXT_REDIRECT/);
  const url = String((err as Error & { digest?: string }).digest ?? "").split(";")[2]!;
  expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
  const sessionId = url.split("/").pop()!;
  return { email, sessionId, session: fake.sessions.get(sessionId)! };
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [a] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  const [b] = await db.select().from(creators).where(eq(creators.slug, "beta"));
  acme = systemScope(a!.id);
  beta = systemScope(b!.id);
  courseIds = Object.fromEntries((await db.select().from(courses).where(eq(courses.creatorId, a!.id))).map((x) => [x.slug, x.id]));
  acmeAccount = await connect("acme", "owner@acme.test");
  betaAccount = await connect("beta", "owner@beta.test");
});
afterAll(() => fake.close());

describe("Stripe Connect", () => {
  it("a one-time sale is a direct charge on the school's account with the plan's fee and the coupon; replayed ×3 and out of order: one order, one enrolment, one receipt", async () => {
    const offerId = await offer({ name: "Watercolor by card", type: "one_time", amount: 4900 });
    await as(APP, "owner@acme.test");
    await createCouponAction({ org: "acme", code: "CARD10", kind: "percent", percentOff: 10 });
    const { email, sessionId, session } = await checkout(offerId, { coupon: "card10" });
    // Created on Acme's account: Pro's fee (application_fee_amount), the coupon as a one-off Stripe coupon.
    const created = fake.requestsTo("/v1/checkout/sessions", "POST").at(-1)!;
    expect(created.stripeAccount).toBe(acmeAccount);
    expect(created.body).toMatchObject({
      mode: "payment",
      client_reference_id: expect.any(String),
      customer_email: email,
      payment_intent_data: { application_fee_amount: expect.any(String) },
    });
    expect(session.amount_total).toBe(4410);
    expect(fake.requestsTo("/v1/coupons", "POST").at(-1)).toMatchObject({ stripeAccount: acmeAccount, body: { percent_off: "10", duration: "once" } });
    const db = await getDb();
    const [pending] = await db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
    expect(pending).toMatchObject({ status: "pending", paymentMode: "stripe", amountTotal: 4410 });

    // A bad signature changes nothing.
    const { session: paid } = fake.completeCheckout(sessionId);
    const completed = fake.event("checkout.session.completed", paid, undefined, acmeAccount);
    expect((await deliver(completed, "whsec_wrong")).status).toBe(400);
    expect((await db.select().from(orders).where(eq(orders.id, pending!.id)))[0]!.status).toBe("pending");
    // An old snapshot (still open) delivered after the real one, and the real one three times.
    const stale = fake.event("checkout.session.completed", { ...paid, payment_status: "unpaid" }, undefined, acmeAccount);
    for (const e of [completed, completed, stale, completed]) expect((await deliver(e)).status).toBe(200);
    const [order] = await db.select().from(orders).where(eq(orders.id, pending!.id));
    expect(order).toMatchObject({ status: "paid", amountTotal: 4410, stripePaymentIntentId: expect.stringMatching(/^pi_/) });
    const mine = await db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.creatorId, acme.creatorId), eq(enrollments.orderId, order!.id)));
    expect(mine).toHaveLength(1);
    const { listOutbox } = await import("@/db/queries/email");
    expect((await listOutbox({ to: email })).filter((m) => m.subject.startsWith("Your receipt"))).toHaveLength(1);
    const recorded = await db.select().from(webhookEventsIn).where(eq(webhookEventsIn.eventId, completed.id));
    expect(recorded).toHaveLength(1);

    // The owner refunds it in full through Stripe; the charge.refunded event that follows changes nothing more; access ends.
    await as(APP, "owner@acme.test");
    expect(await refundOrderAction({ org: "acme", orderId: order!.id })).toMatchObject({ ok: true, data: { status: "refunded", refunded: 4410 } });
    expect(fake.requestsTo("/v1/refunds", "POST").at(-1)).toMatchObject({
      stripeAccount: acmeAccount,
      body: { payment_intent: order!.stripePaymentIntentId, amount: "4410" },
    });
    const charge = [...fake.charges.values()].find((c) => c.payment_intent === order!.stripePaymentIntentId)!;
    expect((await deliver(fake.event("charge.refunded", charge, undefined, acmeAccount))).status).toBe(200);
    await drainJobs();
    expect(await findActiveEnrollment(acme, { userId: order!.userId!, courseId: courseIds["watercolor-foundations"]! })).toBeNull();
  });

  it("a 3-instalment payment plan ends by itself after the third invoice.paid, and keeps its access", async () => {
    const offerId = await offer({ name: "Watercolor in 3", type: "payment_plan", amount: 2000, installments: 3 });
    const { sessionId } = await checkout(offerId);
    const created = fake.requestsTo("/v1/checkout/sessions", "POST").at(-1)!;
    expect(created.body).toMatchObject({
      mode: "subscription",
      subscription_data: { application_fee_percent: expect.any(String), metadata: { installments: "3" } },
    });
    const { session, subscription, invoice } = fake.completeCheckout(sessionId);
    // The first invoice's event arrives before the session's: the subscription is mirrored either way.
    expect((await deliver(fake.event("invoice.paid", invoice, undefined, acmeAccount))).status).toBe(200);
    expect((await deliver(fake.event("checkout.session.completed", session, undefined, acmeAccount))).status).toBe(200);
    const db = await getDb();
    const sub = () =>
      db
        .select()
        .from(studentSubscriptions)
        .where(eq(studentSubscriptions.stripeSubscriptionId, subscription!.id))
        .then((r) => r[0]!);
    expect(await sub()).toMatchObject({ installmentsTotal: 3, status: "active" });
    expect((await sub()).paidInvoices).toHaveLength(1);
    const second = fake.payInvoice(subscription!.id, 2000);
    await deliver(fake.event("invoice.paid", second, undefined, acmeAccount));
    await deliver(fake.event("invoice.paid", second, undefined, acmeAccount)); // the same invoice again (a new event id): counted once
    expect((await sub()).paidInvoices).toHaveLength(2);
    expect(fake.requestsTo(`/v1/subscriptions/${subscription!.id}`, "DELETE")).toHaveLength(0);
    await deliver(fake.event("invoice.paid", fake.payInvoice(subscription!.id, 2000), undefined, acmeAccount));
    expect(await sub()).toMatchObject({ status: "completed" });
    expect(fake.requestsTo(`/v1/subscriptions/${subscription!.id}`, "DELETE")).toHaveLength(1);
    // Stripe then says the subscription is deleted: a paid-off plan keeps its access.
    await deliver(fake.event("customer.subscription.deleted", fake.subscriptions.get(subscription!.id), undefined, acmeAccount));
    const [order] = await db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
    expect(await findActiveEnrollment(acme, { userId: order!.userId!, courseId: courseIds["watercolor-foundations"]! })).not.toBeNull();
  });

  it("a failed renewal asks the student to fix the card; a canceled subscription takes the access back", async () => {
    const offerId = await offer({ name: "Watercolor monthly", type: "subscription", amount: 900, interval: "month" });
    const { email, sessionId } = await checkout(offerId);
    const { session, subscription, invoice } = fake.completeCheckout(sessionId);
    await deliver(fake.event("checkout.session.completed", session, undefined, acmeAccount));
    await deliver(fake.event("invoice.paid", invoice, undefined, acmeAccount));
    const failed = fake.payInvoice(subscription!.id, 900, "open");
    await deliver(fake.event("invoice.payment_failed", failed, undefined, acmeAccount));
    const { listOutbox, findOutboxMessage } = await import("@/db/queries/email");
    const dunning = (await listOutbox({ to: email })).find((m) => m.subject.includes("payment"));
    expect(dunning).toBeTruthy();
    expect((await findOutboxMessage(dunning!.id))!.html).toContain(failed.hosted_invoice_url);
    fake.putSubscription({ id: subscription!.id, customer: String(subscription!.customer), priceId: "price_x", status: "canceled" });
    await deliver(fake.event("customer.subscription.deleted", fake.subscriptions.get(subscription!.id), undefined, acmeAccount));
    const db = await getDb();
    const [order] = await db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
    expect(await findActiveEnrollment(acme, { userId: order!.userId!, courseId: courseIds["watercolor-foundations"]! })).toBeNull();
  });

  it("unauthorized: an event naming another school's account changes nothing of this one; editors cannot connect or disconnect", async () => {
    const offerId = await offer({ name: "Watercolor, once more", type: "one_time", amount: 4900 });
    const { sessionId } = await checkout(offerId);
    const { session } = fake.completeCheckout(sessionId);
    // Beta's account, Acme's session: the session is not on Beta's account, Beta has no such order.
    expect((await deliver(fake.event("checkout.session.completed", session, undefined, betaAccount))).status).toBe(200);
    const db = await getDb();
    const [order] = await db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
    expect(order!.status).toBe("pending");
    expect(beta.creatorId).not.toBe(acme.creatorId);
    await as(APP, "editor@acme.test");
    expect(await connectStripeAction({ org: "acme" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await disconnectStripeAction({ org: "acme" })).toMatchObject({ ok: false, code: "forbidden" });
    await as(APP, "owner@beta.test");
    expect(await disconnectStripeAction({ org: "acme" })).toMatchObject({ ok: false, code: "not_found" });
    // Disconnected: new checkouts fall back to the labelled test-payment mode (locally); Stripe is not called.
    await as(APP, "owner@acme.test");
    expect(await disconnectStripeAction({ org: "acme" })).toMatchObject({ ok: true });
    const before = fake.requestsTo("/v1/checkout/sessions", "POST").length;
    await as(ACME, null);
    const r = await placeOrderAction(form({ offerId, email: "after-disconnect@buyers.test", cardNumber: "4242424242424242", expiry: "12/34", cvc: "123" }));
    expect(r).toMatchObject({ ok: true });
    expect(fake.requestsTo("/v1/checkout/sessions", "POST").length).toBe(before);
  });

  it("with JavaScript, Stripe Checkout opens embedded on the school's own page (its host); a subscription with a 100% coupon still goes through Stripe", async () => {
    acmeAccount = await connect("acme", "owner@acme.test"); // reconnected after the test above disconnected it
    const offerId = await offer({ name: "Watercolor, embedded", type: "one_time", amount: 4900 });
    await as(ACME, null);
    const r = await placeOrderAction(form({ offerId, email: "embedded@buyers.test", name: "Em Bedded", js: "1" }));
    expect(r).toMatchObject({
      ok: true,
      data: { kind: "embedded", clientSecret: expect.stringContaining("_secret_"), publishableKey: "pk_test_courseforge_fake", stripeAccount: acmeAccount },
    });
    expect(fake.requestsTo("/v1/checkout/sessions", "POST").at(-1)!.body).toMatchObject({
      ui_mode: "embedded_page",
      return_url: expect.stringMatching(/^http:\/\/acme\.localhost:3000\/sign-in\?next=/),
    });

    const sub = await offer({ name: "Monthly, all free?", type: "subscription", amount: 900, interval: "month" });
    await as(APP, "owner@acme.test");
    await createCouponAction({ org: "acme", code: "ALLFREE", kind: "percent", percentOff: 100 });
    const { session } = await checkout(sub, { coupon: "allfree" });
    expect(session).toMatchObject({ mode: "subscription", amount_total: 0 });
  });
});
