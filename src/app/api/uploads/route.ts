import { z } from "zod";
import { createMediaAsset } from "@/db/queries/media";
import { DomainError } from "@/db/queries/tenants";
import { dashboardScope } from "@/db/scope";
import { sessionForRequest } from "@/lib/auth/session";
import { logger } from "@/lib/logger";
import { getStorage, storageKey } from "@/lib/storage";
import { checkUpload, cleanFilename, UPLOAD_LIMITS } from "@/lib/storage/uploads";

/**
 * POST multipart/form-data { org, kind: image|file, file } from the dashboard (course builder images
 * and download files). Members with at least the editor role; size and type checked on the bytes;
 * storage counted against the plan. Answers { id, url, filename, size, contentType }.
 */
const fields = z.object({ org: z.string().min(1).max(64), kind: z.enum(["image", "file"]) });
const fail = (status: number, message: string) => Response.json({ error: message }, { status });

export async function POST(request: Request): Promise<Response> {
  const session = await sessionForRequest(request.headers);
  if (!session) return fail(401, "Please sign in again.");
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > UPLOAD_LIMITS.file + 1024 * 1024) return fail(413, `Files can be at most ${UPLOAD_LIMITS.file / 1024 / 1024} MB.`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, "Send the file as multipart/form-data.");
  }
  const parsed = fields.safeParse({ org: form.get("org"), kind: form.get("kind") });
  if (!parsed.success) return fail(400, "Say which school and what kind of upload (image or file).");
  const file = form.get("file");
  if (!(file instanceof File)) return fail(400, "No file was attached.");
  const member = await dashboardScope(session.user.id, parsed.data.org, "editor");
  if (!member) return fail(404, "School not found.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(parsed.data.kind, file.name, bytes);
  if (!check.ok) return fail(check.status, check.message);
  const id = crypto.randomUUID();
  const filename = cleanFilename(file.name);
  const key = storageKey(member.scope.creatorId, parsed.data.kind, id, filename);
  try {
    await getStorage().put(key, bytes, check.contentType);
    const asset = await createMediaAsset(member.scope, session.user.id, { id, kind: parsed.data.kind, filename, contentType: check.contentType, sizeBytes: bytes.byteLength, storageKey: key });
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
