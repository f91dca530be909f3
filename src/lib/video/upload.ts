import "server-only";
import { z } from "zod";
import {
  beginVideoUpload,
  claimVideoUpload,
  dropVideoUpload,
  findUploadingVideo,
  finishVideoUpload,
  isVideoLesson,
  openVideoUploads,
  releaseVideoUpload,
  touchVideoUpload,
  videoUploadLimitBytes,
} from "@/db/queries/video-uploads";
import type { TenantScope } from "@/db/scope";
import { DomainError } from "@/lib/errors";
import { getStorage, isStorageError, MAX_PARTS, storageKey } from "@/lib/storage";
import { cleanFilename, sniffVideo, VIDEO_EXTENSIONS } from "@/lib/storage/uploads";
import { partLength } from "./parts";

/**
 * Direct, resumable video uploads: the browser (Uppy's S3 multipart plugin) sends the file in parts
 * straight to storage — R2's presigned URLs, or the local driver's signed part route — and the app only
 * starts the upload, signs parts, lists them for a resume, and completes or aborts it. Completing checks
 * the real size and the first bytes (a PDF named .mp4 is refused and deleted), records the asset, puts it
 * in the lesson and starts the HLS pipeline.
 */
export const PART_URL_TTL_SECONDS = 15 * 60;
/** Abandoned uploads (no part signed for this long, or begun this long ago) are aborted by the scheduled sweep. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
export const MAX_UPLOAD_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Uploads a school may have in progress at once. */
export const MAX_OPEN_UPLOADS = 10;

const VIDEO_NAME = new RegExp(`\\.(${VIDEO_EXTENSIONS.join("|")})$`, "i");
const keyOf = z.string().max(300);
const uploadId = z.string().min(1).max(1024);

export const videoUploadRequest = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), filename: z.string().min(1).max(255), size: z.number().int().positive(), type: z.string().max(100).optional() }),
  z.object({ op: z.literal("sign"), key: keyOf, uploadId, partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(100) }),
  z.object({ op: z.literal("list"), key: keyOf, uploadId }),
  z.object({
    op: z.literal("complete"),
    key: keyOf,
    uploadId,
    lessonId: z.string().uuid().nullable().default(null),
    parts: z
      .array(z.object({ PartNumber: z.number().int().min(1).max(MAX_PARTS), ETag: z.string().min(1).max(200) }))
      .min(1)
      .max(MAX_PARTS),
  }),
  z.object({ op: z.literal("abort"), key: keyOf, uploadId }),
]);
export type VideoUploadRequest = z.infer<typeof videoUploadRequest>;

/** The asset named by a key the browser sends back: it must be one of this school's video keys. */
function assetIdOf(scope: TenantScope, key: string): string {
  const m = /^([0-9a-f-]{36})\/video\/([0-9a-f-]{36})\.[a-z0-9]{1,8}$/.exec(key);
  if (!m || m[1] !== scope.creatorId) throw new DomainError("not_found", "Upload not found.");
  return m[2]!;
}

async function uploading(scope: TenantScope, key: string, id: string) {
  const asset = await findUploadingVideo(scope, { id: assetIdOf(scope, key), uploadId: id });
  if (!asset || asset.storageKey !== key)
    throw new DomainError("not_found", "Upload not found. It may have been finished, cancelled or cleaned up; choose the file again.");
  return asset;
}

/** One call of the upload protocol, for a team member (editor or above) of the school. */
export async function handleVideoUpload(scope: TenantScope, actorUserId: string, req: VideoUploadRequest): Promise<Record<string, unknown>> {
  const storage = getStorage();
  switch (req.op) {
    case "create": {
      const filename = cleanFilename(req.filename);
      if (!VIDEO_NAME.test(filename)) throw new DomainError("invalid", `Upload a video file (${VIDEO_EXTENSIONS.join(", ")}).`);
      const limit = await videoUploadLimitBytes(scope);
      if (req.size > limit.bytes) throw new DomainError("invalid", `Videos can be at most ${limit.gb} GB on the ${limit.planName} plan.`);
      if ((await openVideoUploads(scope)) >= MAX_OPEN_UPLOADS)
        throw new DomainError("conflict", `You have ${MAX_OPEN_UPLOADS} uploads in progress. Finish or cancel one before starting another.`);
      const id = crypto.randomUUID();
      const key = storageKey({ creatorId: scope.creatorId, kind: "video", id, filename });
      const contentType = req.type && /^video\/[a-z0-9.+-]+$/i.test(req.type) ? req.type : "application/octet-stream";
      const upload = await storage.createMultipart(key, contentType);
      try {
        await beginVideoUpload(scope, { id, filename, contentType, sizeBytes: req.size, storageKey: key, uploadId: upload });
      } catch (err) {
        await storage.abortMultipart(key, upload).catch(() => {});
        throw err;
      }
      return { key, uploadId: upload, assetId: id };
    }
    case "sign": {
      const asset = await uploading(scope, req.key, req.uploadId);
      await touchVideoUpload(scope, asset.id);
      const urls: Record<number, string> = {};
      for (const n of req.partNumbers) {
        // Only the parts the announced size has, each of its exact length: never more bytes than announced.
        const contentLength = partLength(asset.sizeBytes, n);
        if (contentLength === null) throw new DomainError("invalid", `This upload has no part ${n}.`);
        urls[n] = await storage.partUrl({ key: req.key, uploadId: req.uploadId, partNumber: n, contentLength, expiresIn: PART_URL_TTL_SECONDS });
      }
      return { urls, expires: PART_URL_TTL_SECONDS };
    }
    case "list": {
      await uploading(scope, req.key, req.uploadId);
      const parts = await storage.listParts(req.key, req.uploadId);
      return { parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, Size: p.size })) };
    }
    case "complete": {
      const asset = await uploading(scope, req.key, req.uploadId);
      if (req.lessonId && !(await isVideoLesson(scope, req.lessonId))) throw new DomainError("not_found", "Lesson not found.");
      const claimed = await claimVideoUpload(scope, { id: asset.id, uploadId: req.uploadId });
      if (!claimed) throw new DomainError("not_found", "Upload not found. It may have been finished, cancelled or cleaned up; choose the file again.");
      const parts = [...req.parts].sort((a, b) => a.PartNumber - b.PartNumber).map((p) => ({ partNumber: p.PartNumber, etag: p.ETag }));
      try {
        await storage.completeMultipart(req.key, req.uploadId, parts);
      } catch (err) {
        await releaseVideoUpload(scope, { id: asset.id, uploadId: req.uploadId });
        if (isStorageError(err)) throw new DomainError("invalid", `The upload could not be completed (${err.code}). Please upload the file again.`);
        throw err;
      }
      // From here the object exists: anything but success removes it and the record, so nothing is stored uncounted.
      const refuse = async (message: string): Promise<never> => {
        await storage.delete(req.key).catch(() => {});
        await dropVideoUpload(scope, { id: asset.id, uploadId: claimed });
        throw new DomainError("invalid", message);
      };
      try {
        const head = await storage.head(req.key);
        const limit = await videoUploadLimitBytes(scope);
        if (!head || head.size === 0) return await refuse("The uploaded file is empty.");
        if (head.size > asset.sizeBytes || head.size > limit.bytes)
          return await refuse(`The file is larger than announced or than the ${limit.gb} GB a video can be on the ${limit.planName} plan.`);
        const start = await storage.get(req.key, { start: 0, end: 63 });
        const first = start ? new Uint8Array(await new Response(start.body).arrayBuffer()) : new Uint8Array();
        const kind = sniffVideo(first);
        if (!kind) return await refuse("This file is not a video. Upload an MP4, MOV, WebM, MKV or AVI file.");
        const done = await finishVideoUpload(scope, {
          actorUserId,
          id: asset.id,
          uploadId: claimed,
          sizeBytes: head.size,
          contentType: kind.contentType,
          lessonId: req.lessonId,
        });
        return { assetId: done.id, location: `/api/media/${done.id}` };
      } catch (err) {
        if (err instanceof DomainError && err.code === "invalid") throw err;
        await storage.delete(req.key).catch(() => {});
        await dropVideoUpload(scope, { id: asset.id, uploadId: claimed }).catch(() => {});
        throw err;
      }
    }
    case "abort": {
      const asset = await uploading(scope, req.key, req.uploadId).catch(() => null);
      if (!asset) return {};
      await storage.abortMultipart(req.key, req.uploadId);
      await dropVideoUpload(scope, { id: asset.id, uploadId: req.uploadId });
      return {};
    }
  }
}
