import { markVideoFailed } from "@/db/queries/media";
import { activeUploadIds, dropVideoUpload, staleVideoUploads } from "@/db/queries/video-uploads";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { getStorage, isSafeKey } from "@/lib/storage";
import { MAX_UPLOAD_AGE_MS, STALE_UPLOAD_MS } from "@/lib/video/upload";
import { inngest } from "../client";

/**
 * The scheduled sweep: uploads with no activity for a day are aborted in storage and their records
 * dropped; multipart uploads the storage still holds with no record (a crash between the two) too.
 */
export async function abortStaleUploads(now = new Date()): Promise<{ aborted: number }> {
  const idleSince = new Date(now.getTime() - STALE_UPLOAD_MS);
  const startedBefore = new Date(now.getTime() - MAX_UPLOAD_AGE_MS);
  const storage = getStorage();
  let aborted = 0;
  for (;;) {
    const batch = await staleVideoUploads({ idleSince, startedBefore, limit: 200 });
    for (const u of batch) {
      const scope = systemScope(u.creatorId);
      try {
        if (u.storageKey && u.uploadId) {
          // A completion that never finished (a crash) may have left the object: it goes too.
          await storage.abortMultipart(u.storageKey, u.uploadId.replace(/#completing$/, ""));
          if (u.uploadId.endsWith("#completing")) await storage.delete(u.storageKey);
        }
        if (u.uploadId) await dropVideoUpload(scope, { id: u.id, uploadId: u.uploadId });
        else await markVideoFailed(scope, u.id, "The upload was not finished.");
        aborted++;
      } catch (err) {
        logger.error("uploads.abort_failed", { asset: u.id, error: err instanceof Error ? err.message : String(err) });
        await markVideoFailed(scope, u.id, "The upload was not finished.").catch(() => {});
      }
    }
    if (batch.length < 200) break;
  }
  const orphans = (await storage.staleMultipartUploads(idleSince)).filter((u) => isSafeKey(u.key)); // not ours: left alone
  const active = await activeUploadIds(orphans.map((u) => u.uploadId));
  for (const u of orphans) {
    if (active.has(u.uploadId)) continue; // a long upload still being sent
    try {
      await storage.abortMultipart(u.key, u.uploadId);
      aborted++;
    } catch (err) {
      logger.error("uploads.abort_failed", { key: u.key, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (aborted) logger.info("uploads.stale_aborted", { aborted });
  return { aborted };
}

/** Every hour: direct uploads left unfinished for a day are aborted in storage (their parts freed) and their records dropped. */
export const abortStaleUploadsFunction = inngest.createFunction(
  { id: "abort-stale-uploads", name: "Abort abandoned uploads", triggers: [{ cron: "17 * * * *" }], retries: 3 },
  async ({ step }) => step.run("abort", () => abortStaleUploads(new Date())),
);
