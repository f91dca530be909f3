import { activeUploadIds, dropVideoUpload, markVideoFailed, staleVideoUploads } from "@/db/queries/media";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { getStorage } from "@/lib/storage";
import { STALE_UPLOAD_MS } from "@/lib/video/upload";
import { inngest } from "../client";

/**
 * The scheduled sweep: uploads with no activity for a day are aborted in storage and their records
 * dropped; multipart uploads the storage still holds with no record (a crash between the two) too.
 */
export async function abortStaleUploads(now = new Date()): Promise<{ aborted: number }> {
  const before = new Date(now.getTime() - STALE_UPLOAD_MS);
  const storage = getStorage();
  let aborted = 0;
  for (const u of await staleVideoUploads(before)) {
    if (u.storageKey && u.uploadId) await storage.abortMultipart(u.storageKey, u.uploadId);
    if (u.uploadId) await dropVideoUpload(systemScope(u.creatorId), { id: u.id, uploadId: u.uploadId });
    else await markVideoFailed(systemScope(u.creatorId), u.id, "The upload was not finished.");
    aborted++;
  }
  const orphans = await storage.staleMultipartUploads(before);
  const active = await activeUploadIds(orphans.map((u) => u.uploadId));
  for (const u of orphans) {
    if (active.has(u.uploadId)) continue; // a long upload still being sent
    await storage.abortMultipart(u.key, u.uploadId);
    aborted++;
  }
  if (aborted) logger.info("uploads.stale_aborted", { aborted });
  return { aborted };
}

/** Every hour: direct uploads left unfinished for a day are aborted in storage (their parts freed) and their records dropped. */
export const abortStaleUploadsFunction = inngest.createFunction(
  { id: "abort-stale-uploads", name: "Abort abandoned uploads", triggers: [{ cron: "17 * * * *" }], retries: 3 },
  async ({ step }) => step.run("abort", () => abortStaleUploads(new Date())),
);
