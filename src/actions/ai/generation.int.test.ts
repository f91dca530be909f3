import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeAi, type FakeRequest } from "../../../test/fake-ai";

/**
 * AI course generation end to end: the wizard's actions with a real session, the durable functions on the
 * embedded runner, Anthropic's SDK against a fake Anthropic server — brief, outline (streamed, edited,
 * one lesson rewritten), approval, the draft course, one failed lesson written again alone, cancellation,
 * the credits held, captured and released, retried steps, two wizards at once, and who may do any of it.
 */
let failLesson: string | null = null;
const userText = (r: FakeRequest) => ((r.body.messages as { content: string }[])[0]?.content ?? "") as string;
const fake = await startFakeAi({
  answer: (r) => {
    const tool = ((r.body.tools as { name: string }[] | undefined) ?? [])[0]?.name;
    const text = userText(r);
    switch (tool) {
      case "course_outline": {
        const [, m, l] = /exactly (\d+) modules of exactly (\d+) lessons/.exec(text)!;
        return {
          title: "Sourdough from scratch",
          subtitle: "Bake your first loaf",
          description: "A friendly course.",
          modules: Array.from({ length: Number(m) }, (_, i) => ({
            title: `Module ${i + 1}`,
            summary: "About it",
            lessons: Array.from({ length: Number(l) }, (_, j) => ({ title: `Lesson ${i + 1}.${j + 1}`, summary: "What it teaches" })),
          })),
        };
      }
      case "outline_part":
        return /Rewrite module/.test(text)
          ? {
              title: "Rewritten module",
              summary: "New",
              lessons: [
                { title: "New lesson A", summary: "a" },
                { title: "New lesson B", summary: "b" },
              ],
            }
          : { title: "Rewritten lesson", summary: "Shorter and clearer" };
      case "lesson_body":
        if (failLesson && text.includes(`This lesson: ${failLesson}\n`)) return { behaviour: { kind: "raw", text: "{not json" } };
        return {
          blocks: [
            { type: "paragraph", text: "Welcome to **this lesson**." },
            { type: "heading", text: "Steps" },
            { type: "numbered", items: ["Mix", "Wait", "Bake"] },
            { type: "callout", tone: "tip", text: "Use a scale." },
          ],
        };
      case "quiz_questions":
        return {
          questions: [
            { type: "single", prompt: "What feeds a starter?", options: ["Flour and water", "Salt"], correct: [0] },
            { type: "true_false", prompt: "A starter needs feeding.", answer: true },
            { type: "multiple", prompt: "Which are ingredients?", options: ["Flour", "Water", "Gravel"], correct: [0, 1] },
          ],
        };
      case "course_copy":
        return {
          title: "Sourdough from scratch",
          subtitle: "Bake bread at home",
          description: "Learn to bake.\n\nStep by step.",
          outcomes: ["Keep a starter", "Shape a loaf", "Bake it"],
        };
      default:
        return {};
    }
  },
});
process.env.ANTHROPIC_API_KEY = "sk-ant-test";
process.env.ANTHROPIC_BASE_URL = fake.url;
afterAll(() => fake.close());

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { getDb } = await import("@/db/client");
const { seedDemo } = await import("@/lib/demo/seed");
const schema = await import("@/db/schema");
const { systemScope } = await import("@/db/scope");
const { getBalances, holdCredits, releaseHold } = await import("@/db/queries/credits");
const { findGeneration } = await import("@/db/queries/ai-generations");
const { listGenerationItems } = await import("@/db/queries/ai-generation-items");
const { findAiHold } = await import("@/db/queries/ai-usage");
const { writeItem } = await import("@/lib/ai/course/pipeline");
const { drainJobs, signIn } = await import("../../../test/helpers");
const { startGenerationAction } = await import("./start-generation");
const { estimateGenerationAction } = await import("./estimate-generation");
const { updateOutlineAction } = await import("./update-outline");
const { regenerateOutlinePartAction } = await import("./regenerate-outline-part");
const { approveOutlineAction } = await import("./approve-outline");
const { cancelGenerationAction } = await import("./cancel-generation");
const { regenerateAiPieceAction } = await import("./regenerate-ai-piece");

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

describe("a generation from brief to draft course", () => {
  let generationId = "";

  it("the brief is estimated, its most held; the outline streams in and waits for review", async () => {
    const owner = await asUser("owner@acme.test");
    const est = await owner(estimateGenerationAction, brief);
    expect(est).toMatchObject({ ok: true, data: { typical: expect.any(Number), hold: expect.any(Number), available: expect.any(Number) } });
    expect((est.data!.hold as number) >= (est.data!.typical as number)).toBe(true);
    const before = await getBalances(acme());
    const started = await owner(startGenerationAction, brief);
    expect(started.ok).toBe(true);
    generationId = started.data!.generationId as string;
    const held = (started.data!.estimate as { hold: number }).hold;
    expect(await getBalances(acme())).toEqual({ available: before.available - held, held: before.held + held });

    await drainJobs();
    const g = (await findGeneration(acme(), generationId))!;
    expect(g.status).toBe("outline_ready");
    expect(g.outlineDraft).toBe("");
    expect(g.outline!.modules.map((m) => m.lessons.map((l) => l.title))).toEqual([
      ["Lesson 1.1", "Lesson 1.2"],
      ["Lesson 2.1", "Lesson 2.2"],
    ]);
    const outlineCall = fake.requests.find((r) => (r.body.tools as { name: string }[])[0]!.name === "course_outline")!;
    expect(outlineCall.body).toMatchObject({ model: "claude-sonnet-4-6", stream: true });
    // The brief's hold stays open until approval.
    expect((await findAiHold(acme(), generationId, "brief"))!.status).toBe("open");
  });

  it("the creator edits the outline and has one lesson rewritten with a note; a stale tab is refused", async () => {
    const owner = await asUser("owner@acme.test");
    const g = (await findGeneration(acme(), generationId))!;
    const outline = structuredClone(g.outline!);
    outline.modules[0]!.title = "Your starter";
    outline.modules[1]!.lessons.pop();
    outline.modules.reverse();
    const saved = await owner(updateOutlineAction, { org: "acme", generationId, expectedVersion: g.outlineVersion, outline });
    expect(saved).toMatchObject({ ok: true, data: { version: g.outlineVersion + 1 } });
    const stale = await owner(updateOutlineAction, { org: "acme", generationId, expectedVersion: g.outlineVersion, outline });
    expect(stale).toMatchObject({ ok: false, code: "conflict" });

    const target = outline.modules[1]!.lessons[0]!;
    const part = await owner(regenerateOutlinePartAction, {
      org: "acme",
      generationId,
      moduleKey: outline.modules[1]!.key,
      lessonKey: target.key,
      note: "Make it about hydration",
    });
    expect(part.ok).toBe(true);
    expect((await findGeneration(acme(), generationId))!.pendingParts).toEqual([target.key]);
    await drainJobs();
    const after = (await findGeneration(acme(), generationId))!;
    expect(after.pendingParts).toEqual([]);
    expect(after.outline!.modules[1]!.lessons[0]).toMatchObject({ key: target.key, title: "Rewritten lesson" });
    expect(after.outline!.modules.map((m) => m.title)).toEqual(["Module 2", "Your starter"]);
    const req = fake.requests.findLast((r) => (r.body.tools as { name: string }[])[0]!.name === "outline_part")!;
    expect(userText(req)).toContain("<creator_note>\nMake it about hydration\n</creator_note>");
  });

  it("approval: the draft course is built — lessons, quizzes, copy and cover — never published; credits captured and released", async () => {
    const owner = await asUser("owner@acme.test");
    failLesson = "Lesson 2.1";
    const g = (await findGeneration(acme(), generationId))!;
    const approved = await owner(approveOutlineAction, { org: "acme", generationId, expectedVersion: g.outlineVersion });
    expect(approved.ok).toBe(true);
    expect((await findAiHold(acme(), generationId, "brief"))!.status).toBe("settled");
    await drainJobs();

    const done = (await findGeneration(acme(), generationId))!;
    expect(done.status).toBe("completed");
    const items = await listGenerationItems(acme(), generationId);
    expect(items.map((i) => `${i.kind}:${i.status}`)).toEqual([
      "copy:done",
      "lesson:failed",
      "quiz:done",
      "lesson:done",
      "lesson:done",
      "quiz:done",
      "cover:done",
    ]);
    expect(items[1]!.error).toMatch(/did not come out right twice/);

    const db = await getDb();
    const [course] = await db.select().from(schema.courses).where(eq(schema.courses.id, done.courseId!));
    expect(course).toMatchObject({
      status: "draft",
      title: "Sourdough from scratch",
      subtitle: "Bake your first loaf", // the outline's, as approved (the copy only fills what it left empty)
      description: "Learn to bake.\n\nStep by step.",
      coverUrl: expect.stringMatching(/^\/api\/media\//),
    });
    expect((course!.salesPage as { outcomes: string[] }).outcomes).toEqual(["Keep a starter", "Shape a loaf", "Bake it"]);
    const modules = await db.select().from(schema.courseModules).where(eq(schema.courseModules.courseId, course!.id)).orderBy(schema.courseModules.position);
    expect(modules.map((m) => m.title)).toEqual(["Module 2", "Your starter"]);
    const lessons = await db.select().from(schema.lessons).where(eq(schema.lessons.courseId, course!.id));
    expect(lessons).toHaveLength(5);
    const written = lessons.find((l) => l.title === "Lesson 1.2")!;
    expect(written.contentHtml).toContain("<strong>this lesson</strong>");
    expect(written.contentHtml).toContain('data-callout="tip"');
    const quiz = lessons.find((l) => l.title === "Quiz: Your starter")!;
    expect(quiz.type).toBe("quiz");
    expect((quiz.content as { questions: unknown[] }).questions).toHaveLength(3);
    expect(lessons.every((l) => l.status === "draft")).toBe(true);

    // Credits: the failed lesson is not charged; every hold is settled; what was captured is what the calls of delivered work cost.
    const { holds, tx, calls } = await ledger(generationId);
    expect(holds.every((h) => h.status === "settled")).toBe(true);
    const failedCalls = calls.filter((c) => c.idempotencyKey.includes(`:lesson:${items[1]!.key}:`));
    expect(failedCalls).toHaveLength(2);
    expect(failedCalls.every((c) => !c.charged)).toBe(true);
    for (const h of holds) {
      const charged = calls.filter((c) => c.aiHoldId === h.id && c.charged).reduce((n, c) => n + c.credits, 0);
      expect(h.captured).toBe(charged);
      const capture = tx.find((t) => t.holdId === h.ledgerHoldId && t.kind === "capture");
      const release = tx.find((t) => t.holdId === h.ledgerHoldId && t.kind === "release");
      expect((capture?.amount ?? 0) + (release?.amount ?? 0)).toBe(h.amount);
    }
    expect((await getBalances(acme())).held).toBe(0);
    // Each call recorded provider, model, tokens, latency and credits.
    expect(
      calls.filter((c) => c.task !== "cover" && !(c.inputTokens > 0 && c.outputTokens > 0)).map((c) => [c.task, c.inputTokens, c.outputTokens, c.outcome]),
    ).toEqual([]);
    expect(calls.find((c) => c.task === "cover")).toMatchObject({ provider: "local", model: "cover-svg", credits: 0 });
    expect(
      calls
        .filter((c) => c.task !== "cover")
        .every((c) => c.provider === "anthropic" && c.model === "claude-sonnet-4-6" && c.inputTokens > 0 && c.outputTokens > 0 && c.latencyMs >= 0),
    ).toBe(true);
  });

  it("the failed lesson is written again alone, in a hold of its own", async () => {
    const owner = await asUser("owner@acme.test");
    failLesson = null;
    const failed = (await listGenerationItems(acme(), generationId)).find((i) => i.status === "failed")!;
    const again = await owner(regenerateAiPieceAction, { org: "acme", generationId, itemId: failed.id, note: "" });
    expect(again).toMatchObject({ ok: true, data: { run: 2 } });
    await drainJobs();
    const item = (await listGenerationItems(acme(), generationId)).find((i) => i.id === failed.id)!;
    expect(item).toMatchObject({ status: "done", runs: 2, error: null });
    const hold = (await holdsLike(generationId, `item:${failed.id}:2:%`))[0]!;
    expect(hold.status).toBe("settled");
    expect(hold.captured).toBeGreaterThan(0);
    expect((await findGeneration(acme(), generationId))!.status).toBe("completed");
    const db = await getDb();
    const [lesson] = await db.select().from(schema.lessons).where(eq(schema.lessons.id, item.lessonId!));
    expect(lesson!.contentHtml).toContain("Use a scale.");
  });

  it("a step that runs again (a crash before it was recorded) writes nothing twice and charges once", async () => {
    const g = (await findGeneration(acme(), generationId))!;
    const item = (await listGenerationItems(acme(), generationId)).find((i) => i.kind === "lesson" && i.runs === 1 && i.status === "done")!;
    const db = await getDb();
    const hold = (
      await db
        .select()
        .from(schema.aiHolds)
        .where(and(eq(schema.aiHolds.generationId, generationId), like(schema.aiHolds.purpose, "generate:%")))
    )[0]!;
    const before = await ledger(generationId);
    const lessonsBefore = await db.select().from(schema.lessons).where(eq(schema.lessons.courseId, g.courseId!));
    await writeItem(acme(), g, { itemId: item.id, aiHoldId: hold.id, run: item.runs });
    const after = await ledger(generationId);
    expect(after.calls).toHaveLength(before.calls.length);
    expect(await db.select().from(schema.lessons).where(eq(schema.lessons.courseId, g.courseId!))).toHaveLength(lessonsBefore.length);
  });
});

describe("canceling, and two wizards at once", () => {
  it("cancel after approval: the run stops, the outline is paid for, nothing else is", async () => {
    const owner = await asUser("owner@acme.test");
    const started = await owner(startGenerationAction, { ...brief, topic: "Bread scoring" });
    const id = started.data!.generationId as string;
    await drainJobs();
    const g = (await findGeneration(acme(), id))!;
    expect((await owner(approveOutlineAction, { org: "acme", generationId: id, expectedVersion: g.outlineVersion })).ok).toBe(true);
    expect(await owner(cancelGenerationAction, { org: "acme", generationId: id })).toMatchObject({ ok: true });
    await drainJobs();
    expect((await findGeneration(acme(), id))!.status).toBe("canceled");
    const items = await listGenerationItems(acme(), id);
    expect(items.every((i) => i.status === "canceled")).toBe(true);
    const { holds } = await ledger(id);
    expect(holds.map((h) => [h.purpose.replace(/:.*/, ""), h.status])).toEqual([
      ["brief", "settled"],
      ["generate", "settled"],
    ]);
    expect(holds[0]!.captured).toBeGreaterThan(0);
    expect(holds[1]!.captured).toBe(0);
    expect((await getBalances(acme())).held).toBe(0);
    expect(await owner(cancelGenerationAction, { org: "acme", generationId: id })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("cancel while lessons are being written: the requests in flight are stopped, not waited for", async () => {
    const owner = await asUser("owner@acme.test");
    const started = await owner(startGenerationAction, { ...brief, topic: "Focaccia" });
    const id = started.data!.generationId as string;
    await drainJobs();
    const g = (await findGeneration(acme(), id))!;
    fake.script({ kind: "hang" }, { kind: "hang" }, { kind: "hang" });
    expect((await owner(approveOutlineAction, { org: "acme", generationId: id, expectedVersion: g.outlineVersion })).ok).toBe(true);
    const draining = drainJobs();
    for (let i = 0; i < 200 && !(await listGenerationItems(acme(), id)).some((x) => x.status === "running"); i++) await new Promise((r) => setTimeout(r, 25));
    const t0 = Date.now();
    expect(await owner(cancelGenerationAction, { org: "acme", generationId: id })).toMatchObject({ ok: true });
    await draining;
    fake.clearScript();
    await drainJobs();
    expect(Date.now() - t0).toBeLessThan(15_000); // the hanging requests would have run to the 120 s timeout
    expect((await findGeneration(acme(), id))!.status).toBe("canceled");
    expect((await listGenerationItems(acme(), id)).every((x) => x.status === "canceled")).toBe(true);
    const { holds } = await ledger(id);
    expect(holds.every((h) => h.status === "settled")).toBe(true);
    expect(holds.find((h) => h.purpose.startsWith("generate"))!.captured).toBe(0);
  });

  it("two briefs at once cannot overdraw: the second is refused with the balance", async () => {
    const owner = await asUser("owner@acme.test");
    const est = await owner(estimateGenerationAction, brief);
    const need = est.data!.hold as number;
    const { available } = await getBalances(acme());
    // Leave room for one run and a half.
    const keep = Math.floor(need * 1.5);
    const squeeze = await holdCredits(acme(), { amount: available - keep, key: `test-squeeze-${Date.now()}`, reason: "test" });
    const [a, b] = await Promise.all([owner(startGenerationAction, brief), owner(startGenerationAction, brief)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringMatching(/^Not enough credits: this needs \d+ and \d+ are available/) });
    expect((await getBalances(acme())).available).toBeGreaterThanOrEqual(0);
    await releaseHold(acme(), squeeze.id, `test-squeeze-release-${squeeze.id}`);
    await cancelGenerationAction({ org: "acme", generationId: ((a.ok ? a : b).data as { generationId: string }).generationId } as never);
    await drainJobs();
  });
});
