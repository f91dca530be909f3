import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * AI generation's holes that must stay shut, on the labelled sample provider (no AI account: the embedded
 * default): credits that a race or a re-queue could dodge, and who may see or touch a run — editors only
 * with the owner's leave; another school, a student or a visitor nothing at all.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { getDb } = await import("@/db/client");
const { seedDemo } = await import("@/lib/demo/seed");
const schema = await import("@/db/schema");
const { systemScope } = await import("@/db/scope");
const { getBalances } = await import("@/db/queries/credits");
const { findGeneration } = await import("@/db/queries/ai-generations");
const { listGenerationItems } = await import("@/db/queries/ai-generation-items");
const { drainJobs, signIn } = await import("../../../test/helpers");
const { startGenerationAction } = await import("./start-generation");
const { estimateGenerationAction } = await import("./estimate-generation");
const { updateOutlineAction } = await import("./update-outline");
const { regenerateOutlinePartAction } = await import("./regenerate-outline-part");
const { approveOutlineAction } = await import("./approve-outline");
const { cancelGenerationAction } = await import("./cancel-generation");
const { regenerateAiPieceAction } = await import("./regenerate-ai-piece");
const { setAiAccessAction } = await import("./set-ai-access");
const { GET: events } = await import("@/app/api/ai/generations/[id]/events/route");

const APP = "app.localhost:3000";
const cookies: Record<string, string> = {};
type Result = { ok: boolean; data?: Record<string, unknown>; code?: string; message?: string };
async function asUser(email: string) {
  cookies[email] ??= await signIn(APP, email);
  return (action: (input: never) => Promise<unknown>, input: Record<string, unknown>): Promise<Result> => {
    requestHeaders = new Headers({ host: APP, cookie: cookies[email]!, origin: `http://${APP}` });
    return (action as (i: unknown) => Promise<Result>)(input);
  };
}
const brief = {
  org: "acme",
  topic: "Sourdough baking",
  audience: "Home bakers",
  level: "beginner",
  outcomes: ["Bake a loaf"],
  modules: 2,
  lessonsPerModule: 2,
  tone: "friendly",
  style: "practical",
  language: "en",
  quizzes: true,
};
let acmeId = "";
const acme = () => systemScope(acmeId);

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acmeId = (await db.select().from(schema.creators).where(eq(schema.creators.slug, "acme")))[0]!.id;
}, 60_000);

async function holdsLike(generationId: string, purpose: string) {
  const db = await getDb();
  return db
    .select()
    .from(schema.aiHolds)
    .where(and(eq(schema.aiHolds.generationId, generationId), like(schema.aiHolds.purpose, purpose)));
}

async function ledger(generationId: string) {
  const db = await getDb();
  const holds = await db.select().from(schema.aiHolds).where(eq(schema.aiHolds.generationId, generationId));
  const tx = await db
    .select()
    .from(schema.creditTransactions)
    .where(
      and(
        eq(schema.creditTransactions.creatorId, acmeId),
        inArray(
          schema.creditTransactions.holdId,
          holds.map((h) => h.ledgerHoldId),
        ),
      ),
    );
  const calls = await db.select().from(schema.aiCalls).where(eq(schema.aiCalls.generationId, generationId));
  return { holds, tx, calls };
}

describe("credits cannot be dodged", () => {
  it("two approvals at once: one runs and is charged, the other is refused and holds nothing", async () => {
    const owner = await asUser("owner@acme.test");
    const id = ((await owner(startGenerationAction, { ...brief, topic: "Baguettes" })).data as { generationId: string }).generationId;
    await drainJobs();
    const g = (await findGeneration(acme(), id))!;
    const both = await Promise.all([1, 2].map(() => owner(approveOutlineAction, { org: "acme", generationId: id, expectedVersion: g.outlineVersion })));
    expect(both.map((r) => r.ok).sort()).toEqual([false, true]);
    await drainJobs();
    // The refused one made no hold, or released the one it made; the one that ran is captured.
    const holds = (await holdsLike(id, "generate:%")).sort((a, b) => (b.captured ?? 0) - (a.captured ?? 0));
    expect(holds[0]!.captured).toBeGreaterThan(0);
    expect(holds.slice(1).every((h) => h.status === "settled" && h.captured === 0)).toBe(true);
    expect((await getBalances(acme())).held).toBe(0);
    expect((await findGeneration(acme(), id))!.status).toBe("completed");
  });

  it("asking twice to write a piece again, then canceling: the rewrite and the pieces already delivered stay charged", async () => {
    const owner = await asUser("owner@acme.test");
    const id = ((await owner(startGenerationAction, { ...brief, topic: "Brioche" })).data as { generationId: string }).generationId;
    await drainJobs();
    const g = (await findGeneration(acme(), id))!;
    await owner(approveOutlineAction, { org: "acme", generationId: id, expectedVersion: g.outlineVersion });
    await drainJobs();
    const piece = (await listGenerationItems(acme(), id)).find((i) => i.kind === "lesson")!;
    const first = await owner(regenerateAiPieceAction, { org: "acme", generationId: id, itemId: piece.id, note: "" });
    const second = await owner(regenerateAiPieceAction, { org: "acme", generationId: id, itemId: piece.id, note: "" });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: "conflict" });
    await drainJobs();
    expect(await owner(cancelGenerationAction, { org: "acme", generationId: id })).toMatchObject({ ok: false, code: "conflict" }); // completed: nothing to cancel
    const rewrite = (await holdsLike(id, `item:${piece.id}:2:%`)).sort((a, b) => (b.captured ?? 0) - (a.captured ?? 0));
    expect(rewrite[0]!.captured).toBeGreaterThan(0);
    const generate = (await holdsLike(id, "generate:%"))[0]!;
    const { calls } = await ledger(id);
    const delivered = calls.filter((c) => c.aiHoldId === generate.id && c.delivered && c.charged).reduce((n, c) => n + c.credits, 0);
    expect(generate.captured).toBe(delivered);
    expect(calls.filter((c) => c.aiHoldId === generate.id).every((c) => c.delivered)).toBe(true);
  });
});

describe("unauthorized: AI generation", () => {
  it("editors only when the owner allows it; only owners decide", async () => {
    const editor = await asUser("editor@acme.test");
    const owner = await asUser("owner@acme.test");
    expect(await editor(estimateGenerationAction, brief)).toMatchObject({ ok: true });
    expect(await editor(startGenerationAction, brief)).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/owner has not allowed editors/),
    });
    expect(await editor(setAiAccessAction, { org: "acme", editorsMayGenerate: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await owner(setAiAccessAction, { org: "acme", editorsMayGenerate: true })).toMatchObject({ ok: true });
    const db = await getDb();
    expect((await db.select().from(schema.creators).where(eq(schema.creators.id, acmeId)))[0]!.aiForEditors).toBe(true);
  });

  it("another school cannot see, stream, edit, approve or cancel a run; students and visitors get nothing", async () => {
    const owner = await asUser("owner@acme.test");
    const started = await owner(startGenerationAction, { ...brief, topic: "Rye bread" });
    const id = started.data!.generationId as string;
    await drainJobs();
    const g = (await findGeneration(acme(), id))!;
    const beta = await asUser("owner@beta.test");
    // Beta names Acme's run under its own school: simply not found.
    for (const [action, input] of [
      [cancelGenerationAction, { org: "beta", generationId: id }],
      [approveOutlineAction, { org: "beta", generationId: id, expectedVersion: g.outlineVersion }],
      [updateOutlineAction, { org: "beta", generationId: id, expectedVersion: g.outlineVersion, outline: g.outline }],
      [regenerateOutlinePartAction, { org: "beta", generationId: id, moduleKey: g.outline!.modules[0]!.key, lessonKey: null, note: "" }],
    ] as const)
      expect(await beta(action as never, input)).toMatchObject({ ok: false, code: "not_found" });
    // …or under Acme's: not a member.
    expect(await beta(cancelGenerationAction, { org: "acme", generationId: id })).toMatchObject({ ok: false, code: "not_found" });
    const student = await asUser("student@acme.test");
    expect(await student(startGenerationAction, brief)).toMatchObject({ ok: false, code: "not_found" });
    requestHeaders = new Headers({ host: APP, origin: `http://${APP}` });
    expect(await cancelGenerationAction({ org: "acme", generationId: id } as never)).toMatchObject({ ok: false, code: "unauthenticated" });

    const stream = (email: string | null, org: string) =>
      events(
        new Request(`http://${APP}/api/ai/generations/${id}/events?org=${org}`, { headers: { host: APP, ...(email ? { cookie: cookies[email]! } : {}) } }),
        { params: Promise.resolve({ id }) },
      );
    expect((await stream("owner@beta.test", "beta")).status).toBe(404);
    expect((await stream("owner@beta.test", "acme")).status).toBe(404);
    expect((await stream(null, "acme")).status).toBe(401);
    const mine = await stream("owner@acme.test", "acme");
    expect(mine.status).toBe(200);
    const reader = mine.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const first = new TextDecoder().decode(value);
    expect(first).toMatch(/^event: snapshot\ndata: /);
    expect(JSON.parse(first.split("data: ")[1]!)).toMatchObject({
      id,
      status: "outline_ready",
      sample: true,
      outline: { title: expect.stringContaining("Rye bread") },
    });
    expect((await findGeneration(acme(), id))!.status).toBe("outline_ready");
  });
});
