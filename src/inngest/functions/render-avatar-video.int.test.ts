import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeSeconds, startFakeHeygen } from "../../../test/fake-heygen";

/**
 * The avatar video workflow against a fake HeyGen at the wire: the real client's requests, HeyGen's
 * answers and signed webhooks delivered to the real route handler, the durable function on the embedded
 * runner, ffmpeg stitching real clips and the HLS pipeline processing the result.
 */
const SECRET = "heygen-webhook-secret-test";
const { POST: webhookRoute } = await import("@/app/api/webhooks/heygen/route");
const deliverToRoute = (body: string, signature: string) =>
  webhookRoute(new Request("http://app.localhost:3000/api/webhooks/heygen", { method: "POST", headers: { host: "app.localhost:3000", signature }, body }));
const fake = await startFakeHeygen({ apiKey: "hg-test-key", webhookSecret: SECRET, deliver: deliverToRoute });
process.env.HEYGEN_API_KEY = "hg-test-key";
process.env.HEYGEN_API_URL = fake.url;
process.env.HEYGEN_WEBHOOK_SECRET = SECRET;
// Long enough that a webhook on a busy machine still arrives within the wait (half of it), short enough for the timeout test.
process.env.AVATAR_RENDER_TIMEOUT_SECONDS = "16";
afterAll(() => fake.close());

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { getDb } = await import("@/db/client");
const { seedDemo } = await import("@/lib/demo/seed");
const schema = await import("@/db/schema");
const { systemScope } = await import("@/db/scope");
const { getBalances } = await import("@/db/queries/credits");
const { getStorage, hlsKey } = await import("@/lib/storage");
const { probeVideo } = await import("@/lib/video/hls");
const { drainJobs, signIn } = await import("../../../test/helpers");
const { startAvatarRenderAction } = await import("@/actions/avatar/start-avatar-render");
const { estimateAvatarRenderAction } = await import("@/actions/avatar/estimate-avatar-render");
const { avatarRenderStatusAction } = await import("@/actions/avatar/avatar-render-status");
const { renderCredits, holdCredits: holdFor, spokenSeconds } = await import("@/lib/avatar/scenes");

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
const lessonIds: Record<string, string> = {};
const AVATAR = "Angela-inTshirt-20220820";
const VOICE = "1bd001e7e50f421d891986aad5158bc8";
const SCENES = [
  "Welcome to the flat wash. Tilt your board a little.",
  "Load the brush fully and pull one even band of colour from edge to edge, without stopping.",
  "Let it dry flat. Next time, we layer a second wash on top.",
];

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acmeId = (await db.select().from(schema.creators).where(eq(schema.creators.slug, "acme")))[0]!.id;
  const rows = await db
    .select({ id: schema.lessons.id, title: schema.lessons.title })
    .from(schema.lessons)
    .where(
      and(
        eq(schema.lessons.creatorId, acmeId),
        inArray(schema.lessons.title, ["Your first flat wash", "Wet on wet", "Layering and glazing", "Welcome and materials"]),
      ),
    );
  for (const r of rows) lessonIds[r.title] = r.id;
});

/** Run jobs until the render has ended (ready or failed), as the embedded runner does in the background. */
async function settle(renderId: string, maxMs = 60_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    // Transcoding runs inside the drain: on a busy machine it takes a while.
    await drainJobs(maxMs);
    const db = await getDb();
    const [r] = await db.select().from(schema.avatarRenders).where(eq(schema.avatarRenders.id, renderId));
    if (r && (r.status === "ready" || r.status === "failed")) return r;
    if (Date.now() > until) throw new Error(`render still ${r?.status}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function stepsOf(renderId: string) {
  const db = await getDb();
  const runs = await db.select().from(schema.jobRuns).where(eq(schema.jobRuns.functionId, "courseforge-render-avatar-video"));
  const run = runs.find((r) => (r.event as { data?: { renderId?: string } }).data?.renderId === renderId)!;
  return (await db.select({ name: schema.jobSteps.name }).from(schema.jobSteps).where(eq(schema.jobSteps.runId, run.id))).map((s) => s.name ?? "");
}

const choice = (lessonId: string, scenes: string[]) => ({ org: "acme", lessonId, avatarId: AVATAR, voiceId: VOICE, background: "#1E293B", scenes });

describe("render-avatar-video with HeyGen (a fake at the wire)", () => {
  let firstRender: string;

  it("renders each scene, waits for the signed webhook, stitches (duration = sum of scenes), attaches with captions and takes the credits by real length", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("webhook");
    const lessonId = lessonIds["Your first flat wash"]!;
    const est = await owner(estimateAvatarRenderAction, choice(lessonId, SCENES));
    expect(est).toMatchObject({ ok: true, data: { reused: [false, false, false] } });
    const seconds = SCENES.reduce((n, s) => n + spokenSeconds(s), 0);
    expect(est.data!.hold).toBe(holdFor(seconds, 60));
    const before = await getBalances(systemScope(acmeId));

    const started = await owner(startAvatarRenderAction, choice(lessonId, SCENES));
    expect(started).toMatchObject({ ok: true });
    firstRender = started.data!.renderId as string;
    expect((await getBalances(systemScope(acmeId))).held).toBe(before.held + (est.data!.hold as number));

    const render = await settle(firstRender);
    expect(render).toMatchObject({ status: "ready", mediaAssetId: firstRender, error: null });
    // One request per scene, one video_inputs entry each, the presenter, voice, background and words as chosen.
    const sent = fake
      .generateRequests()
      .map(
        (r) =>
          r.body as {
            video_inputs: { character: { avatar_id: string }; voice: { voice_id: string; input_text: string }; background: { value: string } }[];
            callback_id: string;
          },
      );
    expect(sent).toHaveLength(3);
    expect(sent.map((b) => b.video_inputs.length)).toEqual([1, 1, 1]);
    expect(sent.map((b) => b.video_inputs[0]!.voice.input_text)).toEqual(SCENES);
    expect(sent[0]!.video_inputs[0]).toMatchObject({ character: { avatar_id: AVATAR }, voice: { voice_id: VOICE }, background: { value: "#1e293b" } });
    // The webhook woke the wait: no status polling was needed.
    const steps = await stepsOf(firstRender);
    expect(steps.filter((s) => s.startsWith("poll-"))).toEqual([]);
    expect(steps).toEqual(expect.arrayContaining(["webhook-0", "stitch", "settle"]));

    const db = await getDb();
    const [asset] = await db.select().from(schema.mediaAssets).where(eq(schema.mediaAssets.id, firstRender));
    const expected = SCENES.reduce((n, s) => n + fakeSeconds(s), 0);
    expect(asset).toMatchObject({ status: "ready", captions: [{ lang: "en", label: "English", file: "captions/en.vtt" }] });
    expect(asset!.durationSeconds).toBe(expected);
    // The stitched MP4 itself: its duration is the sum of the scenes' (ffprobe).
    const obj = await getStorage().get(asset!.storageKey!);
    const fs = await import("node:fs/promises");
    const tmp = `/tmp/stitched-${firstRender}.mp4`;
    await fs.writeFile(tmp, Buffer.from(await new Response(obj!.body).arrayBuffer()));
    expect((await probeVideo(tmp)).durationSeconds).toBeCloseTo(expected, 0);
    const [lesson] = await db.select().from(schema.lessons).where(eq(schema.lessons.id, lessonId));
    expect(lesson).toMatchObject({ type: "avatar_video", mediaAssetId: firstRender });
    // Captions timed by scene: the second scene's first cue starts where the first scene's clip ends.
    const vtt = await new Response((await getStorage().get(hlsKey({ creatorId: acmeId, assetId: firstRender, file: "captions/en.vtt" })))!.body).text();
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain(`00:00:0${fakeSeconds(SCENES[0]!)}.000 --> `);
    expect(vtt).toContain("Load the brush fully");
    // Credits: the hold is settled at what the real length costs.
    expect(render.captured).toBe(renderCredits(expected, 60));
    const after = await getBalances(systemScope(acmeId));
    expect(after.held).toBe(before.held);
    expect(after.available).toBe(before.available - render.captured!);
  }, 90_000);

  it("re-rendering after editing one scene of three submits exactly that scene and stitches again", async () => {
    const owner = await asUser("owner@acme.test");
    const lessonId = lessonIds["Your first flat wash"]!;
    const edited = [SCENES[0]!, "Load the brush and pull one band of colour across.", SCENES[2]!];
    const est = await owner(estimateAvatarRenderAction, choice(lessonId, edited));
    expect(est.data).toMatchObject({ reused: [true, false, true], newSeconds: spokenSeconds(edited[1]!) });
    const sentBefore = fake.generateRequests().length;
    const started = await owner(startAvatarRenderAction, choice(lessonId, edited));
    const render = await settle(started.data!.renderId as string);
    expect(render.status).toBe("ready");
    const sent = fake.generateRequests().slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body as { video_inputs: { voice: { input_text: string } }[] }).video_inputs.map((i) => i.voice.input_text)).toEqual([edited[1]]);
    const db = await getDb();
    const [asset] = await db.select().from(schema.mediaAssets).where(eq(schema.mediaAssets.id, render.id));
    expect(asset!.durationSeconds).toBe(edited.reduce((n, s) => n + fakeSeconds(s), 0));
    // Only the new scene is paid for; the lesson now plays the new video.
    expect(render.captured).toBe(renderCredits(fakeSeconds(edited[1]!), 60));
    const [lesson] = await db.select().from(schema.lessons).where(eq(schema.lessons.id, lessonId));
    expect(lesson!.mediaAssetId).toBe(render.id);
  }, 90_000);

  it("a render HeyGen never announces (no webhook) is finished by polling its status", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("poll");
    const started = await owner(
      startAvatarRenderAction,
      choice(lessonIds["Wet on wet"]!, ["Wet on wet means the paper is still damp when the colour goes in."]),
    );
    const render = await settle(started.data!.renderId as string);
    expect(render.status).toBe("ready");
    // The wait for a webhook ran out; the status HeyGen gave then finished it.
    expect(await stepsOf(render.id)).toEqual(expect.arrayContaining(["webhook-0", "check-0-after-webhook", "fetch-0"]));
  }, 90_000);

  it("a failed render says why and releases the hold; nothing is charged", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("fail");
    const before = await getBalances(systemScope(acmeId));
    const started = await owner(
      startAvatarRenderAction,
      choice(lessonIds["Layering and glazing"]!, ["Glazing builds depth with thin, transparent layers of colour."]),
    );
    const render = await settle(started.data!.renderId as string);
    expect(render.status).toBe("failed");
    expect(render.error).toMatch(/content rules/);
    expect(render.captured).toBe(0);
    expect(await getBalances(systemScope(acmeId))).toEqual(before);
    const status = await owner(avatarRenderStatusAction, { org: "acme", renderId: render.id });
    expect(status.data).toMatchObject({ status: "failed", scenes: [{ state: "failed" }] });
  }, 90_000);

  it("a render that never finishes times out, says so and releases the hold", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("never");
    const before = await getBalances(systemScope(acmeId));
    const started = await owner(
      startAvatarRenderAction,
      choice(lessonIds["Welcome and materials"]!, ["Here is everything you need: paper, three brushes and a palette."]),
    );
    const render = await settle(started.data!.renderId as string);
    expect(render.status).toBe("failed");
    expect(render.error).toMatch(/did not finish scene 1/);
    expect(await getBalances(systemScope(acmeId))).toEqual(before);
  }, 90_000);
});

describe("what the intruder review found", () => {
  it("two starts at once on one lesson: one render, one hold; the other is told it is already rendering", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("never");
    const db = await getDb();
    const [l] = await db
      .select({ id: schema.lessons.id })
      .from(schema.lessons)
      .where(and(eq(schema.lessons.creatorId, acmeId), eq(schema.lessons.title, "Contour drawing")));
    const before = await getBalances(systemScope(acmeId));
    const input = choice(l!.id, ["Contour drawing means following the edge slowly, without looking at the paper."]);
    const [a, b] = await Promise.all([owner(startAvatarRenderAction, input), owner(startAvatarRenderAction, input)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: "conflict", message: expect.stringMatching(/already rendering/) });
    const held = ([a, b].find((r) => r.ok)!.data!.held as number) ?? 0;
    expect((await getBalances(systemScope(acmeId))).held).toBe(before.held + held);
    await settle([a, b].find((r) => r.ok)!.data!.renderId as string);
    expect(await getBalances(systemScope(acmeId))).toEqual(before);
  }, 90_000);

  it("a lesson deleted mid-render: the render fails saying so, and its hold is settled (nothing stays held)", async () => {
    const owner = await asUser("owner@acme.test");
    fake.setBehaviour("webhook");
    const db = await getDb();
    const [l] = await db
      .select({ id: schema.lessons.id })
      .from(schema.lessons)
      .where(and(eq(schema.lessons.creatorId, acmeId), eq(schema.lessons.title, "Negative space")));
    const before = await getBalances(systemScope(acmeId));
    const started = await owner(startAvatarRenderAction, choice(l!.id, ["Draw the spaces between things, not the things themselves."]));
    await db.delete(schema.lessons).where(eq(schema.lessons.id, l!.id));
    const render = await settle(started.data!.renderId as string);
    expect(render).toMatchObject({ status: "failed", lessonId: null, error: expect.stringMatching(/lesson was deleted/) });
    const after = await getBalances(systemScope(acmeId));
    expect(after.held).toBe(before.held);
    // The scene was rendered and kept (free for a later render): that much was taken, the rest released.
    expect(after.available).toBe(before.available - (render.captured ?? 0));
  }, 90_000);
});

describe("HeyGen webhooks", () => {
  it("a webhook with a bad signature is refused and changes nothing; a replay is handled once", async () => {
    const db = await getDb();
    const [video] = [...fake.videos.values()].filter((v) => v.status === "completed");
    const [clip] = await db.select().from(schema.avatarClips).where(eq(schema.avatarClips.providerVideoId, video!.id));
    const before = clip!.status;
    const forged = fake.webhookFor(video!.id, "someone-elses-secret");
    expect((await deliverToRoute(forged.body, forged.signature)).status).toBe(401);
    expect((await deliverToRoute(forged.body, "")).status).toBe(401);
    const [still] = await db.select().from(schema.avatarClips).where(eq(schema.avatarClips.id, clip!.id));
    expect(still!.status).toBe(before);

    const real = fake.webhookFor(video!.id);
    const events = async () =>
      (
        await db
          .select()
          .from(schema.webhookEventsIn)
          .where(eq(schema.webhookEventsIn.eventId, `avatar_video.success:${video!.id}`))
      ).length;
    const first = await deliverToRoute(real.body, real.signature);
    const again = await deliverToRoute(real.body, real.signature);
    expect(first.status).toBe(200);
    expect(await again.json()).toMatchObject({ handled: "duplicate" });
    expect(await events()).toBe(1);
  });

  it("a signed webhook naming a video nobody here made is ignored", async () => {
    const body = JSON.stringify({
      event_type: "avatar_video.success",
      event_data: { video_id: "not-ours-123", url: "https://evil.example/x.mp4", callback_id: "x" },
    });
    const { signHeygenWebhook } = await import("@/lib/avatar/heygen");
    const res = await deliverToRoute(body, signHeygenWebhook(body, SECRET));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ handled: "ignored" });
    const db = await getDb();
    expect(await db.select().from(schema.webhookEventsIn).where(eq(schema.webhookEventsIn.eventId, "avatar_video.success:not-ours-123"))).toEqual([]);
  });
});

describe("unauthorized: avatar video", () => {
  it("another school cannot render for, estimate or read renders of this school; a student gets nothing", async () => {
    const db = await getDb();
    const [render] = await db.select().from(schema.avatarRenders).where(eq(schema.avatarRenders.creatorId, acmeId)).limit(1);
    const beta = await asUser("owner@beta.test");
    const lessonId = lessonIds["Your first flat wash"]!;
    expect(await beta(startAvatarRenderAction, { ...choice(lessonId, ["Hello there."]), org: "beta" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await beta(startAvatarRenderAction, choice(lessonId, ["Hello there."]))).toMatchObject({ ok: false, code: "not_found" });
    expect(await beta(avatarRenderStatusAction, { org: "beta", renderId: render!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await beta(avatarRenderStatusAction, { org: "acme", renderId: render!.id })).toMatchObject({ ok: false, code: "not_found" });
    const student = await asUser("student@acme.test");
    expect(await student(avatarRenderStatusAction, { org: "acme", renderId: render!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await student(startAvatarRenderAction, choice(lessonId, ["Hello there."]))).toMatchObject({ ok: false, code: "not_found" });
  });
});
