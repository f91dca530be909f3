import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createMediaAsset } from "@/db/queries/media";
import { periodUsage, recordUsage } from "@/db/queries/usage";
import { creators, jobRuns, jobSteps, mediaAssets, user } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { getStorage, hlsKey, storageKey } from "@/lib/storage";
import { sendEvent } from "../send";
import { drainJobs } from "../../../test/helpers";
import { makeClip } from "../../../test/video";

let acmeId: string;
let ownerId: string;

async function upload(bytes: Uint8Array, filename: string) {
  const scope = systemScope(acmeId);
  const id = crypto.randomUUID();
  const key = storageKey({ creatorId: acmeId, kind: "video", id, filename });
  await getStorage().put(key, bytes, "video/mp4");
  await createMediaAsset(scope, ownerId, { id, kind: "video", filename, contentType: "video/mp4", sizeBytes: bytes.byteLength, storageKey: key });
  // As a finished direct upload leaves it: waiting for processing.
  await (await getDb()).update(mediaAssets).set({ status: "processing", progress: 0 }).where(eq(mediaAssets.id, id));
  return { id, key };
}

async function runOf(eventId: string) {
  const db = await getDb();
  const [run] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.eventId, eventId), eq(jobRuns.functionId, "courseforge-process-video")));
  return run!;
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  acmeId = (await db.select().from(creators).where(eq(creators.slug, "acme")))[0]!.id;
  ownerId = (await db.select().from(user).where(eq(user.email, "owner@acme.test")))[0]!.id;
});

describe("process-video: an uploaded video becomes HLS through the durable function", () => {
  it("probes, transcodes each rendition in a step of its own, uploads under the asset's keys, and marks it ready, metered", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-pv-"));
    const clip = await makeClip({ dir, width: 640, height: 360, seconds: 8 });
    const { id, key } = await upload(await fs.readFile(clip), "lecture.mp4");
    const before = await periodUsage(systemScope(acmeId));

    const { id: eventId } = await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: acmeId, mediaAssetId: id, storageKey: key } });
    await drainJobs();

    const run = await runOf(eventId);
    expect(run.status).toBe("completed");
    const db = await getDb();
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run.id));
    expect(steps.map((s) => s.name).sort()).toEqual(["poster-and-playlist", "probe", "processed", "ready", "rendition-360p", "transcode"].sort());

    const [asset] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, id));
    expect(asset).toMatchObject({
      status: "ready",
      progress: 100,
      durationSeconds: 8,
      hlsManifestKey: hlsKey({ creatorId: acmeId, assetId: id, file: "master.m3u8" }),
    });
    expect(asset!.sizeBytes).toBeGreaterThan((await fs.stat(clip)).size);

    // The outputs are in storage under the asset: the master names the 360p rendition, whose playlist names its segments.
    const read = async (file: string) => {
      const obj = await getStorage().get(hlsKey({ creatorId: acmeId, assetId: id, file }));
      expect(obj, file).not.toBeNull();
      return Buffer.from(await new Response(obj!.body).arrayBuffer());
    };
    expect((await read("master.m3u8")).toString()).toContain("360p/index.m3u8");
    const playlist = (await read("360p/index.m3u8")).toString();
    for (const seg of playlist.match(/seg_\d{4}\.ts/g)!) expect((await read(`360p/${seg}`)).length).toBeGreaterThan(1000);
    expect((await read("poster.jpg")).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await read("thumbnails.vtt")).toString()).toMatch(/^WEBVTT/);

    const after = await periodUsage(systemScope(acmeId));
    expect(after.video_minutes - before.video_minutes).toBe(1);
    expect(after.storage_bytes - before.storage_bytes).toBe(asset!.sizeBytes - (await fs.stat(clip)).size);
    // The work folder is cleaned up.
    await expect(fs.stat(path.resolve(process.env.DATA_DIR ?? ".data", "work", "video", id))).rejects.toThrow();
  }, 180_000);

  it("a file that is not a video fails at once with the reason on the asset, and another school's asset is never touched", async () => {
    const { id, key } = await upload(new TextEncoder().encode("%PDF-1.4\nnot a video\n"), "slides.mp4");
    const { id: eventId } = await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: acmeId, mediaAssetId: id, storageKey: key } });
    await drainJobs();
    expect((await runOf(eventId)).status).toBe("failed");
    const db = await getDb();
    const [asset] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, id));
    expect(asset).toMatchObject({ status: "failed", error: expect.stringMatching(/not a video we can play/) });
    expect(await getStorage().head(key)).toBeNull(); // a failed video keeps nothing (it no longer counts against storage)

    // Beta's id on Acme's event: nothing found, nothing written.
    const [beta] = await db.select().from(creators).where(eq(creators.slug, "beta"));
    const { id: other } = await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: beta!.id, mediaAssetId: id, storageKey: key } });
    await drainJobs();
    expect((await runOf(other)).status).toBe("failed");
    expect((await db.select().from(mediaAssets).where(eq(mediaAssets.id, id)))[0]).toMatchObject({ creatorId: acmeId, status: "failed" });
  }, 120_000);

  it("refuses a video past the plan's video minutes this month, saying so, and keeps nothing of it", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-pv-"));
    const clip = await makeClip({ dir, width: 320, height: 240, seconds: 2 });
    const { id, key } = await upload(await fs.readFile(clip), "one-too-many.mp4");
    const scope = systemScope(acmeId);
    const used = (await periodUsage(scope)).video_minutes;
    await recordUsage(scope, { metric: "video_minutes", quantity: 6000 - used, key: `test-fill-${id}` }); // Pro: 6,000 a month
    await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: acmeId, mediaAssetId: id, storageKey: key } });
    await drainJobs();
    const db = await getDb();
    const [asset] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, id));
    expect(asset).toMatchObject({ status: "failed", error: expect.stringMatching(/past the 6,000 video minutes a month of the Pro plan/) });
    expect(await getStorage().head(key)).toBeNull();
  }, 60_000);
});
