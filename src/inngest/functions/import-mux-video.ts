import { Readable } from "node:stream";
import { NonRetriableError } from "inngest";
import { findMediaAsset } from "@/db/queries/media";
import { dropVideoUpload, finishImportedVideo, reserveImportedVideo, videoUploadLimitBytes } from "@/db/queries/video-uploads";
import { findMuxConnection } from "@/db/queries/mux";
import { systemScope } from "@/db/scope";
import { DomainError } from "@/lib/errors";
import { getStorage, isStorageError, storageKey } from "@/lib/storage";
import { masterUrlAllowed, muxClient } from "@/lib/video/mux";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * Import a Mux video into our own pipeline: ask Mux for temporary access to the master file, wait until it
 * is ready (checked at growing intervals, for up to about two hours), then — its size held against the
 * plan's largest video and the school's storage before a byte is fetched — stream it into storage from
 * Mux's own hosts (every redirect checked) and start processing. The copy names the Mux video it replaces,
 * and takes its place in every lesson once it is ready (markVideoReady). One import at a time per school,
 * one per video a day; a failed import keeps nothing.
 */
const importKey = (creatorId: string, id: string) => storageKey({ creatorId, kind: "video", id, filename: "import.mp4" });

/** Fetch the master file, following at most three redirects, each to a Mux host. */
async function fetchMaster(url: string): Promise<Response> {
  let at = url;
  for (let hop = 0; hop < 4; hop++) {
    if (!masterUrlAllowed(at)) throw new NonRetriableError("The master file's address is not Mux's.");
    const res = await fetch(at, { redirect: "manual", signal: AbortSignal.timeout(2 * 3600_000) });
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      at = new URL(res.headers.get("location")!, at).toString();
      continue;
    }
    if (!res.ok || !res.body) throw new Error(`Mux answered ${res.status} for the master file.`);
    return res;
  }
  throw new NonRetriableError("Too many redirects for the master file.");
}

export const importMuxVideoFunction = inngest.createFunction(
  {
    id: "import-mux-video",
    name: "Import a Mux video",
    triggers: [{ event: "media/mux.import-requested" }],
    retries: 3,
    concurrency: [{ key: "event.data.creatorId", limit: 1 }, { limit: 2 }],
    idempotency: "event.data.mediaAssetId",
    onFailure: async ({ event, step }) => {
      const d = (event.data as { event: { data: EventData<"media/mux.import-requested"> } }).event.data;
      await step.run("clean-up", async () => {
        const scope = systemScope(d.creatorId);
        await getStorage().delete(importKey(d.creatorId, d.newAssetId));
        await dropVideoUpload(scope, { id: d.newAssetId, uploadId: "import" });
      });
    },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"media/mux.import-requested">;
    const scope = systemScope(d.creatorId);
    const muxAssetId = await step.run("request-master", async () => {
      const [asset, conn] = await Promise.all([findMediaAsset(scope, d.mediaAssetId), findMuxConnection(scope)]);
      if (!asset || asset.provider !== "mux" || !asset.muxAssetId) throw new NonRetriableError("Only a Mux video with its asset id can be imported.");
      if (!conn) throw new NonRetriableError("Connect your Mux account in Settings → Video first.");
      await muxClient(conn).video.assets.updateMasterAccess(asset.muxAssetId, { master_access: "temporary" });
      return asset.muxAssetId;
    });

    let url: string | null = null;
    for (let i = 0; i < 60 && !url; i++) {
      url = await step.run(`master-${i}`, async () => {
        const conn = await findMuxConnection(scope);
        if (!conn) throw new NonRetriableError("The Mux account was disconnected.");
        const a = await muxClient(conn).video.assets.retrieve(muxAssetId);
        if (a.master?.status === "errored") throw new NonRetriableError("Mux could not prepare the master file.");
        return a.master?.status === "ready" && a.master.url ? a.master.url : null;
      });
      if (!url) await step.sleep(`wait-${i}`, `${Math.min(120, 15 * 2 ** Math.floor(i / 4))}s`);
    }
    if (!url) throw new NonRetriableError("Mux did not prepare the master file in time.");

    await step.run("download", async () => {
      const existing = await findMediaAsset(scope, d.newAssetId);
      if (existing && existing.status !== "uploading") return; // done before a crash
      const key = importKey(d.creatorId, d.newAssetId);
      try {
        const res = await fetchMaster(url!);
        const announced = Number(res.headers.get("content-length") ?? 0);
        const limit = await videoUploadLimitBytes(scope);
        // Held against the plan before any byte is stored: the announced size, else the largest video allowed.
        const hold = announced > 0 ? announced : limit.bytes;
        await reserveImportedVideo(scope, {
          id: d.newAssetId,
          filename: `Imported from Mux (${muxAssetId}).mp4`,
          sizeBytes: hold,
          storageKey: key,
          replacesVideoId: d.mediaAssetId,
        });
        const size = await getStorage().putStream(key, Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>), {
          contentType: "video/mp4",
          maxBytes: Math.min(hold, limit.bytes),
        });
        await finishImportedVideo(scope, { id: d.newAssetId, sizeBytes: size, storageKey: key });
      } catch (err) {
        await getStorage()
          .delete(key)
          .catch(() => {});
        if (err instanceof DomainError || isStorageError(err)) throw new NonRetriableError(err.message);
        throw err;
      }
    });
    return { imported: true };
  },
);
