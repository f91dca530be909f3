import { Readable } from "node:stream";
import { NonRetriableError } from "inngest";
import { findMediaAsset, recordImportedVideo, replaceVideoInLessons } from "@/db/queries/media";
import { findMuxConnection } from "@/db/queries/mux";
import { systemScope } from "@/db/scope";
import { getStorage, storageKey } from "@/lib/storage";
import { masterUrlAllowed, muxClient } from "@/lib/video/mux";
import { videoUploadLimitBytes } from "@/db/queries/media";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * Import a Mux video into our own pipeline: ask Mux for temporary access to the master file, wait until it
 * is ready (checking every 15 s, for up to an hour), stream it into storage as a new video (the plan's
 * limits apply), let the pipeline process it, and once it is ready put it in every lesson that played the
 * Mux video. Each step is durable: a restart resumes where it stopped.
 */
export const importMuxVideoFunction = inngest.createFunction(
  { id: "import-mux-video", name: "Import a Mux video", triggers: [{ event: "media/mux.import-requested" }], retries: 3, concurrency: { limit: 2 } },
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
    for (let i = 0; i < 240 && !url; i++) {
      url = await step.run(`master-${i}`, async () => {
        const conn = await findMuxConnection(scope);
        if (!conn) throw new NonRetriableError("The Mux account was disconnected.");
        const a = await muxClient(conn).video.assets.retrieve(muxAssetId);
        if (a.master?.status === "errored") throw new NonRetriableError("Mux could not prepare the master file.");
        return a.master?.status === "ready" && a.master.url ? a.master.url : null;
      });
      if (!url) await step.sleep(`wait-${i}`, "15s");
    }
    if (!url) throw new NonRetriableError("Mux did not prepare the master file within an hour.");

    await step.run("download", async () => {
      if (await findMediaAsset(scope, d.newAssetId)) return; // done before a crash
      if (!masterUrlAllowed(url!)) throw new NonRetriableError("The master file's address is not Mux's.");
      const key = storageKey({ creatorId: d.creatorId, kind: "video", id: d.newAssetId, filename: "import.mp4" });
      const res = await fetch(url!);
      if (!res.ok || !res.body) throw new Error(`Mux answered ${res.status} for the master file.`);
      const limit = await videoUploadLimitBytes(scope);
      const size = await getStorage().putStream(key, Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>), {
        contentType: "video/mp4",
        maxBytes: limit.bytes,
      });
      await recordImportedVideo(scope, { id: d.newAssetId, filename: `Imported from Mux (${muxAssetId}).mp4`, sizeBytes: size, storageKey: key });
    });

    const processed = await step.waitForEvent("processed", {
      event: "media/video.processed",
      timeout: "12h",
      if: "async.data.mediaAssetId == event.data.newAssetId",
    });
    if (!processed || (processed.data as { status: string }).status !== "ready") return { imported: false };
    const lessons = await step.run("switch-lessons", () => replaceVideoInLessons(scope, { from: d.mediaAssetId, to: d.newAssetId }));
    return { imported: true, lessons };
  },
);
