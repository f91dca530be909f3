import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findOutboxMessage, listOutbox } from "@/db/queries/email";
import { findActiveEnrollment } from "@/db/queries/enrollments";
import { getOrder, placePaidOrder } from "@/db/queries/orders";
import { courses, coupons, creators, enrollments, orders, students, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { drainJobs, signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));
const { createOfferAction } = await import("./create-offer");
const { updateOfferAction } = await import("./update-offer");
const { setOfferStatusAction } = await import("./set-offer-status");
const { createCouponAction } = await import("./create-coupon");
const { archiveCouponAction } = await import("./archive-coupon");
const { refundOrderAction } = await import("./refund-order");
const { placeOrderAction } = await import("./place-order");

const APP = "app.localhost:3000";
const ACME = "acme.localhost:3000";
async function as(host: string, email: string | null) {
  requestHeaders = new Headers({
    host,
    "x-courseforge-peer": `${process.env.COURSEFORGE_PEER_KEY} 10.0.0.${Math.floor(Math.random() * 250)}`,
    ...(email ? { cookie: await signIn(host, email) } : {}),
  });
}

let acme: TenantScope;
let courseIds: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  acme = systemScope(c!.id);
  courseIds = Object.fromEntries((await db.select().from(courses).where(eq(courses.creatorId, c!.id))).map((x) => [x.slug, x.id]));
});

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}
const card = { cardNumber: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" };

async function paidOfferWithBump() {
  await as(APP, "owner@acme.test");
  const bump = await createOfferAction({
    org: "acme",
    name: "Brush workbook",
    description: null,
    type: "one_time",
    courseIds: [courseIds["sketching-for-beginners"]!],
    prices: [{ currency: "usd", amount: 1900, interval: null, installments: null }],
    bumpOfferId: null,
    bumpHeadline: null,
  });
  if (!bump.ok) throw new Error(bump.message);
  expect(await setOfferStatusAction({ org: "acme", offerId: bump.data.id, status: "active" })).toMatchObject({ ok: true });
  const main = await createOfferAction({
    org: "acme",
    name: "Watercolor complete",
    description: "Everything",
    type: "one_time",
    courseIds: [courseIds["watercolor-foundations"]!],
    prices: [{ currency: "usd", amount: 4900, interval: null, installments: null }],
    bumpOfferId: bump.data.id,
    bumpHeadline: "Add the workbook",
  });
  if (!main.ok) throw new Error(main.message);
  expect(await setOfferStatusAction({ org: "acme", offerId: main.data.id, status: "active" })).toMatchObject({ ok: true });
  return { offerId: main.data.id, bumpId: bump.data.id };
}

describe("offers and coupons", () => {
  it("validates an offer's prices for its kind and refuses what is not the school's", async () => {
    await as(APP, "owner@acme.test");
    const base = { org: "acme", description: null, courseIds: [courseIds["watercolor-foundations"]!], bumpOfferId: null, bumpHeadline: null };
    const plan = await createOfferAction({
      ...base,
      name: "Plan",
      type: "payment_plan",
      prices: [{ currency: "usd", amount: 3000, interval: "month", installments: null }],
    });
    expect(plan).toMatchObject({ ok: false, code: "invalid", message: expect.stringMatching(/2 to 36 instalments/) });
    const sub = await createOfferAction({
      ...base,
      name: "Sub",
      type: "subscription",
      prices: [{ currency: "usd", amount: 900, interval: null, installments: null }],
    });
    expect(sub).toMatchObject({ ok: false, message: expect.stringMatching(/monthly or yearly/) });
    const ok = await createOfferAction({
      ...base,
      name: "Plan",
      type: "payment_plan",
      prices: [{ currency: "usd", amount: 3000, interval: "month", installments: 3 }],
    });
    expect(ok).toMatchObject({ ok: true });
    // Beta's course and a foreign bump are simply not found.
    const db = await getDb();
    const [betaCourse] = await db.select().from(courses).where(eq(courses.slug, "python-basics"));
    if (betaCourse)
      expect(await createOfferAction({ ...base, name: "X", type: "free", prices: [], courseIds: [betaCourse.id] })).toMatchObject({
        ok: false,
        code: "not_found",
      });
    if (ok.ok) {
      await as(APP, "owner@beta.test");
      expect(await updateOfferAction({ ...base, org: "beta", offerId: ok.data.id, name: "Stolen", type: "free", prices: [] })).toMatchObject({
        ok: false,
        code: "not_found",
      });
      expect(await setOfferStatusAction({ org: "acme", offerId: ok.data.id, status: "archived" })).toMatchObject({ ok: false, code: "not_found" });
    }
  });

  it("unauthorized: editors cannot sell or refund; students and visitors get nothing", async () => {
    const calls = () => [
      createOfferAction({
        org: "acme",
        name: "E",
        description: null,
        type: "free",
        courseIds: [courseIds["watercolor-foundations"]!],
        prices: [],
        bumpOfferId: null,
        bumpHeadline: null,
      }),
      createCouponAction({ org: "acme", code: "EDITOR10", kind: "percent", percentOff: 10 }),
      refundOrderAction({ org: "acme", orderId: crypto.randomUUID() }),
    ];
    await as(APP, "editor@acme.test");
    for (const r of await Promise.all(calls())) expect(r).toMatchObject({ ok: false, code: "forbidden" });
    await as(ACME, "student@acme.test");
    for (const r of await Promise.all(calls())) expect(r).toMatchObject({ ok: false, code: "not_found" });
    await as(APP, "student@acme.test");
    for (const r of await Promise.all(calls())) expect(r).toMatchObject({ ok: false, code: "not_found" });
    await as(APP, null);
    for (const r of await Promise.all(calls())) expect(r).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("ten checkouts racing for a coupon's last redemption: exactly one discounted order", async () => {
    const { offerId } = await paidOfferWithBump();
    const created = await createCouponAction({ org: "acme", code: "LastOne", kind: "percent", percentOff: 50, maxRedemptions: 1 });
    expect(created).toMatchObject({ ok: true });
    expect(await createCouponAction({ org: "acme", code: "lastone", kind: "percent", percentOff: 5 })).toMatchObject({ ok: false, code: "conflict" });
    const db = await getDb();
    const buyers = await db.select().from(user).limit(10);
    const results = await Promise.allSettled(
      buyers.map((b) =>
        placePaidOrder(acme, {
          offerId,
          currency: "usd",
          withBump: false,
          couponCode: "LASTONE",
          feeBps: 200,
          buyer: { userId: b.id, email: b.email, signedIn: true },
          paymentMode: "test",
          paymentNote: null,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toMatch(/used up/);
    const discounted = await db
      .select()
      .from(orders)
      .where(and(eq(orders.creatorId, acme.creatorId), eq(orders.amountDiscount, 2450)));
    expect(discounted).toHaveLength(1);
    const [c] = await db.select().from(coupons).where(eq(coupons.code, "LastOne"));
    expect(c).toMatchObject({ redeemed: 1, maxRedemptions: 1 });
    if (created.ok) expect(await archiveCouponAction({ org: "acme", couponId: created.data.id })).toMatchObject({ ok: true });
  });
});

describe("checkout in the test-payment mode", () => {
  it("a visitor buys with a coupon and the bump: one order, account and student created, enrolled in both, receipt and sign-in link sent", async () => {
    const { offerId, bumpId } = await paidOfferWithBump();
    await createCouponAction({ org: "acme", code: "SPRING15", kind: "percent", percentOff: 15 });
    await as(ACME, null);
    const email = `buyer-${Date.now()}@example.test`;
    const declined = await placeOrderAction(
      form({ offerId, withBump: "on", coupon: "spring15", email, name: "Bo Buyer", ...card, cardNumber: "4000 0000 0000 0002" }),
    );
    expect(declined).toMatchObject({
      ok: false,
      code: "invalid",
      message: "Your card was declined.",
      fieldErrors: { cardNumber: ["Your card was declined."] },
    });
    const r = await placeOrderAction(null, form({ offerId, withBump: "on", coupon: "spring15", email, name: "Bo Buyer", ...card }));
    if (!r.ok) throw new Error(r.message);
    if (r.data.kind !== "paid") throw new Error("expected a paid order");
    expect(r.data).toMatchObject({ email, total: 5780, currency: "usd" }); // (4900 + 1900) − 15%
    await drainJobs();
    const db = await getDb();
    const [buyer] = await db.select().from(user).where(eq(user.email, email));
    expect(buyer).toMatchObject({ name: "Bo Buyer", emailVerified: false });
    const found = (await getOrder(acme, r.data.orderId))!;
    expect(found.order).toMatchObject({
      status: "paid",
      paymentMode: "test",
      amountSubtotal: 6800,
      amountBump: 1900,
      amountDiscount: 1020,
      amountTotal: 5780,
      bumpOfferId: bumpId,
      userId: buyer!.id,
    });
    expect(found.couponCode).toBe("SPRING15");
    expect(found.history.map((h) => h.action)).toEqual(["order.paid", "order.fulfilled"]);
    const mine = await db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.creatorId, acme.creatorId), eq(enrollments.userId, buyer!.id)));
    expect(mine.map((e) => e.status)).toEqual(["active", "active"]);
    expect(
      await db
        .select()
        .from(students)
        .where(and(eq(students.creatorId, acme.creatorId), eq(students.userId, buyer!.id))),
    ).toHaveLength(1);
    const mail = await listOutbox({ to: email });
    expect(mail.map((m) => m.subject).sort()).toEqual(["Your receipt from Acme Academy", "Your sign-in link for Acme Academy"]);
    const receipt = (await findOutboxMessage(mail.find((m) => m.subject.startsWith("Your receipt"))!.id))!;
    expect(receipt.html).toContain("$57.80");
    expect(receipt.html).toContain("Brush workbook");
    expect(receipt.html).toContain("http://acme.localhost:3000/library");
    // The sign-in link signs them in on the school's host (sessions are per host), into their library there.
    const signInMail = (await findOutboxMessage(mail.find((m) => m.subject.startsWith("Your sign-in link"))!.id))!;
    expect(signInMail.html).toMatch(
      /http:\/\/acme\.localhost:3000\/api\/auth\/magic-link\/verify\?token=[^"&]+&amp;callbackURL=http%3A%2F%2Facme\.localhost%3A3000%2Flibrary/,
    );
    // Delivered again (a replayed fact): nothing more.
    await drainJobs();
    expect(await listOutbox({ to: email })).toHaveLength(2);
  });

  it("a signed-in student buying goes straight to the library; buying what they already have is refused", async () => {
    const { offerId: owned, bumpId: offerId } = await paidOfferWithBump();
    await as(ACME, "student@acme.test");
    // The seed enrolled the student in Watercolor Foundations: that offer would add nothing.
    expect(await placeOrderAction(form({ offerId: owned, ...card }))).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringMatching(/already have/),
    });
    // The framework's redirect passes through the chain rather than becoming a failure.
    await expect(placeOrderAction(form({ offerId, ...card }))).rejects.toThrow(/NEXT_REDIRECT/);
    const db = await getDb();
    const [student] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    expect(
      await db
        .select()
        .from(orders)
        .where(and(eq(orders.userId, student!.id), eq(orders.offerId, offerId))),
    ).toHaveLength(1);
  });

  it("a full refund takes the access back; a partial one keeps it; another school's owner can do neither", async () => {
    const { offerId } = await paidOfferWithBump();
    const { ensureBuyerAccount } = await import("@/db/queries/users");
    const email = `refund-${Date.now()}@example.test`;
    const buyer = await ensureBuyerAccount({ email, name: "Ray Refund" });
    const order = await placePaidOrder(acme, {
      offerId,
      currency: "usd",
      withBump: true,
      couponCode: null,
      feeBps: 200,
      buyer: { userId: buyer.userId, email, signedIn: false },
      paymentMode: "test",
      paymentNote: null,
    });
    await drainJobs();
    const course = courseIds["watercolor-foundations"]!;
    expect(await findActiveEnrollment(acme, { userId: buyer.userId, courseId: course })).not.toBeNull();
    await as(APP, "owner@beta.test");
    expect(await refundOrderAction({ org: "beta", orderId: order.id })).toMatchObject({ ok: false, code: "not_found" });
    await as(APP, "owner@acme.test");
    expect(await refundOrderAction({ org: "acme", orderId: order.id, amount: 99_999 })).toMatchObject({ ok: false, code: "invalid" });
    expect(await refundOrderAction({ org: "acme", orderId: order.id, amount: 900 })).toMatchObject({ ok: true, data: { status: "paid", refunded: 900 } });
    await drainJobs();
    expect(await findActiveEnrollment(acme, { userId: buyer.userId, courseId: course })).not.toBeNull();
    expect(await refundOrderAction({ org: "acme", orderId: order.id, reason: "Asked nicely" })).toMatchObject({
      ok: true,
      data: { status: "refunded", refunded: 6800 },
    });
    expect(await refundOrderAction({ org: "acme", orderId: order.id })).toMatchObject({ ok: false, code: "conflict" });
    await drainJobs();
    expect(await findActiveEnrollment(acme, { userId: buyer.userId, courseId: course })).toBeNull();
    const history = (await getOrder(acme, order.id))!.history.map((h) => h.action);
    expect(history).toEqual(["order.paid", "order.fulfilled", "order.partially_refunded", "order.refunded", "order.access_revoked"]);
  });

  it("what the intruder review found: a coupon never makes a paid offer free, a free offer needs an account, a squatted address loses its password, drafts are not sold", async () => {
    // A $10-off code on a $9/month subscription: today's total is 0, but it still goes through payment.
    await as(APP, "owner@acme.test");
    const sub = await createOfferAction({
      org: "acme",
      name: "Monthly",
      description: null,
      type: "subscription",
      courseIds: [courseIds["watercolor-foundations"]!],
      prices: [{ currency: "usd", amount: 900, interval: "month", installments: null }],
      bumpOfferId: null,
      bumpHeadline: null,
    });
    if (!sub.ok) throw new Error(sub.message);
    await setOfferStatusAction({ org: "acme", offerId: sub.data.id, status: "active" });
    await createCouponAction({ org: "acme", code: "TENOFF", kind: "amount", amountOff: 1000, currency: "usd" });
    await as(ACME, null);
    const noCard = await placeOrderAction(form({ offerId: sub.data.id, coupon: "tenoff", email: `sub-${Date.now()}@example.test` }));
    expect(noCard).toMatchObject({ ok: false, code: "invalid", fieldErrors: { cardNumber: expect.any(Array) } });
    const db = await getDb();
    expect(
      await db
        .select()
        .from(orders)
        .where(and(eq(orders.offerId, sub.data.id), eq(orders.paymentMode, "free"))),
    ).toHaveLength(0);

    // A free offer: a visitor is asked to sign in; nobody becomes a student by an address typed.
    const { listOffers } = await import("@/db/queries/offers");
    const free = (await listOffers(acme)).find((o) => o.type === "free" && o.status === "active")!;
    expect(await placeOrderAction(form({ offerId: free.id, email: "owner@beta.test" }))).toMatchObject({ ok: false, code: "unauthenticated" });

    // Someone signed up as victim@ with their own password (never proven); the real owner's purchase is
    // not theirs to use: once paid, the unproven password and sessions are gone.
    const { authRequest } = await import("../../../test/helpers");
    const victim = `victim-${Date.now()}@example.test`;
    expect((await authRequest(ACME, "/sign-up/email", { email: victim, password: "attacker-pass-1", name: "Squatter" })).status).toBe(200);
    const { offerId } = await paidOfferWithBump();
    await as(ACME, null);
    expect(await placeOrderAction(form({ offerId, email: victim, ...card }))).toMatchObject({ ok: true });
    await drainJobs();
    expect((await authRequest(ACME, "/sign-in/email", { email: victim, password: "attacker-pass-1" })).status).not.toBe(200);

    // An offer with a draft course cannot go on sale.
    await as(APP, "owner@acme.test");
    const [draft] = await db
      .select()
      .from(courses)
      .where(and(eq(courses.creatorId, acme.creatorId), eq(courses.status, "draft")));
    if (draft) {
      const o = await createOfferAction({
        org: "acme",
        name: "With a draft",
        description: null,
        type: "one_time",
        courseIds: [draft.id],
        prices: [{ currency: "usd", amount: 1000, interval: null, installments: null }],
        bumpOfferId: null,
        bumpHeadline: null,
      });
      if (!o.ok) throw new Error(o.message);
      expect(await setOfferStatusAction({ org: "acme", offerId: o.data.id, status: "active" })).toMatchObject({
        ok: false,
        code: "invalid",
        message: expect.stringMatching(/Publish every course/),
      });
    }
  });
});
