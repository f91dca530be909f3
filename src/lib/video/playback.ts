import "server-only";
import type { PlayableVideo } from "@/db/queries/video";
import { viewerMayWatch } from "@/db/queries/video";
import { findMuxConnection } from "@/db/queries/mux";
import type { TenantScope } from "@/db/scope";
import { signedMuxTokens } from "./mux";
import { memberRoleById } from "@/db/queries/members";
import { sessionForRequest } from "@/lib/auth/session";
import { signToken, verifyToken } from "@/lib/crypto/signed-token";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenant/host";
import { resolveHostTenant } from "@/lib/tenant/resolve";

/**
 * Protected playback. A video's playlists and segments are served under `/api/video/<asset>/<token>/…`: the
 * token is bound to the asset and expires (PLAYBACK_TTL_SECONDS); only a page that has decided the viewer
 * may watch (an entitled student, a visitor on a free preview, the school's team) makes one, and the player
 * asks `/api/video/<asset>/token` for a fresh one as it plays, which decides again. Relative URLs in the
 * playlists carry the token to every rendition and segment.
 */
export const PLAYBACK_TTL_SECONDS = 30 * 60;

export function playbackToken(assetId: string, now = Date.now()): string {
  return signToken({ purpose: "video-playback", subject: assetId, ttlSeconds: PLAYBACK_TTL_SECONDS, now });
}

export function playbackTokenValid(assetId: string, token: string): boolean {
  return verifyToken({ purpose: "video-playback", subject: assetId, token });
}

/** The files the playback route serves, all under the asset's own output folder. */
export const PLAYBACK_FILE =
  /^(master\.m3u8|poster\.jpg|sprite\.jpg|thumbnails\.vtt|captions\/[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\.vtt|\d{3,4}p\/(index\.m3u8|seg_\d{4}\.ts))$/;

export type VideoSource = {
  assetId: string;
  /** The master playlist. */
  src: string;
  poster: string | null;
  /** WebVTT map of the scrubbing thumbnails. */
  thumbnails: string | null;
  captions: { lang: string; label: string; src: string }[];
  /** Where the player gets a fresh token as it plays (null: the source does not expire). */
  refresh: string | null;
  durationSeconds: number | null;
};

/**
 * What the player needs to play a ready video, for a viewer the caller has decided may watch it. Null while
 * it is not ready, and for a signed Mux video when the school has not given its signing key.
 */
export async function videoSource(scope: TenantScope, v: PlayableVideo): Promise<VideoSource | null> {
  if (v.status !== "ready") return null;
  const poster = v.posterImageId ? `/api/media/${v.posterImageId}` : null;
  if (v.provider === "mux") {
    if (!v.muxPlaybackId) return null;
    const p = encodeURIComponent(v.muxPlaybackId);
    let tokens: { video: string; thumbnail: string } | null = null;
    if (v.muxSigned) {
      const c = await findMuxConnection(scope);
      tokens = c ? await signedMuxTokens(c, v.muxPlaybackId, PLAYBACK_TTL_SECONDS).catch(() => null) : null;
      if (!tokens) return null;
    }
    return {
      assetId: v.id,
      src: `https://stream.mux.com/${p}.m3u8${tokens ? `?token=${tokens.video}` : ""}`,
      poster: poster ?? `https://image.mux.com/${p}/thumbnail.webp${tokens ? `?token=${tokens.thumbnail}` : ""}`,
      thumbnails: null,
      captions: [],
      refresh: null,
      durationSeconds: v.durationSeconds,
    };
  }
  if (!v.hlsManifestKey) return null;
  const base = `/api/video/${v.id}/${playbackToken(v.id)}`;
  return {
    assetId: v.id,
    src: `${base}/master.m3u8`,
    poster: poster ?? `${base}/poster.jpg`,
    thumbnails: `${base}/thumbnails.vtt`,
    captions: v.captions.map((c) => ({ lang: c.lang, label: c.label, src: `${base}/${c.file}` })),
    refresh: `/api/video/${v.id}/token`,
    durationSeconds: v.durationSeconds,
  };
}

/**
 * May the viewer of this request watch the video? Judged by the host it came to (sessions are per host): on
 * the app host, the school's team; on a school's host, that school's viewer through an open lesson (a
 * visitor too, for a free preview). Another school's video is not found there.
 */
export async function requestMayWatch(request: Request, v: Pick<PlayableVideo, "id" | "creatorId">): Promise<boolean> {
  const host = request.headers.get("host");
  const session = await sessionForRequest(request.headers);
  if (parseHost(host, env().rootHostname).kind === "app") return !!session && (await memberRoleById(v.creatorId, session.user.id)) !== null;
  const t = await resolveHostTenant(host);
  if (!t || t.site.id !== v.creatorId) return false;
  return viewerMayWatch(t.scope, session?.user.id ?? null, v.id);
}
