import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Without HeyGen (locally): the narration drafted by the AI layer (the labelled sample provider here),
 * metered and paid from the school's credits, and a render by the labelled sample renderer all the way
 * into the lesson.
 */
delete process.env.HEYGEN_API_KEY;
delete process.env.HEYGEN_WEBHOOK_SECRET;
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { getDb } = await import("@/db/client");
const { seedDemo } = await import("@/lib/demo/seed");
const schema = await import("@/db/schema");
const { systemScope } = await import("@/db/scope");
const { getBalances } = await import("@/db/queries/credits");
const { drainJobs, signIn } = await import("../../../test/helpers");
const { draftNarrationAction } = await import("./draft-narration");
const { startAvatarRenderAction } = await import("./start-avatar-render");
const { spokenSeconds } = await import("@/lib/avatar/scenes");

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

let acmeId: string;
const lesson: Record<string, string> = {};
beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acmeId = (await db.select().from(schema.creators).where(eq(schema.creators.slug, "acme")))[0]!.id;
  for (const title of ["Your first flat wash", "Wet on wet"]) {
    const [l] = await db
      .select({ id: schema.lessons.id })
      .from(schema.lessons)
      .where(and(eq(schema.lessons.creatorId, acmeId), eq(schema.lessons.title, title)));
    lesson[title] = l!.id;
  }
});

describe("avatar video without HeyGen: the narration draft and the labelled sample renderer", () => {
  it("drafts a narration script from the lesson, in scenes, metered and paid from the school's credits", async () => {
    const owner = await asUser("owner@acme.test");
    const db = await getDb();
    // The seed's lesson is short: a longer text to draft from.
    await db
      .update(schema.lessons)
      .set({ contentHtml: "<p>Tilt the board a little. Load the brush fully.</p><p>Pull one even band of colour from edge to edge, then let it dry flat.</p>" })
      .where(eq(schema.lessons.id, lesson["Your first flat wash"]!));
    const before = await getBalances(systemScope(acmeId));
    const r = await owner(draftNarrationAction, { org: "acme", lessonId: lesson["Your first flat wash"]! });
    expect(r).toMatchObject({ ok: true, data: { sample: true } });
    expect(r.data!.script).toContain("Your first flat wash");
    expect((r.data!.scenes as string[]).length).toBeGreaterThan(0);
    const credits = r.data!.credits as number;
    expect(credits).toBeGreaterThan(0);
    const after = await getBalances(systemScope(acmeId));
    expect(after).toEqual({ available: before.available - credits, held: before.held });
    const calls = await db
      .select()
      .from(schema.aiCalls)
      .where(and(eq(schema.aiCalls.creatorId, acmeId), eq(schema.aiCalls.task, "narration"), isNull(schema.aiCalls.generationId)));
    expect(calls.reduce((n, c) => n + c.credits, 0)).toBe(credits);

    // A lesson with (almost) no text: said plainly, nothing spent.
    await db.update(schema.lessons).set({ contentHtml: "<p>Short.</p>" }).where(eq(schema.lessons.id, lesson["Wet on wet"]!));
    expect(await owner(draftNarrationAction, { org: "acme", lessonId: lesson["Wet on wet"]! })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/too little text/),
    });
    expect(await getBalances(systemScope(acmeId))).toEqual(after);
    // Another school's lesson is not found.
    const beta = await asUser("owner@beta.test");
    expect(await beta(draftNarrationAction, { org: "beta", lessonId: lesson["Your first flat wash"]! })).toMatchObject({ ok: false, code: "not_found" });
  }, 60_000);

  it("renders with the sample renderer into the lesson: a clip of the scene's spoken length, captions from the script", async () => {
    const owner = await asUser("owner@acme.test");
    const text = "Wet on wet means the paper is still damp when the colour goes in, so it spreads softly.";
    expect(
      await owner(startAvatarRenderAction, {
        org: "acme",
        lessonId: lesson["Wet on wet"]!,
        avatarId: "Angela-inTshirt-20220820",
        voiceId: "sample-warm",
        background: "#334155",
        scenes: [text],
      }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/presenter is not offered/) });
    const r = await owner(startAvatarRenderAction, {
      org: "acme",
      lessonId: lesson["Wet on wet"]!,
      avatarId: "sample-ada",
      voiceId: "sample-warm",
      background: "#334155",
      scenes: [text],
    });
    expect(r).toMatchObject({ ok: true });
    const id = r.data!.renderId as string;
    const db = await getDb();
    let render;
    for (let i = 0; i < 120; i++) {
      await drainJobs(60_000);
      [render] = await db.select().from(schema.avatarRenders).where(eq(schema.avatarRenders.id, id));
      if (render!.status === "ready" || render!.status === "failed") break;
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(render).toMatchObject({ status: "ready", renderer: "sample", error: null });
    const [asset] = await db.select().from(schema.mediaAssets).where(eq(schema.mediaAssets.id, id));
    expect(asset).toMatchObject({ status: "ready", durationSeconds: spokenSeconds(text) });
    const [l] = await db.select().from(schema.lessons).where(eq(schema.lessons.id, lesson["Wet on wet"]!));
    expect(l).toMatchObject({ type: "avatar_video", mediaAssetId: id });
  }, 90_000);
});
