import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { creators } from "@/db/schema";
import { getBalances } from "@/db/queries/credits";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { grantMonthlyCredits } from "@/lib/platform-billing/credits";
import { runCronNow, signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));
const { changePlanAction } = await import("./change-plan");
const { buyCreditsAction } = await import("./buy-credits");

async function as(email: string) {
  requestHeaders = new Headers({ host: "app.localhost:3000", cookie: await signIn("app.localhost:3000", email) });
}
async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}

beforeAll(async () => {
  await seedDemo();
});

describe("unauthorized: billing", () => {
  it("an editor cannot change the plan or buy credits; another tenant's owner gets not found", async () => {
    await as("editor@acme.test");
    expect(await changePlanAction({ org: "acme", plan: "business" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await buyCreditsAction({ org: "acme", pack: "large", requestId: crypto.randomUUID() })).toMatchObject({ ok: false, code: "forbidden" });
    await as("owner@beta.test");
    expect(await changePlanAction({ org: "acme", plan: "free" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await buyCreditsAction({ org: "acme", pack: "large", requestId: crypto.randomUUID() })).toMatchObject({ ok: false, code: "not_found" });
    expect((await creator("acme")).plan).toBe("pro");
  });

  it("the owner upgrades (extra credits for the period, once) and a downgrade over the limits is refused", async () => {
    await as("owner@beta.test");
    const beta = systemScope((await creator("beta")).id);
    const before = (await getBalances(beta)).available;
    expect(await changePlanAction({ org: "beta", plan: "pro" })).toEqual({ ok: true, data: { plan: "pro" } });
    expect((await getBalances(beta)).available).toBe(before + 2_500);
    expect(await changePlanAction({ org: "beta", plan: "starter" })).toMatchObject({ ok: true });
    expect(await changePlanAction({ org: "beta", plan: "pro" })).toMatchObject({ ok: true });
    expect((await getBalances(beta)).available).toBe(before + 2_500); // upgrade grant is once per plan and period
    await as("owner@acme.test"); // acme: 3 courses (2 published), 2 members → Free allows 3 / 1 / 1 seat
    const r = await changePlanAction({ org: "acme", plan: "free" });
    expect(r).toMatchObject({ ok: false, code: "conflict" });
    if (!r.ok) expect(r.message).toMatch(/To move to Free, first remove 1 published course .* and 1 team seat /);
    expect((await creator("acme")).plan).toBe("pro");
  });

  it("switching plans back and forth in test mode collects one grant for the period, the highest plan's", async () => {
    const owner = (await (await import("@/db/queries/users")).findUserByEmail("owner@beta.test"))!;
    const hopper = await (await import("@/db/queries/tenants")).createCreatorWithOwner({ ownerUserId: owner.id, name: "Plan Hopper", slug: "plan-hopper" });
    const scope = systemScope(hopper.id);
    await grantMonthlyCredits(scope, "free"); // what creating a school does
    await as("owner@beta.test");
    const seen: number[] = [];
    for (const plan of ["business", "free", "pro", "free", "business", "starter", "pro"] as const) {
      expect(await changePlanAction({ org: "plan-hopper", plan })).toEqual({ ok: true, data: { plan } });
      seen.push((await getBalances(scope)).available);
    }
    // Free's 50, then up to Business's 10,000 once: nothing for Pro, nor for Business again.
    expect(seen).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    await grantMonthlyCredits(scope, "pro");
    expect((await getBalances(scope)).available).toBe(10_000);
  });

  it("a double-clicked credit purchase counts once", async () => {
    await as("owner@acme.test");
    const acme = systemScope((await creator("acme")).id);
    const before = (await getBalances(acme)).available;
    const requestId = crypto.randomUUID();
    await Promise.all([buyCreditsAction({ org: "acme", pack: "small", requestId }), buyCreditsAction({ org: "acme", pack: "small", requestId })]);
    expect((await getBalances(acme)).available).toBe(before + 500);
  });
});

describe("grant-monthly-credits", () => {
  it("grants each tenant its plan's credits once per period, however often it runs", async () => {
    const acme = systemScope((await creator("acme")).id);
    const before = (await getBalances(acme)).available;
    const owner = (await (await import("@/db/queries/users")).findUserByEmail("owner@acme.test"))!;
    const fresh = await (await import("@/db/queries/tenants")).createCreatorWithOwner({ ownerUserId: owner.id, name: "Fresh", slug: "fresh-school" });
    // Through the executor, as the schedule fires it: the cron fans out one event per school.
    const first = await runCronNow("grant-monthly-credits");
    expect(first).toMatchObject({ status: "completed", output: { schools: expect.any(Number) } });
    expect(await runCronNow("grant-monthly-credits")).toMatchObject({ status: "completed" });
    expect((await getBalances(systemScope(fresh.id))).available).toBe(50); // Free: 50 a month, granted once
    expect((await getBalances(acme)).available).toBe(before); // already granted by the seed this period
  });
});
