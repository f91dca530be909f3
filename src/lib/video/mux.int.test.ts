import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeMux } from "../../../test/fake-mux";
import { makeClip } from "../../../test/video";

/**
 * A school's own Mux account through the real @mux/mux-node SDK against a local stand-in for Mux's API:
 * connecting (credentials checked), attaching by asset or playback id, signed playback, webhooks (verified,
 * once, in any order), importing into our pipeline — and another school getting none of it.
 */
const TOKEN = { tokenId: "tok_acme_12345", tokenSecret: "secret-acme-123456" };
const mux = await startFakeMux(TOKEN);
process.env.MUX_API_URL = mux.url;
afterAll(() => mux.close());

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { getDb } = await import("@/db/client");
const { seedDemo } = await import("@/lib/demo/seed");
const { courses, creators, lessons, mediaAssets, muxConnections, webhookEventsIn } = await import("@/db/schema");
const { systemScope } = await import("@/db/scope");
const { findVideo } = await import("@/db/queries/video");
const { videoSource } = await import("@/lib/video/playback");
const { drainJobs, signIn } = await import("../../../test/helpers");
const { POST: webhook } = await import("@/app/api/webhooks/mux/[school]/route");
const { connectMuxAction } = await import("@/actions/media/connect-mux");
const { attachMuxVideoAction } = await import("@/actions/media/attach-mux-video");
const { importMuxVideoAction } = await import("@/actions/media/import-mux-video");

const APP = "app.localhost:3000";
const cookies: Record<string, string> = {};
/** Server actions as this team member, on the app host. */
async function asUser(email: string) {
  cookies[email] ??= await signIn(APP, email);
  return {
    run: (action: (input: never) => Promise<unknown>, input: Record<string, unknown>): Promise<unknown> => {
      requestHeaders = new Headers({ host: APP, cookie: cookies[email]!, origin: `http://${APP}` });
      return (action as (i: unknown) => Promise<unknown>)(input);
    },
  };
}
const WEBHOOK_SECRET = "whsec-acme-mux-0123456789";
const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const SIGNING_KEY = Buffer.from(privateKey.export({ type: "pkcs1", format: "pem" })).toString("base64");

let acmeId = "";
let betaId = "";
let lessonId = "";
let betaLessonId = "";
let clipFile = "";

async function videoLesson(slug: string): Promise<string> {
  const db = await getDb();
  const [l] = await db
    .select({ id: lessons.id })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(creators, eq(creators.id, courses.creatorId))
    .where(eq(creators.slug, slug))
    .limit(1);
  await db.update(lessons).set({ type: "video" }).where(eq(lessons.id, l!.id));
  return l!.id;
}
const hook = (school: string, body: string, signature: string | null) =>
  webhook(
    new Request(`http://${APP}/api/webhooks/mux/${school}`, {
      method: "POST",
      headers: { host: APP, "content-type": "application/json", ...(signature ? { "mux-signature": signature } : {}) },
      body,
    }),
    { params: Promise.resolve({ school }) },
  );

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acmeId = (await db.select().from(creators).where(eq(creators.slug, "acme")))[0]!.id;
  betaId = (await db.select().from(creators).where(eq(creators.slug, "beta")))[0]!.id;
  lessonId = await videoLesson("acme");
  betaLessonId = await videoLesson("beta");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-mux-"));
  clipFile = await makeClip({ dir, width: 320, height: 240, seconds: 3 });
  mux.assets.set("assetPublic01", {
    id: "assetPublic01",
    status: "ready",
    duration: 61.4,
    playback_ids: [{ id: "playPublic01", policy: "public" }],
    masterFile: clipFile,
  });
  mux.assets.set("assetSigned01", { id: "assetSigned01", status: "ready", duration: 12, playback_ids: [{ id: "playSigned01", policy: "signed" }] });
  mux.assets.set("assetPending1", { id: "assetPending1", status: "preparing", playback_ids: [{ id: "playPending1", policy: "public" }] });
}, 60_000);

describe("connecting a school's Mux account", () => {
  it("refuses credentials Mux does not accept, and keeps good ones sealed", async () => {
    const owner = await asUser("owner@acme.test");
    const bad = await owner.run(connectMuxAction, { org: "acme", tokenId: TOKEN.tokenId, tokenSecret: "wrong-secret-000" });
    expect(bad).toMatchObject({ ok: false, message: /did not accept this access token/ });
    const good = await owner.run(connectMuxAction, {
      org: "acme",
      ...TOKEN,
      signingKeyId: "signingKey01",
      signingKey: SIGNING_KEY,
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(good).toMatchObject({ ok: true });
    const db = await getDb();
    const [c] = await db.select().from(muxConnections).where(eq(muxConnections.creatorId, acmeId));
    expect(c!.tokenSecret).toMatch(/^sealed:v1:/);
    expect(c!.signingKey).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(c)).not.toContain(TOKEN.tokenSecret);
  });

  it("an editor cannot connect one", async () => {
    const editor = await asUser("editor@acme.test");
    expect(await editor.run(connectMuxAction, { org: "acme", ...TOKEN })).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("attaching Mux videos", () => {
  it("by asset id or playback id, as Mux knows them; an unknown id is refused", async () => {
    const owner = await asUser("owner@acme.test");
    const byAsset = await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "assetPublic01" });
    expect(byAsset).toMatchObject({ ok: true, data: { verified: true, signed: false } });
    const db = await getDb();
    const [a] = await db.select().from(mediaAssets).where(eq(mediaAssets.muxAssetId, "assetPublic01"));
    expect(a).toMatchObject({ provider: "mux", muxPlaybackId: "playPublic01", status: "ready", durationSeconds: 61, creatorId: acmeId });
    const scope = systemScope(acmeId);
    const src = await videoSource(scope, (await findVideo(scope, a!.id))!);
    expect(src?.src).toBe("https://stream.mux.com/playPublic01.m3u8");
    const byPlayback = await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "playPublic01" });
    expect(byPlayback).toMatchObject({ ok: true, data: { videoId: a!.id } }); // the same record
    expect(await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "nosuchasset99" })).toMatchObject({
      ok: false,
      message: /no asset or playback ID/,
    });
  });

  it("a signed video plays with a token signed by the school's key, bound to its playback id", async () => {
    const owner = await asUser("owner@acme.test");
    const r = await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "assetSigned01" });
    expect(r).toMatchObject({ ok: true, data: { signed: true } });
    const scope = systemScope(acmeId);
    const src = (await videoSource(scope, (await findVideo(scope, (r as { data: { videoId: string } }).data.videoId))!))!;
    const token = new URL(src.src).searchParams.get("token")!;
    const [h, p, s] = token.split(".");
    const header = JSON.parse(Buffer.from(h!, "base64url").toString());
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    expect(header).toMatchObject({ alg: "RS256" });
    expect(payload).toMatchObject({ sub: "playSigned01", aud: "v", kid: "signingKey01" });
    expect(payload.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(30 * 60 + 5);
    expect(crypto.verify("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s!, "base64url"))).toBe(true);
  });

  it("prefers a signed playback id, and a webhook never swaps it for a public one", async () => {
    mux.assets.set("assetBoth001", {
      id: "assetBoth001",
      status: "ready",
      duration: 5,
      playback_ids: [
        { id: "playBothPub1", policy: "public" },
        { id: "playBothSig1", policy: "signed" },
      ],
    });
    const owner = await asUser("owner@acme.test");
    expect(await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "assetBoth001" })).toMatchObject({ ok: true, data: { signed: true } });
    const ev = mux.sign(WEBHOOK_SECRET, { id: "evt-both-1", type: "video.asset.updated", data: { id: "assetBoth001" } });
    await hook(acmeId, ev.body, ev.signature);
    const db = await getDb();
    const [a] = await db
      .select()
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, acmeId), eq(mediaAssets.muxAssetId, "assetBoth001")));
    expect(a).toMatchObject({ muxPlaybackId: "playBothSig1", muxSigned: true });
  });

  it("Beta cannot attach to Acme's lesson, and without a connection only takes a public playback id as given", async () => {
    const beta = await asUser("owner@beta.test");
    expect(await beta.run(attachMuxVideoAction, { org: "beta", lessonId, id: "playPublic01" })).toMatchObject({ ok: false, code: "not_found" });
    const r = await beta.run(attachMuxVideoAction, { org: "beta", lessonId: betaLessonId, id: "somePublicId42" });
    expect(r).toMatchObject({ ok: true, data: { verified: false, signed: false } });
    expect(mux.requests.filter((q) => q.path.includes("somePublicId42"))).toEqual([]); // Acme's account was not asked
  });
});

describe("Mux webhooks", () => {
  it("a verified event is handled once, re-reading the asset from Mux; a bad signature is refused", async () => {
    const owner = await asUser("owner@acme.test");
    await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "assetPending1" });
    const db = await getDb();
    const row = async () =>
      (
        await db
          .select()
          .from(mediaAssets)
          .where(and(eq(mediaAssets.creatorId, acmeId), eq(mediaAssets.muxAssetId, "assetPending1")))
      )[0]!;
    expect((await row()).status).toBe("processing");
    mux.assets.get("assetPending1")!.status = "ready";
    mux.assets.get("assetPending1")!.duration = 30;
    const ev = mux.sign(WEBHOOK_SECRET, { id: "evt-ready-1", type: "video.asset.ready", data: { id: "assetPending1", status: "ready" } });
    expect((await hook(acmeId, ev.body, "t=1,v1=deadbeef")).status).toBe(400);
    expect((await hook(acmeId, ev.body, null)).status).toBe(400);
    const first = await hook(acmeId, ev.body, ev.signature);
    expect(await first.json()).toMatchObject({ handled: "processed" });
    expect(await row()).toMatchObject({ status: "ready", durationSeconds: 30 });
    expect(await (await hook(acmeId, ev.body, ev.signature)).json()).toMatchObject({ handled: "duplicate" });
    // A late "created" after "ready" changes nothing: the asset is read from Mux again.
    const late = mux.sign(WEBHOOK_SECRET, { id: "evt-created-1", type: "video.asset.created", data: { id: "assetPending1", status: "preparing" } });
    await hook(acmeId, late.body, late.signature);
    expect((await row()).status).toBe("ready");
    // Deleted on Mux: failed for good.
    mux.assets.delete("assetPending1");
    const del = mux.sign(WEBHOOK_SECRET, { id: "evt-deleted-1", type: "video.asset.deleted", data: { id: "assetPending1" } });
    await hook(acmeId, del.body, del.signature);
    expect(await row()).toMatchObject({ status: "failed", error: "This video was deleted on Mux." });
    const recorded = await db
      .select()
      .from(webhookEventsIn)
      .where(eq(webhookEventsIn.provider, `mux:${acmeId}`));
    expect(
      recorded
        .map((r) => r.eventId)
        .filter((e) => e !== "evt-both-1")
        .sort(),
    ).toEqual(["evt-created-1", "evt-deleted-1", "evt-ready-1"]);
  });

  it("Acme's secret does not open Beta's address, and a school without webhooks refuses them", async () => {
    const ev = mux.sign(WEBHOOK_SECRET, { id: "evt-x", type: "video.asset.ready", data: { id: "assetPublic01" } });
    expect((await hook(betaId, ev.body, ev.signature)).status).toBe(400);
    expect((await hook("not-a-uuid", ev.body, ev.signature)).status).toBe(404);
  });
});

describe("importing a Mux video", () => {
  it("copies the master file into our pipeline, and the lesson plays our copy once it is ready", async () => {
    const owner = await asUser("owner@acme.test");
    const attached = await owner.run(attachMuxVideoAction, { org: "acme", lessonId, id: "assetPublic01" });
    const videoId = (attached as { data: { videoId: string } }).data.videoId;
    const r = await owner.run(importMuxVideoAction, { org: "acme", videoId });
    expect(r).toMatchObject({ ok: true });
    const newAssetId = (r as { data: { newAssetId: string } }).data.newAssetId;
    await drainJobs();
    const db = await getDb();
    const [copy] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, newAssetId));
    expect(copy).toMatchObject({ provider: "storage", status: "ready", durationSeconds: 3, creatorId: acmeId });
    const [l] = await db.select({ m: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, lessonId));
    expect(l!.m).toBe(newAssetId);
    expect(mux.requests.some((q) => q.method === "PUT" && q.path === "/video/v1/assets/assetPublic01/master-access")).toBe(true);
  }, 120_000);

  it("Beta cannot import Acme's video", async () => {
    const db = await getDb();
    const [a] = await db.select().from(mediaAssets).where(eq(mediaAssets.muxAssetId, "assetSigned01"));
    const beta = await asUser("owner@beta.test");
    expect(await beta.run(importMuxVideoAction, { org: "beta", videoId: a!.id })).toMatchObject({ ok: false, code: "not_found" });
  });
});
