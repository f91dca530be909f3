import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createMediaAsset } from "@/db/queries/media";
import { recordVideoProgress } from "@/db/queries/video";
import { courses, creators, lessonProgress, lessons, user, videoViews } from "@/db/schema";
import { siteScopeFor, systemScope } from "@/db/scope";
import { sendEvent } from "@/inngest/send";
import { seedDemo } from "@/lib/demo/seed";
import { getStorage, storageKey } from "@/lib/storage";
import { PLAYBACK_TTL_SECONDS, playbackToken } from "@/lib/video/playback";
import { findSiteRecord } from "@/db/scope";
import { drainJobs, signIn } from "../../../../test/helpers";
import { makeClip } from "../../../../test/video";

const { GET: file } = await import("./[assetId]/[token]/[...file]/route");
const { GET: token } = await import("./[assetId]/token/route");
const { POST: beacon } = await import("./progress/route");

/**
 * Protected playback: a ready video (through the real pipeline) in a paid lesson and in a free preview of
 * Acme's course. Who gets a token, what a token opens, and what everyone else gets.
 */
const APP = "app.localhost:3000";
const ACME = "acme.localhost:3000";
const BETA = "beta.localhost:3000";

let videoId = "";
let previewVideoId = "";
let paidLessonId = "";
let acmeId = "";
const cookies: Record<string, string> = {};

const getFile = (host: string, id: string, tok: string, f: string) =>
  file(new Request(`http://${host}/api/video/${id}/${tok}/${f}`, { headers: { host } }), {
    params: Promise.resolve({ assetId: id, token: tok, file: f.split("/") }),
  });
const getToken = (host: string, id: string, cookie?: string) =>
  token(new Request(`http://${host}/api/video/${id}/token`, { headers: cookie ? { host, cookie } : { host } }), { params: Promise.resolve({ assetId: id }) });

async function readyVideo(clipFile: string): Promise<string> {
  const bytes = new Uint8Array(await fs.readFile(clipFile));
  const id = crypto.randomUUID();
  const key = storageKey({ creatorId: acmeId, kind: "video", id, filename: "clip.mp4" });
  await getStorage().put(key, bytes, "video/mp4");
  const db = await getDb();
  const [owner] = await db.select().from(user).where(eq(user.email, "owner@acme.test"));
  await createMediaAsset(systemScope(acmeId), owner!.id, {
    id,
    kind: "video",
    filename: "clip.mp4",
    contentType: "video/mp4",
    sizeBytes: bytes.byteLength,
    storageKey: key,
  });
  await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: acmeId, mediaAssetId: id, storageKey: key } });
  return id;
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  acmeId = acme!.id;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-playback-"));
  const clip = await makeClip({ dir, width: 320, height: 240, seconds: 10 });
  videoId = await readyVideo(clip);
  previewVideoId = await readyVideo(clip);
  await drainJobs();
  const ls = await db
    .select({ id: lessons.id, title: lessons.title })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(lessons.creatorId, acmeId), eq(courses.slug, "watercolor-foundations")));
  paidLessonId = ls.find((l) => l.title === "Your first flat wash")!.id;
  const previewId = ls.find((l) => l.title === "Welcome and materials")!.id;
  await db.update(lessons).set({ type: "video", mediaAssetId: videoId }).where(eq(lessons.id, paidLessonId));
  await db.update(lessons).set({ type: "video", mediaAssetId: previewVideoId }).where(eq(lessons.id, previewId));
  cookies.owner = await signIn(APP, "owner@acme.test");
  cookies.betaOwnerApp = await signIn(APP, "owner@beta.test");
  cookies.student = await signIn(ACME, "student@acme.test");
  cookies.stranger = await signIn(ACME, "owner@beta.test"); // signed in on Acme's site, enrolled in nothing
}, 120_000);

describe("video playback", () => {
  it("an enrolled student gets a token, and the token opens the playlists, segments, poster and thumbnails", async () => {
    const res = await getToken(ACME, videoId, cookies.student);
    expect(res.status).toBe(200);
    const { token: t, expiresIn } = (await res.json()) as { token: string; expiresIn: number };
    expect(expiresIn).toBe(PLAYBACK_TTL_SECONDS);
    const master = await getFile(ACME, videoId, t, "master.m3u8");
    expect(master.status).toBe(200);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const text = await master.text();
    expect(text).toMatch(/^#EXTM3U/);
    const rendition = /^(\d{3,4}p\/index\.m3u8)$/m.exec(text)![1]!;
    const playlist = await (await getFile(ACME, videoId, t, rendition)).text();
    const segment = `${rendition.split("/")[0]}/${/^(seg_\d{4}\.ts)$/m.exec(playlist)![1]}`;
    const seg = await getFile(ACME, videoId, t, segment);
    expect(seg.status).toBe(200);
    expect(seg.headers.get("content-type")).toBe("video/mp2t");
    expect(new Uint8Array(await seg.arrayBuffer())[0]).toBe(0x47); // an MPEG-TS packet
    expect((await getFile(ACME, videoId, t, "poster.jpg")).status).toBe(200);
    expect((await getFile(ACME, videoId, t, "thumbnails.vtt")).status).toBe(200);
  });

  it("the school's team gets a token on the app host (builder and preview)", async () => {
    expect((await getToken(APP, videoId, cookies.owner)).status).toBe(200);
  });

  it("anyone may play a free preview's video, signed in or not", async () => {
    expect((await getToken(ACME, previewVideoId)).status).toBe(200);
    expect((await getToken(ACME, previewVideoId, cookies.stranger)).status).toBe(200);
  });
});

describe("unauthorized-video-playback", () => {
  it("a visitor and a signed-in stranger get no token for a paid lesson's video", async () => {
    expect((await getToken(ACME, videoId)).status).toBe(403);
    expect((await getToken(ACME, videoId, cookies.stranger)).status).toBe(403);
  });

  it("without a valid token the playlist and a segment are 403: forged, for another video, or expired", async () => {
    const forged = "zzzzzz.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (const f of ["master.m3u8", "360p/index.m3u8", "240p/seg_0000.ts", "poster.jpg"]) expect((await getFile(ACME, videoId, forged, f)).status).toBe(403);
    const other = playbackToken(previewVideoId);
    expect((await getFile(ACME, videoId, other, "master.m3u8")).status).toBe(403);
    const expired = playbackToken(videoId, Date.now() - (PLAYBACK_TTL_SECONDS + 5) * 1000);
    expect((await getFile(ACME, videoId, expired, "master.m3u8")).status).toBe(403);
    expect((await getFile(ACME, videoId, expired, "240p/seg_0000.ts")).status).toBe(403);
  });

  it("Beta cannot see Acme's video: no token for Beta's team, and nothing on Beta's host even with a token", async () => {
    expect((await getToken(APP, videoId, cookies.betaOwnerApp)).status).toBe(403);
    expect((await getToken(BETA, videoId)).status).toBe(404);
    expect((await getFile(BETA, videoId, playbackToken(videoId), "master.m3u8")).status).toBe(404);
  });

  it("a path outside the video's outputs is not served", async () => {
    const t = playbackToken(videoId);
    for (const f of ["../../image/x.png", "source", "master.m3u8.bak", "hls/../../x"]) expect((await getFile(ACME, videoId, t, f)).status).toBe(404);
  });
});

describe("watch progress", () => {
  it("counts seconds watched no faster than the clock allows, resumes from the last position, and completes the lesson at 90%", async () => {
    const site = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
    const scope = siteScopeFor(site);
    const db = await getDb();
    const [student] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, s));
    const base = { userId: student!.id, courseSlug: "watercolor-foundations", lessonId: paidLessonId };
    const r1 = await recordVideoProgress(scope, { ...base, position: 4, watched: 4, now: at(0) });
    expect(r1).toEqual({ secondsWatched: 4, completed: false });
    // Claims 9 s watched one second later: at most 2× speed of the wall clock counts.
    const r2 = await recordVideoProgress(scope, { ...base, position: 5, watched: 9, now: at(1) });
    expect(r2.secondsWatched).toBe(4 + 2);
    const [view] = await db.select().from(videoViews).where(eq(videoViews.lessonId, paidLessonId));
    expect(view).toMatchObject({ lastPositionSeconds: 5, furthestSeconds: 5, durationSeconds: 10 });
    const done = await recordVideoProgress(scope, { ...base, position: 10, watched: 3, now: at(10) });
    expect(done).toEqual({ secondsWatched: 9, completed: true });
    const [p] = await db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.lessonId, paidLessonId), eq(lessonProgress.userId, student!.id)));
    expect(p?.completedAt).toBeTruthy();
  });

  it("reports racing each other cannot each claim the same time", async () => {
    const site = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
    const db = await getDb();
    const [student] = await db.select().from(user).where(eq(user.email, "student@acme.test"));
    await db.delete(videoViews).where(eq(videoViews.lessonId, paidLessonId));
    const base = { userId: student!.id, courseSlug: "watercolor-foundations", lessonId: paidLessonId, position: 1, watched: 3600 };
    const t0 = new Date(Date.UTC(2026, 10, 30, 13, 0, 0));
    await recordVideoProgress(siteScopeFor(site), { ...base, watched: 1, now: t0 });
    const t1 = new Date(t0.getTime() + 1000);
    await Promise.all(Array.from({ length: 20 }, () => recordVideoProgress(siteScopeFor(site), { ...base, now: t1 })));
    const [v] = await db.select().from(videoViews).where(eq(videoViews.lessonId, paidLessonId));
    expect(v!.secondsWatched).toBeLessThanOrEqual(1 + 2);
  });

  it("the last report as the page is left comes by beacon: for this school's signed-in student only", async () => {
    const send = (host: string, cookie: string | null, body: unknown, origin?: string) =>
      beacon(
        new Request(`http://${host}/api/video/progress`, {
          method: "POST",
          headers: { host, "content-type": "text/plain;charset=UTF-8", ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
          body: JSON.stringify(body),
        }),
      );
    const report = { courseSlug: "watercolor-foundations", lessonId: paidLessonId, position: 7, watched: 1 };
    expect((await send(ACME, cookies.student!, report, `http://${ACME}`)).status).toBe(204);
    const db = await getDb();
    const [v] = await db.select().from(videoViews).where(eq(videoViews.lessonId, paidLessonId));
    expect(v!.lastPositionSeconds).toBe(7);
    expect((await send(ACME, null, report)).status).toBe(401);
    expect((await send(ACME, cookies.stranger!, report)).status).toBe(404); // signed in on Acme's site, not enrolled: no such lesson for them
    expect((await send(ACME, cookies.student!, report, "https://evil.example")).status).toBe(403);
    expect((await send(ACME, cookies.student!, report, "null")).status).toBe(403);
    expect((await send(ACME, cookies.student!, { ...report, position: -1 })).status).toBe(400);
    expect((await send(BETA, cookies.student!, report)).status).toBe(401); // sessions are per host
  });

  it("is refused for a lesson the student cannot open, and keeps nothing for a visitor's free preview", async () => {
    const site = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
    const db = await getDb();
    const [stranger] = await db.select().from(user).where(eq(user.email, "owner@beta.test"));
    await expect(
      recordVideoProgress(siteScopeFor(site), { userId: stranger!.id, courseSlug: "watercolor-foundations", lessonId: paidLessonId, position: 1, watched: 1 }),
    ).rejects.toThrow(/not found/i);
  });
});
