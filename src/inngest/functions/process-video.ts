import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createWriteStream } from "node:fs";
import { NonRetriableError } from "inngest";
import { findMediaAsset, markVideoFailed, markVideoReady, setVideoProgress } from "@/db/queries/media";
import { periodUsage, recordUsage } from "@/db/queries/usage";
import { getCreatorOrThrow } from "@/db/queries/tenants";
import { planOf } from "@/lib/platform-billing/plans";
import { systemScope, type TenantScope } from "@/db/scope";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { getStorage, hlsKey } from "@/lib/storage";
import { ladderFor, masterPlaylist, probeVideo, renditionDone, transcodeLadder, type SourceInfo } from "@/lib/video/hls";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * An uploaded video becomes adaptive HLS (src/lib/video/hls.ts): probe; one transcode of the whole ladder
 * with the poster and sprite (one ffmpeg run, the source decoded once); one upload step per rendition (its
 * playlist and segments); the master playlist, poster and sprite; then ready — its duration metered as video minutes and its outputs as stored bytes. Each step is memoized, so a
 * retry after a crash never transcodes or uploads a finished rendition again. One video at a time per
 * machine (ffmpeg already uses every core), at a lowered priority. Progress (percent) is on the asset for
 * the builder; a failure that retries cannot mend (not a video) marks it failed with the reason.
 */
const workRoot = () => path.resolve(env().DATA_DIR, "work", "video");

type Job = { scope: TenantScope; id: string; storageKey: string };

/** The source on this machine's disk (steps may run in another process than the one before): fetched from storage once. */
async function localSource(job: Job): Promise<string> {
  const dir = path.join(workRoot(), job.id);
  const file = path.join(dir, "source");
  if (
    await fs.stat(file).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return file;
  const obj = await getStorage().get(job.storageKey);
  if (!obj) throw new NonRetriableError("The uploaded file is no longer in storage.");
  await fs.mkdir(dir, { recursive: true });
  await pipeline(Readable.fromWeb(obj.body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(`${file}.part`));
  await fs.rename(`${file}.part`, file);
  return file;
}

const TYPES: Record<string, string> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".jpg": "image/jpeg", ".vtt": "text/vtt" };

/** Upload files from the work folder (paths relative to it) under the asset's HLS keys; returns the bytes. */
async function upload(job: Job, outDir: string, files: string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    const body = await fs.readFile(path.join(outDir, file));
    await getStorage().put(hlsKey({ creatorId: job.scope.creatorId, assetId: job.id, file }), body, TYPES[path.extname(file)] ?? "application/octet-stream");
    bytes += body.byteLength;
  }
  return bytes;
}

export const processVideoFunction = inngest.createFunction(
  {
    id: "process-video",
    name: "Transcode an uploaded video to HLS",
    triggers: [{ event: "media/video.uploaded" }],
    retries: 3,
    concurrency: { limit: 1 },
    onFailure: async ({ event, step }) => {
      const original = (event.data as { event: { data: EventData<"media/video.uploaded"> }; error: { message: string } }).event.data;
      const message = (event.data as { error?: { message?: string } }).error?.message ?? "Processing failed.";
      await step.run("mark-failed", () => markVideoFailed(systemScope(original.creatorId), original.mediaAssetId, message));
      // A failed video no longer counts against storage, so nothing of it stays: the source, any outputs, the work folder.
      // What is deleted comes from the school's own record, never from the event.
      await step.run("clean-up", async () => {
        const scope = systemScope(original.creatorId);
        const asset = await findMediaAsset(scope, original.mediaAssetId);
        if (!asset || asset.kind !== "video" || asset.status !== "failed") return;
        if (asset.storageKey) await getStorage().delete(asset.storageKey);
        await getStorage().deletePrefix(`${scope.creatorId}/video/${asset.id}/hls/`);
        await fs.rm(path.join(workRoot(), asset.id), { recursive: true, force: true });
      });
      await step.sendEvent("processed", {
        name: "media/video.processed",
        data: { creatorId: original.creatorId, mediaAssetId: original.mediaAssetId, status: "failed" },
      });
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"media/video.uploaded">;
    const job: Job = { scope: systemScope(d.creatorId), id: d.mediaAssetId, storageKey: d.storageKey };
    const outDir = path.join(workRoot(), job.id, "hls");

    const source = await step.run("probe", async (): Promise<SourceInfo> => {
      const asset = await findMediaAsset(job.scope, job.id);
      if (!asset || asset.kind !== "video") throw new NonRetriableError("No such video.");
      try {
        const info = await probeVideo(await localSource(job));
        // The plan's limits: the longest video, and the minutes a month it processes.
        const plan = planOf((await getCreatorOrThrow(job.scope)).plan);
        const minutes = Math.max(1, Math.ceil(info.durationSeconds / 60));
        if (info.durationSeconds > plan.limits.videoMaxMinutes * 60)
          throw new DomainError(
            "invalid",
            `Videos can be at most ${plan.limits.videoMaxMinutes} minutes long on the ${plan.name} plan (this one is ${minutes}).`,
          );
        const monthly = plan.limits.videoMinutesPerMonth;
        if (monthly !== null && (await periodUsage(job.scope)).video_minutes + minutes > monthly)
          throw new DomainError(
            "invalid",
            `This ${minutes}-minute video would go past the ${monthly.toLocaleString("en-US")} video minutes a month of the ${plan.name} plan. Upgrade, or upload it next month.`,
          );
        await setVideoProgress(job.scope, job.id, { progress: 0, durationSeconds: Math.round(info.durationSeconds) });
        return info;
      } catch (err) {
        if (err instanceof DomainError) throw new NonRetriableError(err.message);
        throw err;
      }
    });

    const renditions = ladderFor(source);
    const has = (f: string) =>
      fs.stat(path.join(outDir, f)).then(
        () => true,
        () => false,
      );

    // One ffmpeg run for the whole ladder, the poster and the sprite: the source is decoded once.
    await step.run("transcode", async () => {
      const pending: typeof renditions = [];
      for (const r of renditions) if (!(await renditionDone(outDir, r))) pending.push(r);
      const extras = !(await has("poster.jpg")) || !(await has("sprite.jpg")) || !(await has("thumbnails.vtt"));
      let last = -1;
      await transcodeLadder({
        input: await localSource(job),
        outDir,
        renditions: pending,
        source,
        extras,
        onProgress: (f) => {
          const pct = Math.floor(f * 95);
          if (pct >= last + 5) {
            last = pct;
            void setVideoProgress(job.scope, job.id, { progress: pct });
          }
        },
      });
      return { transcoded: pending.map((r) => r.name) };
    });

    // One upload step per rendition: a retry never uploads a finished rendition again. (A step that runs on
    // another machine than the transcode makes its rendition again first.)
    let outputBytes = 0;
    for (const r of renditions) {
      outputBytes += await step.run(`rendition-${r.name}`, async () => {
        if (!(await renditionDone(outDir, r))) await transcodeLadder({ input: await localSource(job), outDir, renditions: [r], source });
        const files = (await fs.readdir(path.join(outDir, r.name))).sort().map((f) => `${r.name}/${f}`);
        return upload(job, outDir, files);
      });
    }

    outputBytes += await step.run("poster-and-playlist", async () => {
      await fs.mkdir(outDir, { recursive: true });
      if (!(await has("poster.jpg")) || !(await has("sprite.jpg")) || !(await has("thumbnails.vtt")))
        await transcodeLadder({ input: await localSource(job), outDir, renditions: [], source, extras: true });
      await fs.writeFile(path.join(outDir, "master.m3u8"), masterPlaylist(renditions, { hasAudio: source.hasAudio }));
      return upload(job, outDir, ["poster.jpg", "sprite.jpg", "thumbnails.vtt", "master.m3u8"]);
    });

    await step.run("ready", async () => {
      const seconds = Math.round(source.durationSeconds);
      await markVideoReady(job.scope, job.id, {
        hlsManifestKey: hlsKey({ creatorId: job.scope.creatorId, assetId: job.id, file: "master.m3u8" }),
        durationSeconds: seconds,
        outputBytes,
      });
      await recordUsage(job.scope, { metric: "video_minutes", quantity: Math.max(1, Math.ceil(seconds / 60)), key: `video:${job.id}` });
      await recordUsage(job.scope, { metric: "storage_bytes", quantity: outputBytes, key: `hls:${job.id}` });
      await fs.rm(path.join(workRoot(), job.id), { recursive: true, force: true });
    });
    await step.sendEvent("processed", { name: "media/video.processed", data: { creatorId: d.creatorId, mediaAssetId: d.mediaAssetId, status: "ready" } });
    return { renditions: renditions.map((r) => r.name), outputBytes };
  },
);
