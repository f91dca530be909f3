import "server-only";
import Mux from "@mux/mux-node";
import { env } from "@/lib/env";
import { open } from "@/lib/crypto/seal";
import type { MuxConnectionRow } from "@/db/queries/mux";

/**
 * A school's own Mux account (Settings → Video), through Mux's SDK: checking the credentials, the asset or
 * playback id a creator attaches, signed playback tokens, webhook signatures, and the master file an import
 * downloads. Secrets are sealed at rest and opened only here.
 */
export const SEAL_PURPOSE = "mux-connection";

export function muxClient(c: Pick<MuxConnectionRow, "tokenId" | "tokenSecret">): Mux {
  return new Mux({ tokenId: c.tokenId, tokenSecret: open(c.tokenSecret, SEAL_PURPOSE), baseURL: env().MUX_API_URL, maxRetries: 1, timeout: 15_000 });
}

/** Do these credentials open a Mux environment? (One cheap call.) */
export async function checkMuxCredentials(tokenId: string, tokenSecret: string): Promise<boolean> {
  const mux = new Mux({ tokenId, tokenSecret, baseURL: env().MUX_API_URL, maxRetries: 0, timeout: 15_000 });
  try {
    await mux.video.assets.list({ limit: 1 });
    return true;
  } catch (err) {
    if (err instanceof Mux.AuthenticationError || err instanceof Mux.PermissionDeniedError) return false;
    throw err;
  }
}

export type MuxVideo = { assetId: string; playbackId: string; signed: boolean; status: "processing" | "ready" | "failed"; durationSeconds: number | null };

const statusOf = (s: string | undefined): MuxVideo["status"] => (s === "ready" ? "ready" : s === "errored" ? "failed" : "processing");

/** An asset id or a playback id of the school's Mux account, as Mux knows it (null: not there). */
export async function findMuxVideo(mux: Mux, id: string): Promise<MuxVideo | null> {
  const asset = await mux.video.assets.retrieve(id).catch((err) => {
    if (err instanceof Mux.NotFoundError || err instanceof Mux.BadRequestError) return null;
    throw err;
  });
  let a = asset;
  if (!a) {
    const p = await mux.video.playbackIds.retrieve(id).catch((err) => {
      if (err instanceof Mux.NotFoundError || err instanceof Mux.BadRequestError) return null;
      throw err;
    });
    if (!p || p.object?.type !== "asset" || !p.object.id) return null;
    a = await mux.video.assets.retrieve(p.object.id);
  }
  const ids = a.playback_ids ?? [];
  // The id given if it is a playback id; else a signed one (protects paid lessons), else a public one.
  const chosen = ids.find((p) => p.id === id) ?? ids.find((p) => p.policy === "signed") ?? ids.find((p) => p.policy === "public");
  if (!chosen) return null;
  return {
    assetId: a.id,
    playbackId: chosen.id,
    signed: chosen.policy === "signed",
    status: statusOf(a.status),
    durationSeconds: a.duration ? Math.round(a.duration) : null,
  };
}

/** Does this signing key sign a token (checked when it is given, so a bad key never breaks a lesson page)? */
export async function signingKeyWorks(keyId: string, keySecret: string): Promise<boolean> {
  try {
    const mux = new Mux({ tokenId: "unused", tokenSecret: "unused", baseURL: env().MUX_API_URL });
    return !!(await mux.jwt.signPlaybackId("check", { keyId, keySecret, type: "video", expiration: "1m" }));
  } catch {
    return false;
  }
}

/** A signed-playback token for the player (the stream and its thumbnail), valid as long as our own tokens. */
export async function signedMuxTokens(c: Pick<MuxConnectionRow, "signingKeyId" | "signingKey">, playbackId: string, ttlSeconds: number) {
  if (!c.signingKeyId || !c.signingKey) return null;
  const mux = new Mux({ tokenId: "unused", tokenSecret: "unused", baseURL: env().MUX_API_URL });
  const keySecret = open(c.signingKey, SEAL_PURPOSE);
  const expiration = `${Math.ceil(ttlSeconds / 60)}m`;
  const [video, thumbnail] = await Promise.all([
    mux.jwt.signPlaybackId(playbackId, { keyId: c.signingKeyId, keySecret, type: "video", expiration }),
    mux.jwt.signPlaybackId(playbackId, { keyId: c.signingKeyId, keySecret, type: "thumbnail", expiration }),
  ]);
  return { video, thumbnail };
}

/** Verify a Mux webhook with the school's secret and read it; throws when the signature does not hold. */
export async function unwrapMuxWebhook(body: string, headers: Headers, webhookSecretSealed: string) {
  const mux = new Mux({ tokenId: "unused", tokenSecret: "unused", baseURL: env().MUX_API_URL });
  return mux.webhooks.unwrap(body, headers, open(webhookSecretSealed, SEAL_PURPOSE));
}

/** The master file an import downloads must come from Mux (https, *.mux.com) — or from the API stand-in tests configure. */
export function masterUrlAllowed(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  const api = new URL(env().MUX_API_URL);
  if (api.hostname !== "api.mux.com") return u.origin === api.origin;
  return u.protocol === "https:" && (u.hostname === "mux.com" || u.hostname.endsWith(".mux.com"));
}
