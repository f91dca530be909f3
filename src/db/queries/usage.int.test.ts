import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { listUsageHistory, periodUsage, recordUsage, rollupUsage } from "./usage";

let acme: TenantScope;
let beta: TenantScope;
beforeAll(async () => {
  await seedDemo();
  const rows = await (await getDb()).select().from(creators);
  acme = systemScope(rows.find((r) => r.slug === "acme")!.id);
  beta = systemScope(rows.find((r) => r.slug === "beta")!.id);
});

describe("usage metering, two tenants", () => {
  it("duplicate events (same key) count once; periods and tenants are separate", async () => {
    const nov = new Date("2026-11-10T12:00:00Z");
    expect(await recordUsage(acme, { metric: "emails", quantity: 1, key: "e1", at: nov })).toBe(true);
    expect(await recordUsage(acme, { metric: "emails", quantity: 1, key: "e1", at: nov })).toBe(false);
    await recordUsage(acme, { metric: "emails", quantity: 1, key: "e2", at: nov });
    await recordUsage(acme, { metric: "video_minutes", quantity: 12, key: "v1", at: nov });
    await recordUsage(acme, { metric: "emails", quantity: 1, key: "e3", at: new Date("2026-10-31T23:59:59Z") });
    await recordUsage(beta, { metric: "emails", quantity: 5, key: "e1", at: nov });
    expect(await periodUsage(acme, nov)).toMatchObject({ emails: 2, video_minutes: 12, ai_credits: 0 });
    expect((await periodUsage(acme, new Date("2026-10-15T00:00:00Z"))).emails).toBe(1);
    expect((await periodUsage(beta, nov)).emails).toBe(5);
  });

  it("the rollup stores the same totals as the on-demand count, and is idempotent", async () => {
    const nov = new Date("2026-11-10T12:00:00Z");
    await rollupUsage(nov);
    await rollupUsage(nov);
    const h = await listUsageHistory(acme);
    expect(h.filter((r) => r.periodStart === "2026-11-01").map((r) => [r.metric, r.quantity])).toEqual([
      ["emails", 2],
      ["video_minutes", 12],
    ]);
    expect((await listUsageHistory(beta)).every((r) => r.creatorId === beta.creatorId)).toBe(true);
  });
});
