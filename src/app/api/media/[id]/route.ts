import { z } from "zod";
import { findMediaForServing, studentMayDownload } from "@/db/queries/media";
import { memberRoleById } from "@/db/queries/members";
import { sessionForRequest } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenant/host";
import { resolveHostTenant } from "@/lib/tenant/resolve";
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
    if (!(await mayDownload(request.headers.get("host"), session.user.id, m))) return new Response("Not found", { status: 404 });
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

/**
 * Who may download a file, judged by the host the request came to (sessions are per host): on the app
 * host, a member of the file's school; on a school's own host, that school's entitled student. The scope
 * comes from the host, as on every page of the school — a file of another school is not found there.
 */
async function mayDownload(host: string | null, userId: string, m: { id: string; creatorId: string }): Promise<boolean> {
  if (parseHost(host, env().rootHostname).kind === "app") return (await memberRoleById(m.creatorId, userId)) !== null;
  const t = await resolveHostTenant(host);
  if (!t || t.site.id !== m.creatorId) return false;
  return studentMayDownload(t.scope, userId, m.id);
}
