import { z } from "zod";
import { videoForServing } from "@/db/queries/video";
import { getStorage, hlsKey } from "@/lib/storage";
import { resolveHostTenant } from "@/lib/tenant/resolve";
import { PLAYBACK_FILE, playbackTokenValid } from "@/lib/video/playback";

/**
 * GET /api/video/<asset>/<token>/<file> — a video's master playlist, rendition playlists, segments, poster,
 * thumbnails and captions, for a token bound to this asset that has not expired (403 otherwise, before
 * anything is looked up). Playlists and text come from the app; with R2, segments and images redirect to a
 * one-minute signed URL of the bucket, on local disk they stream from it.
 */
const TYPES: Record<string, string> = { m3u8: "application/vnd.apple.mpegurl", ts: "video/mp2t", jpg: "image/jpeg", vtt: "text/vtt; charset=utf-8" };

export async function GET(request: Request, { params }: { params: Promise<{ assetId: string; token: string; file: string[] }> }): Promise<Response> {
  const { assetId, token, file: parts } = await params;
  const file = parts.join("/");
  if (!z.string().uuid().safeParse(assetId).success || !PLAYBACK_FILE.test(file)) return new Response("Not found", { status: 404 });
  if (!playbackTokenValid(assetId, token)) return new Response("This video link has expired or is not valid.", { status: 403 });
  const v = await videoForServing(assetId);
  if (!v || v.status !== "ready" || v.provider !== "storage" || !v.hlsManifestKey) return new Response("Not found", { status: 404 });
  // On a school's host, only that school's videos (the app host serves the team's previews).
  const t = await resolveHostTenant(request.headers.get("host"));
  if (t && t.site.id !== v.creatorId) return new Response("Not found", { status: 404 });
  const ext = file.split(".").pop()!;
  const key = hlsKey({ creatorId: v.creatorId, assetId, file });
  const storage = getStorage();
  const headers = new Headers({
    "content-type": TYPES[ext]!,
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=600",
    "cross-origin-resource-policy": "same-site",
  });
  if (ext === "ts" || ext === "jpg") {
    const url = await storage.signedGetUrl(key, { expiresIn: 60, contentType: TYPES[ext] });
    if (url) return new Response(null, { status: 302, headers: { location: url, "cache-control": "private, no-store" } });
  }
  const obj = await storage.get(key);
  if (!obj) return new Response("Not found", { status: 404 });
  if (obj.size !== null) headers.set("content-length", String(obj.size));
  return new Response(obj.body, { headers });
}
