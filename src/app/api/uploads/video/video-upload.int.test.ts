import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createLesson } from "@/db/queries/lessons";
import { courseModules, courses, creators, jobEvents, lessons, mediaAssets, usageEvents } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { findUserByEmail } from "@/db/queries/users";
import { getStorage } from "@/lib/storage";
import { abortStaleUploads } from "@/inngest/functions/abort-stale-uploads";
import { drainJobs, signIn } from "../../../../../test/helpers";
import { makeClip } from "../../../../../test/video";
import { partCountFor, partSizeFor } from "@/lib/video/parts";

const { POST } = await import("./route");
const { PUT: putPartRoute } = await import("../../storage/parts/[uploadId]/[part]/route");

/**
 * The direct-upload protocol end to end on the embedded default (local-disk driver): the browser's calls
 * (create, sign, list, complete, abort) through the route, the parts PUT to their signed URLs, the checks
 * on completion, the pipeline starting, and who may do any of it.
 */
const APP = "app.localhost:3000";
const MiB = 1024 * 1024;
type Json = Record<string, unknown> & { error?: string };

async function call(cookie: string | null, org: string, body: unknown, extra: Record<string, string> = {}) {
  const res = await POST(
    new Request(`http://${APP}/api/uploads/video?org=${org}`, {
      method: "POST",
      headers: { host: APP, "content-type": "application/json", ...(cookie ? { cookie } : {}), ...extra },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as Json };
}
async function putPart(url: string, body: Uint8Array<ArrayBuffer>) {
  const m = /^\/api\/storage\/parts\/([^/]+)\/([^/?]+)/.exec(url)!;
  return putPartRoute(new Request(`http://${APP}${url}`, { method: "PUT", body }), { params: Promise.resolve({ uploadId: m[1]!, part: m[2]! }) });
}
/** Upload `file` in its parts the way Uppy does: sign, PUT each part, collect ETags. */
async function sendParts(cookie: string, org: string, up: { key: string; uploadId: string }, file: Uint8Array<ArrayBuffer>) {
  const partSize = partSizeFor(file.byteLength);
  const count = partCountFor(file.byteLength);
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const signed = await call(cookie, org, { op: "sign", ...up, partNumbers: numbers });
  expect(signed.status).toBe(200);
  const parts = [];
  for (const n of numbers) {
    const res = await putPart((signed.json.urls as Record<string, string>)[n]!, file.slice((n - 1) * partSize, n * partSize));
    expect(res.status).toBe(200);
    parts.push({ PartNumber: n, ETag: res.headers.get("etag")! });
  }
  return parts;
}

let owner = "";
let editor = "";
let betaOwner = "";
let student = "";
let acmeId = "";
let lessonId = "";
let clip: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  await seedDemo();
  [owner, editor, betaOwner, student] = (await Promise.all(
    ["owner@acme.test", "editor@acme.test", "owner@beta.test", "student@acme.test"].map((e) => signIn(APP, e)),
  )) as [string, string, string, string];
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  acmeId = acme!.id;
  const [mod] = await db
    .select({ id: courseModules.id })
    .from(courseModules)
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(eq(courses.creatorId, acmeId))
    .limit(1);
  const ownerUser = await findUserByEmail("owner@acme.test");
  const lesson = await createLesson(systemScope(acmeId), { actorUserId: ownerUser!.id, moduleId: mod!.id, title: "Upload test video", type: "video" });
  lessonId = lesson.id;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-upload-"));
  clip = new Uint8Array(await fs.readFile(await makeClip({ dir, width: 320, height: 240, seconds: 2 })));
});

describe("direct video uploads", () => {
  it("goes up in parts, resumes from the parts the storage has, completes into the lesson and starts the pipeline", async () => {
    // An 8 MiB + rest file (two parts) whose first bytes are the clip's (what is checked on completion).
    const file = new Uint8Array(8 * MiB + 200_000);
    file.set(clip.subarray(0, Math.min(clip.byteLength, file.byteLength)));
    const created = await call(editor, "acme", { op: "create", filename: "Lesson 1.MP4", size: file.byteLength, type: "video/mp4" });
    expect(created.status).toBe(200);
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    expect(up.key).toMatch(new RegExp(`^${acmeId}/video/[0-9a-f-]{36}\\.mp4$`));
    const db = await getDb();
    const [row] = await db
      .select()
      .from(mediaAssets)
      .where(eq(mediaAssets.id, created.json.assetId as string));
    expect(row).toMatchObject({ status: "uploading", kind: "video", filename: "Lesson 1.MP4", sizeBytes: file.byteLength });

    // Part 1 goes up, then the connection drops: the uploader asks which parts the storage has.
    const signed = await call(editor, "acme", { op: "sign", ...up, partNumbers: [1] });
    const p1 = await putPart((signed.json.urls as Record<string, string>)[1]!, file.slice(0, 8 * MiB));
    const listed = await call(editor, "acme", { op: "list", ...up });
    expect(listed.json.parts).toEqual([{ PartNumber: 1, ETag: p1.headers.get("etag"), Size: 8 * MiB }]);
    // Only the parts the announced size has, each of exactly its length: never more bytes than announced.
    expect((await call(editor, "acme", { op: "sign", ...up, partNumbers: [3] })).json.error).toMatch(/no part 3/);
    const signed2 = await call(editor, "acme", { op: "sign", ...up, partNumbers: [2] });
    expect((await putPart((signed2.json.urls as Record<string, string>)[2]!, new Uint8Array(8 * MiB))).status).toBe(400);
    const p2 = await putPart((signed2.json.urls as Record<string, string>)[2]!, file.slice(8 * MiB));

    const done = await call(editor, "acme", {
      op: "complete",
      ...up,
      lessonId,
      parts: [
        { PartNumber: 2, ETag: p2.headers.get("etag") },
        { PartNumber: 1, ETag: p1.headers.get("etag") },
      ],
    });
    expect(done.status, done.json.error).toBe(200);
    const [after] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, row!.id));
    expect(after).toMatchObject({ status: "processing", uploadId: null, contentType: "video/mp4", sizeBytes: file.byteLength });
    expect(await getStorage().head(up.key)).toEqual({ size: file.byteLength });
    const [l] = await db.select({ mediaAssetId: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, lessonId));
    expect(l!.mediaAssetId).toBe(row!.id);
    const events = await db
      .select()
      .from(jobEvents)
      .where(and(eq(jobEvents.name, "media/video.uploaded"), sql`${jobEvents.data}->>'mediaAssetId' = ${row!.id}`));
    expect(events).toHaveLength(1);
    const usage = await db
      .select()
      .from(usageEvents)
      .where(eq(usageEvents.idempotencyKey, `upload:${row!.id}`));
    expect(usage.map((u) => [u.metric, u.quantity])).toEqual([["storage_bytes", file.byteLength]]);
    // Completing twice does nothing more.
    expect((await call(editor, "acme", { op: "complete", ...up, parts: [{ PartNumber: 1, ETag: p1.headers.get("etag") }] })).status).toBe(404);
    await db.update(mediaAssets).set({ status: "failed" }).where(eq(mediaAssets.id, row!.id)); // not a playable video: keep the pipeline off it
  });

  it("a real clip uploaded this way comes out of the pipeline ready to play", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "clip.mp4", size: clip.byteLength, type: "video/mp4" });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const parts = await sendParts(owner, "acme", up, clip);
    expect((await call(owner, "acme", { op: "complete", ...up, lessonId, parts })).status).toBe(200);
    await drainJobs();
    const db = await getDb();
    const [a] = await db
      .select()
      .from(mediaAssets)
      .where(eq(mediaAssets.id, created.json.assetId as string));
    expect(a).toMatchObject({ status: "ready", progress: 100, durationSeconds: 2 });
    expect(a!.hlsManifestKey).toMatch(/\/hls\/master\.m3u8$/);
  });

  it("a replacement for a lesson's ready video goes in only once it is ready itself (students keep the old one meanwhile)", async () => {
    const db = await getDb();
    const [before] = await db.select({ m: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, lessonId));
    const [current] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, before!.m!));
    expect(current!.status).toBe("ready"); // the clip of the test above
    const created = await call(owner, "acme", { op: "create", filename: "take-2.mp4", size: clip.byteLength });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const parts = await sendParts(owner, "acme", up, clip);
    expect((await call(owner, "acme", { op: "complete", ...up, lessonId, parts })).status).toBe(200);
    const [meanwhile] = await db.select({ m: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, lessonId));
    expect(meanwhile!.m).toBe(current!.id);
    expect(
      (
        await db
          .select()
          .from(mediaAssets)
          .where(eq(mediaAssets.id, created.json.assetId as string))
      )[0]!.pendingLessonId,
    ).toBe(lessonId);
    await drainJobs();
    const [after] = await db.select({ m: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, lessonId));
    expect(after!.m).toBe(created.json.assetId);
    expect(
      (
        await db
          .select()
          .from(mediaAssets)
          .where(eq(mediaAssets.id, created.json.assetId as string))
      )[0]!.pendingLessonId,
    ).toBeNull();
  });

  it("refuses a file that is not a video once its bytes are in, and keeps nothing of it", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n" + "x".repeat(5000));
    const created = await call(owner, "acme", { op: "create", filename: "lecture.mp4", size: pdf.byteLength });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const parts = await sendParts(owner, "acme", up, pdf as Uint8Array<ArrayBuffer>);
    const done = await call(owner, "acme", { op: "complete", ...up, parts });
    expect(done.status).toBe(400);
    expect(done.json.error).toMatch(/not a video/);
    expect(await getStorage().head(up.key)).toBeNull();
    const db = await getDb();
    expect(
      await db
        .select()
        .from(mediaAssets)
        .where(eq(mediaAssets.id, created.json.assetId as string)),
    ).toEqual([]);
  });

  it("refuses what the plan does not take before anything is signed, and names the limit", async () => {
    const big = await call(owner, "acme", { op: "create", filename: "huge.mov", size: 60e9 });
    expect(big.status).toBe(400);
    expect(big.json.error).toMatch(/at most 20 GB on the Pro plan/);
    const notVideo = await call(owner, "acme", { op: "create", filename: "notes.pdf", size: 1000 });
    expect(notVideo.status).toBe(400);
    expect(notVideo.json.error).toMatch(/Upload a video file/);
    const bad = await call(owner, "acme", { op: "sign", key: "x", uploadId: "y", partNumbers: [0] });
    expect(bad.status).toBe(400);
  });

  it("a cancelled upload is aborted in storage and forgotten", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "c.webm", size: 6 * MiB });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    await sendParts(owner, "acme", up, new Uint8Array(6 * MiB));
    expect((await call(owner, "acme", { op: "abort", ...up })).status).toBe(200);
    expect((await call(owner, "acme", { op: "list", ...up })).status).toBe(404);
    await expect(getStorage().listParts(up.key, up.uploadId)).rejects.toThrow();
  });

  it("the scheduled sweep aborts uploads left for a day, and storage uploads nobody recorded", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "left.mp4", size: 6 * MiB });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const orphanKey = `${acmeId}/video/${crypto.randomUUID()}.mp4`;
    const orphan = await getStorage().createMultipart(orphanKey, "video/mp4");
    const fresh = await abortStaleUploads(new Date());
    expect(fresh.aborted).toBe(0);
    const later = await abortStaleUploads(new Date(Date.now() + 25 * 3600_000));
    expect(later.aborted).toBeGreaterThanOrEqual(2);
    await expect(getStorage().listParts(up.key, up.uploadId)).rejects.toThrow();
    await expect(getStorage().listParts(orphanKey, orphan)).rejects.toThrow();
    const db = await getDb();
    expect(
      await db
        .select()
        .from(mediaAssets)
        .where(eq(mediaAssets.id, created.json.assetId as string)),
    ).toEqual([]);
  });
});

describe("completing", () => {
  it("checks the lesson before assembling anything, and a second completion at once finds nothing to do", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "twice.mp4", size: clip.byteLength });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const parts = await sendParts(owner, "acme", up, clip);
    const wrongLesson = await call(owner, "acme", { op: "complete", ...up, lessonId: crypto.randomUUID(), parts });
    expect(wrongLesson.status).toBe(404);
    expect(await getStorage().head(up.key)).toBeNull(); // nothing assembled
    const [a, b] = await Promise.all([call(owner, "acme", { op: "complete", ...up, parts }), call(owner, "acme", { op: "complete", ...up, parts })]);
    expect([a.status, b.status].sort()).toEqual([200, 404]);
    expect(await getStorage().head(up.key)).toEqual({ size: clip.byteLength });
  });

  it("caps the uploads a school has open at once", async () => {
    const db = await getDb();
    const open = await db
      .select()
      .from(mediaAssets)
      .where(and(eq(mediaAssets.creatorId, acmeId), eq(mediaAssets.status, "uploading")));
    for (let i = open.length; i < 10; i++) expect((await call(owner, "acme", { op: "create", filename: `o${i}.mp4`, size: 1000 })).status).toBe(200);
    const over = await call(owner, "acme", { op: "create", filename: "eleventh.mp4", size: 1000 });
    expect(over.status).toBe(409);
    expect(over.json.error).toMatch(/10 uploads in progress/);
    await abortStaleUploads(new Date(Date.now() + 25 * 3600_000));
  });
});

describe("unauthorized-video-upload", () => {
  it("a signed-out visitor, a student, a cross-site page and another school get nothing", async () => {
    const create = { op: "create", filename: "a.mp4", size: 1000 };
    expect((await call(null, "acme", create)).status).toBe(401);
    expect((await call(student, "acme", create)).status).toBe(404);
    expect((await call(betaOwner, "acme", create)).status).toBe(404);
    expect((await call(owner, "acme", create, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("Beta cannot sign, list, complete or abort Acme's upload, even with its key and upload id", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "mine.mp4", size: clip.byteLength });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    for (const body of [
      { op: "sign", ...up, partNumbers: [1] },
      { op: "list", ...up },
      { op: "complete", ...up, parts: [{ PartNumber: 1, ETag: '"x"' }] },
    ])
      expect((await call(betaOwner, "beta", body)).status).toBe(404);
    await call(betaOwner, "beta", { op: "abort", ...up });
    expect((await call(owner, "acme", { op: "list", ...up })).status).toBe(200); // still there
    // A lesson of another school cannot receive the video either.
    const db = await getDb();
    const [betaLesson] = await db
      .select({ id: lessons.id })
      .from(lessons)
      .innerJoin(creators, eq(creators.id, lessons.creatorId))
      .where(eq(creators.slug, "beta"))
      .limit(1);
    const parts = await sendParts(owner, "acme", up, clip);
    const done = await call(owner, "acme", { op: "complete", ...up, lessonId: betaLesson!.id, parts });
    expect(done.status).toBe(404);
    expect((await db.select({ m: lessons.mediaAssetId }).from(lessons).where(eq(lessons.id, betaLesson!.id)))[0]!.m).toBeNull();
  });

  it("a part URL is bound to its upload, its part and its length", async () => {
    const created = await call(owner, "acme", { op: "create", filename: "p.mp4", size: 10 });
    const up = { key: created.json.key as string, uploadId: created.json.uploadId as string };
    const url = ((await call(owner, "acme", { op: "sign", ...up, partNumbers: [1] })).json.urls as Record<string, string>)[1]!;
    expect((await putPart(url.replace("/1?", "/2?"), new Uint8Array(10))).status).toBe(403);
    expect((await putPart(url.replace(/token=[^&]+/, "token=0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), new Uint8Array(10))).status).toBe(403);
    expect((await putPart(url, new Uint8Array(11))).status).toBe(400); // not the signed length
    expect((await putPart(url, new Uint8Array(10))).status).toBe(200);
  });
});
