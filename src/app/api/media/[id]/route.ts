import { z } from "zod";
import { findMediaForServing, studentMayDownload } from "@/db/queries/media";
import { memberRoleById } from "@/db/queries/members";
import { systemScope } from "@/db/scope";
import { sessionForRequest } from "@/lib/auth/session";
import { getStorage } from "@/lib/storage";

/**
 * GET an uploaded object. Images (lesson pictures, covers) are public by their unguessable id, like a
 * CDN URL. Files (download lessons) need a signed-in member of the school, or an active student
 * enrolled in a published course whose published lesson lists the file (any of the school's students
 * for a free-preview lesson); they are always sent as attachments. Nothing is served with a type a browser would run.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) return new Response("Not found", { status: 404 });
  const m = await findMediaForServing(id);
  if (!m || !m.storageKey || m.status !== "ready") return new Response("Not found", { status: 404 });
  if (m.kind !== "image") {
    const session = await sessionForRequest(request.headers);
    if (!session) return new Response("Sign in to download this file", { status: 401 });
    const allowed = (await memberRoleById(m.creatorId, session.user.id)) !== null || (await studentMayDownload(systemScope(m.creatorId), session.user.id, m.id));
    if (!allowed) return new Response("Not found", { status: 404 });
  }
  const obj = await getStorage().get(m.storageKey);
  if (!obj) return new Response("Not found", { status: 404 });
  const headers = new Headers({
    "content-type": m.kind === "image" ? m.contentType : "application/octet-stream",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": m.kind === "image" ? "public, max-age=31536000, immutable" : "private, no-store",
    "content-disposition": `${m.kind === "image" ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(m.filename)}`,
  });
  if (obj.size !== null) headers.set("content-length", String(obj.size));
  return new Response(obj.body, { headers });
}
