import { z } from "zod";
import { createMediaAsset } from "@/db/queries/media";
import { DomainError } from "@/lib/errors";
import { dashboardRequest, jsonError as fail } from "@/lib/http/dashboard-request";
import { logger } from "@/lib/logger";
import { getStorage, storageKey } from "@/lib/storage";
import { readSingleFile } from "@/lib/storage/multipart";
import { checkUpload, cleanFilename, UPLOAD_LIMITS } from "@/lib/storage/uploads";

/**
 * POST /api/uploads?org=<slug>&kind=image|file with a multipart/form-data body holding `file`, from the
 * dashboard (course builder images, download files, covers). In this order, before the body is read:
 * a session on this host, membership of the school with at least the editor role, the declared size.
 * Then the file is read as it streams, counting bytes (a chunked body declares nothing): past the
 * limit the upload is abandoned with 413. Type checked on the bytes; storage counted against the plan.
 * Answers 201 { id, url, filename, size, contentType }.
 */
const fields = z.object({ org: z.string().min(1).max(64), kind: z.enum(["image", "file"]) });
const MB = 1024 * 1024;

export async function POST(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const guard = await dashboardRequest(request, { org: url.searchParams.get("org"), minRole: "editor" });
  if (!guard.ok) return guard.response;
  const { session, member } = guard;
  const parsed = fields.safeParse({ org: url.searchParams.get("org"), kind: url.searchParams.get("kind") });
  if (!parsed.success) return fail(400, "Say which school and what kind of upload (image or file).");
  const limit = UPLOAD_LIMITS[parsed.data.kind];
  const tooLarge = `${parsed.data.kind === "image" ? "Images" : "Files"} can be at most ${limit / MB} MB.`;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit + MB) return fail(413, tooLarge);
  const upload = await readSingleFile(request, { field: "file", maxBytes: limit, tooLarge });
  if (!upload.ok) return fail(upload.status, upload.message);
  const { bytes, filename: sentName } = upload;
  const check = checkUpload(parsed.data.kind, sentName, bytes);
  if (!check.ok) return fail(check.status, check.message);
  const id = crypto.randomUUID();
  const filename = cleanFilename(sentName);
  const key = storageKey({ creatorId: member.scope.creatorId, kind: parsed.data.kind, id, filename });
  try {
    await getStorage().put(key, bytes, check.contentType);
    const asset = await createMediaAsset(member.scope, session.user.id, {
      id,
      kind: parsed.data.kind,
      filename,
      contentType: check.contentType,
      sizeBytes: bytes.byteLength,
      storageKey: key,
    });
    return Response.json({ id: asset.id, url: `/api/media/${asset.id}`, filename, size: bytes.byteLength, contentType: check.contentType }, { status: 201 });
  } catch (err) {
    await getStorage()
      .delete(key)
      .catch(() => {});
    if (err instanceof DomainError) return fail(err.code === "not_found" ? 404 : 409, err.message);
    logger.error("upload.failed", { error: err instanceof Error ? err.message : String(err) });
    return fail(500, "The upload failed. Please try again.");
  }
}
