import { z } from "zod";
import { videoForServing } from "@/db/queries/video";
import { resolveHostTenant } from "@/lib/tenant/resolve";
import { PLAYBACK_TTL_SECONDS, playbackToken, requestMayWatch } from "@/lib/video/playback";

/**
 * GET /api/video/<asset>/token — a fresh playback token for the player, decided again for this request's
 * viewer: the school's team on the app host, a viewer of an open lesson that plays it on the school's
 * host. 403 for anyone else; another school's video is not found.
 */
export async function GET(request: Request, { params }: { params: Promise<{ assetId: string }> }): Promise<Response> {
  const { assetId } = await params;
  if (!z.string().uuid().safeParse(assetId).success) return Response.json({ error: "Not found." }, { status: 404 });
  const v = await videoForServing(assetId);
  // On a school's host, another school's video is simply not found (whatever its state).
  const t = await resolveHostTenant(request.headers.get("host"));
  if (!v || (t && t.site.id !== v.creatorId) || v.status !== "ready") return Response.json({ error: "Not found." }, { status: 404 });
  if (!(await requestMayWatch(request, v))) return Response.json({ error: "You do not have access to this video." }, { status: 403 });
  return Response.json({ token: playbackToken(assetId), expiresIn: PLAYBACK_TTL_SECONDS }, { headers: { "cache-control": "private, no-store" } });
}
