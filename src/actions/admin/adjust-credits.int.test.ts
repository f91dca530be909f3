import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

// ops@ is listed as an admin but will sign up without proving the address.
vi.hoisted(() => {
  process.env.PLATFORM_ADMIN_EMAILS = "admin@courseforge.test,ops@courseforge.test";
});
import { getBalances, listLedger } from "@/db/queries/credits";
import { listSchoolsForAdmin } from "@/db/queries/platform-admin";
import { findSiteRecord, systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { getDb } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { authFetch, sessionCookie, signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));
const { adjustCreditsAction } = await import("./adjust-credits");

async function as(email: string | null) {
  requestHeaders = new Headers({ host: "app.localhost:3000" });
  if (email) requestHeaders.set("cookie", await signIn("app.localhost:3000", email));
}

let acmeId = "";
beforeAll(async () => {
  await seedDemo();
  acmeId = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!.id;
});

describe("platform admin: credit adjustments", () => {
  it("an admin adds credits with a reason, once per submission, and sees them in the schools list", async () => {
    const scope = systemScope(acmeId);
    const before = (await getBalances(scope)).available;
    await as("admin@courseforge.test");
    const requestId = randomUUID();
    const input = { creatorId: acmeId, amount: 250, reason: "Goodwill after the 12 Nov outage", requestId };
    expect(await adjustCreditsAction(input)).toMatchObject({ ok: true, data: { amount: 250 } });
    expect(await adjustCreditsAction(input)).toMatchObject({ ok: true }); // a double submit
    expect((await getBalances(scope)).available).toBe(before + 250);
    const [entry] = await listLedger(scope, 1);
    expect(entry).toMatchObject({ kind: "adjustment", reason: "Goodwill after the 12 Nov outage" });
    const listed = (await listSchoolsForAdmin({ q: "acme" })).find((s) => s.id === acmeId);
    expect(listed).toMatchObject({ slug: "acme", available: before + 250, ownerEmail: "owner@acme.test" });

    // Removing more than is there is refused with the balance, and nothing moves.
    const tooMuch = await adjustCreditsAction({ creatorId: acmeId, amount: -(before + 251), reason: "Clawback", requestId: randomUUID() });
    expect(tooMuch).toMatchObject({ ok: false, code: "conflict" });
    expect(tooMuch.ok ? "" : tooMuch.message).toContain(`${before + 250} credits available`);
    expect(await adjustCreditsAction({ creatorId: acmeId, amount: -50, reason: "Clawback of a duplicate grant", requestId: randomUUID() })).toMatchObject({
      ok: true,
    });
    expect((await getBalances(scope)).available).toBe(before + 200);
  });

  it("bad input is refused per field and changes nothing", async () => {
    const scope = systemScope(acmeId);
    const before = (await getBalances(scope)).available;
    await as("admin@courseforge.test");
    const zero = await adjustCreditsAction({ creatorId: acmeId, amount: 0, reason: "x", requestId: randomUUID() });
    expect(zero).toMatchObject({ ok: false, code: "invalid" });
    expect(zero.ok ? {} : zero.fieldErrors).toMatchObject({ amount: ["Enter a number other than zero"], reason: ["Say why (at least 3 characters)"] });
    expect(await adjustCreditsAction({ creatorId: acmeId, amount: 1.5, reason: "Half a credit", requestId: randomUUID() })).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(await adjustCreditsAction({ creatorId: randomUUID(), amount: 5, reason: "No such school", requestId: randomUUID() })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await getBalances(scope)).available).toBe(before);
  });

  it("unauthorized: a school owner, an editor, a student and a signed-out visitor cannot adjust anyone's credits", async () => {
    const scope = systemScope(acmeId);
    const before = (await getBalances(scope)).available;
    for (const who of ["owner@acme.test", "editor@acme.test", "student@acme.test", "owner@beta.test"]) {
      await as(who);
      expect(await adjustCreditsAction({ creatorId: acmeId, amount: 1_000, reason: "Free credits for me", requestId: randomUUID() }), who).toMatchObject({
        ok: false,
        code: "not_found",
      });
    }
    await as(null);
    expect(await adjustCreditsAction({ creatorId: acmeId, amount: 1_000, reason: "Free credits for me", requestId: randomUUID() })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect((await getBalances(scope)).available).toBe(before);
  });

  it("unauthorized: an address listed as admin is nobody until it is verified", async () => {
    const scope = systemScope(acmeId);
    const before = (await getBalances(scope)).available;
    const res = await authFetch({
      host: "app.localhost:3000",
      path: "/sign-up/email",
      body: { email: "ops@courseforge.test", password: "long-enough-pw", name: "Not Really Ops" },
    });
    expect(res.status).toBe(200);
    requestHeaders = new Headers({ host: "app.localhost:3000", cookie: sessionCookie(res) });
    const { manageJobRunAction } = await import("../jobs/manage-job-run");
    expect(await adjustCreditsAction({ creatorId: acmeId, amount: 1_000_000, reason: "Free credits for me", requestId: randomUUID() })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await manageJobRunAction({ runId: randomUUID(), op: "cancel" })).toMatchObject({ ok: false, code: "not_found" });
    expect((await getBalances(scope)).available).toBe(before);

    // Proving the address (the link in the verification email) makes the prover an admin — the browser that
    // clicked it is signed in; the password whoever typed the address chose no longer works.
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "ops@courseforge.test"), eq(emailMessages.tag, "verify-email")));
    const link = new URL(/href="([^"]+verify-email[^"]+)"/.exec(mail!.html)![1]!.replace(/&amp;/g, "&"));
    const verified = await authFetch({ host: "app.localhost:3000", path: `/verify-email${link.search}` });
    expect(verified.status).toBe(302);
    await expect(signIn("app.localhost:3000", "ops@courseforge.test", "long-enough-pw")).rejects.toThrow(/401/);
    requestHeaders = new Headers({ host: "app.localhost:3000", cookie: sessionCookie(verified) });
    expect(await adjustCreditsAction({ creatorId: acmeId, amount: 5, reason: "Verified ops adjusts", requestId: randomUUID() })).toMatchObject({ ok: true });
  });
});
