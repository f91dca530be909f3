import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { placePaidOrder } from "@/db/queries/orders";
import { listOrdersOfBuyer, receiptOf } from "@/db/queries/student-orders";
import { creators, emailMessages, offers, session, user } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { authRequest, signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { signOutEverywhere } = await import("./sign-out-everywhere");

const ACME = "acme.localhost:3000";
let acme: TenantScope;
let beta: TenantScope;

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acme = systemScope((await db.select().from(creators).where(eq(creators.slug, "acme")))[0]!.id);
  beta = systemScope((await db.select().from(creators).where(eq(creators.slug, "beta")))[0]!.id);
});

const hostsOfSessions = async (userId: string) =>
  (await (await getDb()).select({ host: session.host }).from(session).where(eq(session.userId, userId))).map((s) => s.host);

describe("a student's account", () => {
  it("sign out on all devices ends this school's sessions only (the same account's other schools and the dashboard stay)", async () => {
    const db = await getDb();
    const [sam] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    const phone = await signIn(ACME, "student@acme.test");
    await signIn(ACME, "student@acme.test");
    await signIn("beta.localhost:3000", "student@acme.test");
    requestHeaders = new Headers({ host: ACME, cookie: phone });
    const r = await signOutEverywhere({});
    expect(r).toMatchObject({ ok: true });
    expect((r as { data: { signedOut: number } }).data.signedOut).toBeGreaterThanOrEqual(2);
    const left = await hostsOfSessions(sam!.id);
    expect(left).not.toContain("acme.localhost");
    expect(left).toContain("beta.localhost");
    // Signed out now: the action asks to sign in.
    expect(await signOutEverywhere({})).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("changing the email sends a link to the new address and changes nothing until it is clicked", async () => {
    const signUp = await authRequest(ACME, "/sign-up/email", { email: "mover@x.test", password: "long-enough-pw", name: "Mo Mover" });
    const cookie = signUp.headers
      .getSetCookie()
      .find((c) => c.startsWith("cf.session_token="))!
      .split(";")[0]!;
    const res = await authRequest(ACME, "/change-email", { newEmail: "mover.new@x.test", callbackURL: "/account?email=changed" }, cookie);
    expect(res.status).toBe(200);
    const db = await getDb();
    expect((await db.select().from(user).where(eq(user.email, "mover@x.test"))).length).toBe(1);
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "mover.new@x.test"), eq(emailMessages.tag, "verify-email")));
    const link = /http:\/\/acme\.localhost:3000\/api\/auth\/verify-email\?token=[^"&]+/.exec(mail!.html)![0];
    // A foreign callback is refused; the link on the school's host changes the address.
    expect((await authRequest(ACME, "/change-email", { newEmail: "other@x.test", callbackURL: "http://evil.example/x" }, cookie)).status).toBe(403);
    const click = await authRequest(
      ACME,
      `${link.replace("http://acme.localhost:3000/api/auth", "")}&callbackURL=%2Faccount%3Femail%3Dchanged`,
      undefined,
      cookie,
    );
    expect([200, 302]).toContain(click.status);
    const [moved] = await db.select().from(user).where(eq(user.email, "mover.new@x.test"));
    // The click proved the new address (the account had never confirmed the old one).
    expect(moved?.emailVerified).toBe(true);
    expect((await db.select().from(user).where(eq(user.email, "mover@x.test"))).length).toBe(0);
  });

  it("orders and receipts: a student sees their own paid orders at this school, never another student's or another school's", async () => {
    const db = await getDb();
    const [sam] = await db.select().from(user).where(eq(user.email, "mover.new@x.test"));
    const [offer] = await db
      .select()
      .from(offers)
      .where(and(eq(offers.creatorId, acme.creatorId), eq(offers.type, "one_time")));
    const placed = await placePaidOrder(acme, {
      offerId: offer!.id,
      currency: "usd",
      withBump: false,
      couponCode: null,
      feeBps: 200,
      buyer: { userId: sam!.id, email: sam!.email, signedIn: true },
      paymentMode: "test",
      paymentNote: "Visa ending 4242",
    });
    const mine = await listOrdersOfBuyer(acme, sam!.id);
    expect(mine.map((o) => o.id)).toEqual([placed.id]);
    expect(mine[0]).toMatchObject({ offerName: offer!.name, status: "paid" });
    for (const o of mine) {
      expect(await receiptOf(acme, { orderId: o.id, userId: sam!.id })).not.toBeNull();
      const [other] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
      expect(await receiptOf(acme, { orderId: o.id, userId: other!.id })).toBeNull();
      expect(await receiptOf(beta, { orderId: o.id, userId: sam!.id })).toBeNull();
    }
    expect(await listOrdersOfBuyer(beta, sam!.id)).toEqual([]);
  });
});
