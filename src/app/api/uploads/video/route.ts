import { dashboardRequest, jsonError } from "@/lib/http/dashboard-request";
import { readLimited } from "@/lib/http/read-limited";
import { DomainError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { handleVideoUpload, videoUploadRequest } from "@/lib/video/upload";

/**
 * POST /api/uploads/video?org=<slug> — the direct-upload protocol for videos (src/lib/video/upload.ts),
 * one JSON call per step: { op: "create" | "sign" | "list" | "complete" | "abort", … }. The file itself
 * never comes here: parts go straight to storage on the signed URLs this returns. For a team member
 * (editor or above) of the school, from the dashboard.
 */
export async function POST(request: Request): Promise<Response> {
  const guard = await dashboardRequest(request, { org: new URL(request.url).searchParams.get("org"), minRole: "editor" });
  if (!guard.ok) return guard.response;
  const raw = await readLimited(request.body, 1024 * 1024);
  if (!raw) return jsonError(413, "The request is too large.");
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return jsonError(400, "Send JSON.");
  }
  const parsed = videoUploadRequest.safeParse(body);
  if (!parsed.success) return jsonError(400, parsed.error.issues[0]?.message ?? "The request was not understood.");
  try {
    return Response.json(await handleVideoUpload(guard.member.scope, guard.session.user.id, parsed.data));
  } catch (err) {
    if (err instanceof DomainError) return jsonError(err.code === "not_found" ? 404 : err.code === "conflict" ? 409 : 400, err.message);
    logger.error("video_upload.failed", { op: parsed.data.op, error: err instanceof Error ? err.message : String(err) });
    return jsonError(500, "The upload could not continue. Please try again.");
  }
}
