import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators, emailMessages, students, user } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { authRequest, sessionCookie, signIn } from "../../../test/helpers";

beforeAll(async () => {
  await seedDemo();
});

async function studentOf(email: string) {
  const db = await getDb();
  return db
    .select({ slug: creators.slug })
    .from(students)
    .innerJoin(user, eq(user.id, students.userId))
    .innerJoin(creators, eq(creators.id, students.creatorId))
    .where(eq(user.email, email));
}

describe("accounts through the auth route", () => {
  it("a student signing up on acme becomes a student of acme only, and gets Acme-branded verification mail", async () => {
    const res = await authRequest("acme.localhost:3000", "/sign-up/email", { email: "new.student@x.test", password: "long-enough-pw", name: "New Student" });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toMatch(/^cf\.session_token=/);
    expect((await studentOf("new.student@x.test")).map((r) => r.slug)).toEqual(["acme"]);
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "new.student@x.test"), eq(emailMessages.tag, "verify-email")));
    expect(mail?.subject).toBe("Confirm your email for Acme Academy");
    expect(mail?.html).toContain("http://acme.localhost:3000/api/auth/verify-email?token=");
    expect(mail?.creatorId).not.toBeNull();
    // The file's first request builds Better Auth and hashes a password; on a loaded CI machine that can take long.
  }, 60_000);

  it("a duplicate sign-up is refused and changes nothing", async () => {
    const db = await getDb();
    const before = (await db.select().from(user)).length;
    const res = await authRequest("beta.localhost:3000", "/sign-up/email", { email: "new.student@x.test", password: "another-password", name: "Impostor" });
    expect(res.status).toBe(422);
    expect((await db.select().from(user)).length).toBe(before);
    expect((await studentOf("new.student@x.test")).map((r) => r.slug)).toEqual(["acme"]);
  });

  it("the same person signing in on beta joins beta (one account, membership per tenant)", async () => {
    await signIn("beta.localhost:3000", "new.student@x.test", "long-enough-pw");
    expect((await studentOf("new.student@x.test")).map((r) => r.slug).sort()).toEqual(["acme", "beta"]);
  });

  it("sessions are per host: a cookie from acme is a different session than one from beta", async () => {
    const acmeCookie = await signIn("acme.localhost:3000", "student@acme.test");
    const res = await authRequest("acme.localhost:3000", "/get-session", undefined, acmeCookie);
    expect((await res.json()).user.email).toBe("student@acme.test");
    // host-only cookie: no Domain attribute, so the browser never sends it to beta.localhost
    const signed = await authRequest("acme.localhost:3000", "/sign-in/email", { email: "student@acme.test", password: "courseforge-demo" });
    expect(signed.headers.getSetCookie().join(";")).not.toMatch(/domain=/i);
  });

  it("refuses hosts that are not served, before any URL is built from them", async () => {
    expect((await authRequest("nobody.localhost:3000", "/sign-up/email", { email: "x@x.test", password: "long-enough-pw", name: "X" })).status).toBe(404);
    expect((await authRequest("evil.example.com", "/request-password-reset", { email: "owner@acme.test", redirectTo: "/reset-password" })).status).toBe(404);
    expect((await authRequest("localhost:3000", "/sign-in/email", { email: "owner@acme.test", password: "courseforge-demo" })).status).toBe(404);
    const db = await getDb();
    expect(await db.select().from(emailMessages).where(eq(emailMessages.toAddress, "x@x.test"))).toEqual([]);
  });

  it("rate-limits sign-in per account: the 6th attempt in 15 minutes is refused, other accounts are not affected", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await authRequest("app.localhost:3000", "/sign-in/email", { email: "owner@beta.test", password: `wrong-${i}` });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses[5]).toBe(429);
    const blocked = await authRequest("app.localhost:3000", "/sign-in/email", { email: "owner@beta.test", password: "courseforge-demo" });
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).message).toMatch(/Too many sign-in attempts/);
    expect((await authRequest("app.localhost:3000", "/sign-in/email", { email: "owner@acme.test", password: "courseforge-demo" })).status).toBe(200);
  });

  it("password reset mail goes out branded for the host it was asked on, with a link to that host", async () => {
    const r = await authRequest("acme.localhost:3000", "/request-password-reset", { email: "student@acme.test", redirectTo: "/reset-password" });
    expect(r.status).toBe(200);
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "student@acme.test"), eq(emailMessages.tag, "reset-password")));
    expect(mail?.subject).toBe("Reset your Acme Academy password");
    expect(mail?.html).toContain("http://acme.localhost:3000/api/auth/reset-password/");
  });

  it("magic links are sent to the address and point at the requesting host", async () => {
    const r = await authRequest("beta.localhost:3000", "/sign-in/magic-link", { email: "owner@beta.test", callbackURL: "/library" });
    expect(r.status).toBe(200);
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "owner@beta.test"), eq(emailMessages.tag, "magic-link")));
    expect(mail?.html).toContain("http://beta.localhost:3000/api/auth/magic-link/verify?token=");
  });
});
