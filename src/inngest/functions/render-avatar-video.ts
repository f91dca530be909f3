import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { NonRetriableError } from "inngest";
import {
  claimClips,
  claimClipSubmit,
  failUnfinishedClips,
  findAvatarRender,
  findClip,
  findLessonTitle,
  makeAvatarLesson,
  markClipFailed,
  markClipReady,
  setClipSubmitted,
  setRenderStatus,
  settleAvatarRender,
  type AvatarClip,
} from "@/db/queries/avatar-renders";
import { findMediaAsset, putVideoCaption } from "@/db/queries/media";
import { recordUsage } from "@/db/queries/usage";
import { beginVideoUpload, dropVideoUpload, finishVideoUpload } from "@/db/queries/video-uploads";
import { systemScope, type TenantScope } from "@/db/scope";
import { AvatarError } from "@/lib/avatar/errors";
import { avatarSetup, rendererFor, type RendererId } from "@/lib/avatar/renderer";
import { renderCredits, scenesToVtt } from "@/lib/avatar/scenes";
import { stitchClips } from "@/lib/avatar/stitch";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { getStorage, hlsKey, isStorageError, storageKey } from "@/lib/storage";
import { CAPTION_LANG } from "@/lib/video/captions";
import { probeVideo } from "@/lib/video/hls";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * A creator asked for an avatar video of a lesson (credits held for the scenes to render). Each scene is
 * a clip of its own, kept by the hash of what makes it: clips this school already has are reused, the
 * others are submitted to HeyGen (one `video_inputs` entry each) and waited for — HeyGen's signed webhook
 * (`avatar/clip.finished`) wakes the wait; without it, or when it does not come, HeyGen is asked for the
 * status at intervals until the deadline. Finished clips are streamed into storage; the clips are stitched
 * (ffmpeg concat) into the lesson's video, which goes through the HLS pipeline with captions timed by scene.
 * Credits: what the new clips' real length costs is taken, the rest of the hold released. On failure or
 * timeout the render says why, and only clips already fetched (kept for the next render) are paid for.
 */
const workDir = (renderId: string) => path.resolve(env().DATA_DIR, "work", "avatar", renderId);
const clipKey = (creatorId: string, clipId: string) => storageKey({ creatorId, kind: "video", id: clipId, filename: "clip.mp4" });
const MAX_CLIP_BYTES = 2e9;

type Check = { state: "waiting" | "completed" | "ready" | "failed"; message?: string; now: number };

/** Where a clip is: from our record, and — for a clip this render makes that is still rendering — from the renderer. */
async function checkClip(scope: TenantScope, o: { clipId: string; renderId: string; renderer: RendererId }): Promise<Check> {
  const clip = await findClip(scope, o.clipId);
  const now = Date.now();
  if (!clip) return { state: "failed", message: "The scene's clip is gone.", now };
  if (clip.status === "ready") return { state: "ready", now };
  if (clip.status === "failed") return { state: "failed", message: clip.error ?? "HeyGen could not render this scene.", now };
  if (clip.renderId !== o.renderId || !clip.providerVideoId) return { state: "waiting", now };
  if (clip.status === "rendered") return { state: "completed", now };
  const s = await rendererFor(o.renderer).status(clip.providerVideoId);
  if (s.state === "failed") {
    await markClipFailed(scope, { clipId: clip.id, renderId: o.renderId, error: s.message });
    return { state: "failed", message: s.message, now };
  }
  return { state: s.state === "completed" ? "completed" : "waiting", now };
}

/** Stream a finished clip from the renderer into storage (through this machine's disk, to measure it). */
async function fetchClip(scope: TenantScope, o: { clip: AvatarClip; renderId: string; renderer: RendererId }): Promise<number> {
  const dir = workDir(o.renderId);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${o.clip.id}.mp4`);
  const body = await rendererFor(o.renderer).download(o.clip.providerVideoId!);
  let bytes = 0;
  body.on("data", (c: Buffer) => {
    bytes += c.length;
    if (bytes > MAX_CLIP_BYTES) body.destroy(new AvatarError("unavailable", "The scene's file is larger than a scene can be."));
  });
  await pipeline(body, createWriteStream(file));
  const info = await probeVideo(file);
  const key = clipKey(scope.creatorId, o.clip.id);
  const { createReadStream } = await import("node:fs");
  const size = await getStorage().putStream(key, createReadStream(file), { contentType: "video/mp4", maxBytes: MAX_CLIP_BYTES });
  const seconds = info.durationSeconds;
  await markClipReady(scope, {
    clipId: o.clip.id,
    renderId: o.renderId,
    storageKey: key,
    durationMs: Math.round(seconds * 1000),
    credits: renderCredits(seconds, env().AVATAR_CREDITS_PER_MINUTE),
  });
  await recordUsage(scope, { metric: "storage_bytes", quantity: size, key: `avatar-clip:${o.clip.id}` });
  return seconds;
}

/** A clip from storage to this machine's disk (the stitch step may run on another machine than the fetch). */
async function localClip(clip: AvatarClip, dir: string): Promise<string> {
  const file = path.join(dir, `${clip.id}.mp4`);
  if (
    await fs.stat(file).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return file;
  const obj = clip.storageKey ? await getStorage().get(clip.storageKey) : null;
  if (!obj) throw new NonRetriableError("A scene's clip is no longer in storage. Render again.");
  await fs.mkdir(dir, { recursive: true });
  await pipeline(Readable.fromWeb(obj.body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(`${file}.part`));
  await fs.rename(`${file}.part`, file);
  return file;
}

const failWith = (err: unknown) => {
  if (err instanceof AvatarError && !err.retryable) return new NonRetriableError(err.message);
  if (err instanceof DomainError || isStorageError(err)) return new NonRetriableError(err.message);
  return err;
};

export const renderAvatarVideoFunction = inngest.createFunction(
  {
    id: "render-avatar-video",
    name: "Avatar video: render the scenes, stitch and attach",
    triggers: [{ event: "avatar/render.requested" }],
    concurrency: [{ key: "event.data.creatorId", limit: 2 }],
    idempotency: "event.data.renderId",
    retries: 3,
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"avatar/render.requested"> } }).event.data;
      // Our own words (a refusal, a timeout, a limit) are shown as they are; anything else is not the creator's to read.
      const error = (event.data as { error?: { name?: string; message?: string } }).error;
      const message =
        error?.message && (error.name === "NonRetriableError" || error.name === "AvatarError")
          ? error.message
          : "The render failed because of an error on our side. Scenes already rendered are kept; render again.";
      const scope = systemScope(d.creatorId);
      await step.run("mark-failed", async () => {
        await failUnfinishedClips(scope, { renderId: d.renderId, error: message });
        await setRenderStatus(scope, d.renderId, { status: "failed", error: message });
      });
      await step.run("settle", () => settleAvatarRender(scope, d.renderId));
      await step.run("clean-up", () => fs.rm(workDir(d.renderId), { recursive: true, force: true }));
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"avatar/render.requested">;
    const scope = systemScope(d.creatorId);
    const e = env();
    const timeoutMs = e.AVATAR_RENDER_TIMEOUT_SECONDS * 1000;
    const webhookWait = avatarSetup(e).webhooks ? Math.min(900, Math.ceil(e.AVATAR_RENDER_TIMEOUT_SECONDS / 2)) : 0;
    const pollEvery = Math.min(60, Math.max(1, Math.round(e.AVATAR_RENDER_TIMEOUT_SECONDS / 40)));

    const plan = await step.run("plan", async () => {
      const render = await findAvatarRender(scope, d.renderId);
      if (!render || render.status !== "rendering") throw new NonRetriableError("No such render in progress.");
      const clips = await claimClips(scope, { renderId: render.id, renderer: render.renderer, hashes: render.scenes.map((s) => s.hash) });
      return {
        renderer: render.renderer as RendererId,
        clips: clips.map((c) => ({ id: c.id, mine: c.renderId === render.id && c.status !== "ready", ready: c.status === "ready" })),
      };
    });
    const distinct = plan.clips.filter((c, i) => plan.clips.findIndex((x) => x.id === c.id) === i);

    // Submit every scene this render makes (each its own step: a retry never submits a scene twice).
    for (const [i, c] of distinct.entries()) {
      if (!c.mine) continue;
      await step.run(`submit-${i}`, async () => {
        const clip = await claimClipSubmit(scope, { clipId: c.id, renderId: d.renderId });
        if (!clip) return "submitted before";
        const render = (await findAvatarRender(scope, d.renderId))!;
        const scene = render.scenes.find((s) => s.hash === clip.hash)!;
        try {
          const id = await rendererFor(plan.renderer).submit(
            { text: scene.text, avatarId: render.avatarId, voiceId: render.voiceId, background: render.background },
            // Each attempt at a clip has its own idempotency key (a clip made again after failing is a new request).
            { callbackId: clip.id, idempotencyKey: `${clip.id}-${clip.attempt}`, title: `Courseforge scene ${clip.id}` },
          );
          await setClipSubmitted(scope, { clipId: clip.id, providerVideoId: id });
          return id;
        } catch (err) {
          if (err instanceof AvatarError && !err.retryable) await markClipFailed(scope, { clipId: clip.id, renderId: d.renderId, error: err.message });
          throw failWith(err);
        }
      });
    }

    // Wait for each clip: the webhook first (when HeyGen sends them), then the status, at intervals, until the deadline.
    for (const [i, c] of distinct.entries()) {
      if (c.ready) continue;
      const started = await step.run(`started-${i}`, () => Date.now());
      const check = () => checkClip(scope, { clipId: c.id, renderId: d.renderId, renderer: plan.renderer });
      let st = await step.run(`check-${i}`, check);
      if (st.state === "waiting" && webhookWait > 0) {
        await step.waitForEvent(`webhook-${i}`, { event: "avatar/clip.finished", timeout: `${webhookWait}s`, if: `async.data.clipId == "${c.id}"` });
        st = await step.run(`check-${i}-after-webhook`, check);
      }
      for (let k = 0; st.state === "waiting"; k++) {
        if (st.now - started > timeoutMs) {
          const within = timeoutMs >= 120_000 ? `${Math.round(timeoutMs / 60_000)} minutes` : `${Math.round(timeoutMs / 1000)} seconds`;
          const message = `HeyGen did not finish scene ${plan.clips.findIndex((x) => x.id === c.id) + 1} within ${within}. Nothing was charged for it; render again.`;
          await step.run(`timed-out-${i}`, () => markClipFailed(scope, { clipId: c.id, renderId: d.renderId, error: message }));
          throw new NonRetriableError(message);
        }
        await step.sleep(`poll-wait-${i}-${k}`, `${pollEvery}s`);
        st = await step.run(`poll-${i}-${k}`, check);
      }
      if (st.state === "failed") throw new NonRetriableError(st.message ?? "HeyGen could not render a scene.");
      if (st.state === "completed")
        await step.run(`fetch-${i}`, async () => {
          const clip = await findClip(scope, c.id);
          if (!clip || clip.status === "ready") return "fetched before";
          try {
            return await fetchClip(scope, { clip, renderId: d.renderId, renderer: plan.renderer });
          } catch (err) {
            throw failWith(err);
          }
        });
    }

    const stitched = await step.run("stitch", async () => {
      await setRenderStatus(scope, d.renderId, { status: "stitching" });
      const render = (await findAvatarRender(scope, d.renderId))!;
      const existing = await findMediaAsset(scope, render.id);
      if (existing && existing.status !== "uploading") return { seconds: existing.durationSeconds ?? 0 };
      if (existing) await dropVideoUpload(scope, { id: render.id, uploadId: "avatar" });
      const clips = await Promise.all(plan.clips.map((c) => findClip(scope, c.id)));
      if (clips.some((c) => !c || c.status !== "ready")) throw new NonRetriableError("A scene's clip is missing. Render again.");
      const dir = workDir(render.id);
      const inputs: string[] = [];
      for (const c of clips) inputs.push(await localClip(c!, dir));
      const output = path.join(dir, "stitched.mp4");
      const { clipSeconds, seconds } = await stitchClips({ inputs, output });
      const lesson = render.lessonId ? await findLessonTitle(scope, render.lessonId) : null;
      if (!render.lessonId || !lesson) throw new NonRetriableError("The lesson was deleted, so the video was not made.");
      const size = (await fs.stat(output)).size;
      const key = storageKey({ creatorId: scope.creatorId, kind: "video", id: render.id, filename: "avatar.mp4" });
      try {
        await beginVideoUpload(scope, {
          id: render.id,
          filename: `Avatar video: ${lesson.title}.mp4`.slice(0, 200),
          contentType: "video/mp4",
          sizeBytes: size,
          storageKey: key,
          uploadId: "avatar",
        });
        const { createReadStream } = await import("node:fs");
        await getStorage().putStream(key, createReadStream(output), { contentType: "video/mp4", maxBytes: size });
        const vtt = scenesToVtt(render.scenes.map((s, i) => ({ text: s.text, seconds: clipSeconds[i]! })));
        // The script's language is the course's: the track is named for it, as the player's captions menu shows it.
        const lang = CAPTION_LANG.test(lesson.language) ? lesson.language : "en";
        const label = new Intl.DisplayNames(["en"], { type: "language" }).of(lang) ?? lang;
        const file = `captions/${lang}.vtt`;
        await getStorage().put(hlsKey({ creatorId: scope.creatorId, assetId: render.id, file }), new TextEncoder().encode(vtt), "text/vtt");
        const actor = render.requestedByUserId;
        await putVideoCaption(scope, { actorUserId: actor, videoId: render.id, caption: { lang, label, file } });
        // The lesson becomes an avatar video lesson only now, with its video on the way (a refused upload leaves it as it was).
        if (!(await makeAvatarLesson(scope, render.lessonId))) throw new NonRetriableError("The lesson was deleted, so the video was not made.");
        await finishVideoUpload(scope, {
          actorUserId: actor,
          id: render.id,
          uploadId: "avatar",
          sizeBytes: size,
          contentType: "video/mp4",
          lessonId: render.lessonId,
        });
      } catch (err) {
        throw failWith(err);
      }
      await setRenderStatus(scope, d.renderId, { status: "processing", mediaAssetId: render.id });
      await fs.rm(dir, { recursive: true, force: true });
      return { seconds };
    });

    const settled = await step.run("settle", () => settleAvatarRender(scope, d.renderId));

    // The video is processed by the HLS pipeline (process-video); the render is done when it is.
    const processed = await step.waitForEvent("processed", { event: "media/video.processed", timeout: "6h", if: `async.data.mediaAssetId == "${d.renderId}"` });
    await step.run("done", async () => {
      const asset = await findMediaAsset(scope, d.renderId);
      const ok = asset?.status === "ready" || processed?.data.status === "ready";
      if (ok) await setRenderStatus(scope, d.renderId, { status: "ready" });
      else if (asset?.status === "failed") await setRenderStatus(scope, d.renderId, { status: "failed", error: asset.error ?? "Processing the video failed." });
    });
    return { seconds: stitched.seconds, ...settled };
  },
);
