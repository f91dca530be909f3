import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { logger } from "@/lib/logger";
import { AvatarError, heygenError } from "./errors";

/**
 * HeyGen's API, typed: every answer is checked with zod before it is used. Reads (avatars, voices, a
 * video's status) are retried with backoff on rate limits, server errors and dropped connections; creating
 * a video is retried only when HeyGen said it did not take the request (429), and carries an
 * Idempotency-Key so a step that runs again cannot make a second video.
 */
export type HeygenAvatar = { id: string; name: string; gender: string | null; previewImageUrl: string | null; previewVideoUrl: string | null };
export type HeygenVoice = { id: string; name: string; language: string | null; gender: string | null; previewAudioUrl: string | null };
export type HeygenScene = { avatarId: string; voiceId: string; text: string; background: string };
export type HeygenVideoStatus =
  | { status: "pending" | "processing" | "waiting"; videoUrl: null; durationSeconds: null; error: null }
  | { status: "completed"; videoUrl: string; durationSeconds: number | null; error: null }
  | { status: "failed"; videoUrl: null; durationSeconds: null; error: string };

const errorShape = z.object({ code: z.union([z.string(), z.number()]).nullish(), message: z.string().nullish() }).passthrough();
const envelope = <T extends z.ZodTypeAny>(data: T) => z.object({ error: errorShape.nullish(), data: data.nullish() }).passthrough();

const avatarsAnswer = envelope(
  z.object({
    avatars: z.array(
      z
        .object({
          avatar_id: z.string().min(1),
          avatar_name: z.string().nullish(),
          gender: z.string().nullish(),
          preview_image_url: z.string().nullish(),
          preview_video_url: z.string().nullish(),
        })
        .passthrough(),
    ),
  }),
);
const voicesAnswer = envelope(
  z.object({
    voices: z.array(
      z
        .object({
          voice_id: z.string().min(1),
          name: z.string().nullish(),
          language: z.string().nullish(),
          gender: z.string().nullish(),
          preview_audio: z.string().nullish(),
        })
        .passthrough(),
    ),
  }),
);
const generateAnswer = envelope(z.object({ video_id: z.string().min(1) }).passthrough());
const statusAnswer = z
  .object({
    code: z.number().optional(),
    message: z.string().nullish(),
    data: z
      .object({
        id: z.string().nullish(),
        status: z.enum(["pending", "processing", "waiting", "completed", "failed"]),
        video_url: z.string().nullish(),
        duration: z.number().nullish(),
        error: z.union([errorShape.extend({ detail: z.string().nullish() }), z.string()]).nullish(),
      })
      .passthrough(),
  })
  .passthrough();

/** The body HeyGen POSTs to the webhook endpoint. */
export const heygenWebhookSchema = z
  .object({
    event_type: z.string().min(1).max(100),
    event_data: z
      .object({ video_id: z.string().min(1).max(200), callback_id: z.string().max(200).nullish(), url: z.string().nullish(), msg: z.string().nullish() })
      .passthrough(),
  })
  .passthrough();
export type HeygenWebhook = z.infer<typeof heygenWebhookSchema>;

/** HeyGen signs a webhook's raw body with the endpoint's secret: HMAC-SHA256, hex, in the `Signature` header. */
export function signHeygenWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

export function verifyHeygenSignature(body: string, signature: string | null, secret: string): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const expected = Buffer.from(signHeygenWebhook(body, secret), "hex");
  const given = Buffer.from(signature.trim().toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type HeygenClient = {
  listAvatars(): Promise<HeygenAvatar[]>;
  listVoices(): Promise<HeygenVoice[]>;
  /** One video of the scenes (one `video_inputs` entry each), 1280×720. */
  createVideo(o: { scenes: HeygenScene[]; callbackId: string; idempotencyKey?: string; title: string }): Promise<string>;
  videoStatus(videoId: string): Promise<HeygenVideoStatus>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function heygenClient(o: { apiKey: string; baseUrl: string; retries?: number; backoffMs?: number; timeoutMs?: number }): HeygenClient {
  const retries = o.retries ?? 3;
  const backoff = o.backoffMs ?? 500;
  const base = o.baseUrl.replace(/\/+$/, "");

  async function call<T extends z.ZodTypeAny>(
    req: { method: "GET" | "POST"; path: string; body?: unknown; idempotencyKey?: string; safe: boolean },
    schema: T,
  ): Promise<z.infer<T>> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${base}${req.path}`, {
          method: req.method,
          headers: {
            "X-Api-Key": o.apiKey,
            Accept: "application/json",
            ...(req.body ? { "Content-Type": "application/json" } : {}),
            ...(req.idempotencyKey ? { "Idempotency-Key": req.idempotencyKey } : {}),
          },
          body: req.body ? JSON.stringify(req.body) : undefined,
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
      } catch (err) {
        // No answer: a read is tried again; a create is left to the caller's retry (with the same idempotency key).
        if (req.safe && attempt < retries) {
          await sleep(backoff * 2 ** attempt);
          continue;
        }
        throw new AvatarError("unavailable", "HeyGen could not be reached; the render will try again shortly.", { cause: err });
      }
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (!res.ok) {
        const retry = res.status === 429 || (req.safe && res.status >= 500);
        if (retry && attempt < retries) {
          const after = Number(res.headers.get("retry-after"));
          await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : backoff * 2 ** attempt);
          continue;
        }
        const err = (json as { error?: { code?: string; message?: string } } | null)?.error ?? { message: (json as { message?: string } | null)?.message };
        logger.warn("heygen.error", {
          path: req.path.split("?")[0],
          status: res.status,
          code: err?.code ?? null,
          message: err?.message?.slice(0, 300) ?? null,
        });
        throw heygenError(res.status, err);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        logger.warn("heygen.unexpected_answer", { path: req.path.split("?")[0], issues: parsed.error.issues.slice(0, 3).map((i) => i.message) });
        throw new AvatarError("unavailable", "HeyGen answered in a way we did not expect; the render will try again shortly.");
      }
      const body = parsed.data as { error?: { code?: string | number | null; message?: string | null } | null };
      if (body.error && (body.error.code || body.error.message)) throw heygenError(res.status, body.error);
      return parsed.data;
    }
  }

  return {
    async listAvatars() {
      const a = await call({ method: "GET", path: "/v2/avatars", safe: true }, avatarsAnswer);
      return (a.data?.avatars ?? []).map((v) => ({
        id: v.avatar_id,
        name: v.avatar_name || v.avatar_id,
        gender: v.gender ?? null,
        previewImageUrl: v.preview_image_url || null,
        previewVideoUrl: v.preview_video_url || null,
      }));
    },
    async listVoices() {
      const a = await call({ method: "GET", path: "/v2/voices", safe: true }, voicesAnswer);
      return (a.data?.voices ?? []).map((v) => ({
        id: v.voice_id,
        name: v.name || v.voice_id,
        language: v.language ?? null,
        gender: v.gender ?? null,
        previewAudioUrl: v.preview_audio || null,
      }));
    },
    async createVideo({ scenes, callbackId, idempotencyKey, title }) {
      const body = {
        title: title.slice(0, 100),
        callback_id: callbackId,
        dimension: { width: 1280, height: 720 },
        video_inputs: scenes.map((s) => ({
          character: { type: "avatar", avatar_id: s.avatarId, avatar_style: "normal" },
          voice: { type: "text", voice_id: s.voiceId, input_text: s.text },
          background: { type: "color", value: s.background },
        })),
      };
      const a = await call({ method: "POST", path: "/v2/video/generate", body, idempotencyKey: idempotencyKey ?? callbackId, safe: false }, generateAnswer);
      if (!a.data?.video_id) throw new AvatarError("unavailable", "HeyGen did not say which video it started; the render will try again shortly.");
      return a.data.video_id;
    },
    async videoStatus(videoId) {
      const a = await call({ method: "GET", path: `/v1/video_status.get?video_id=${encodeURIComponent(videoId)}`, safe: true }, statusAnswer);
      const d = a.data;
      if (d.status === "completed") {
        if (!d.video_url) throw new AvatarError("unavailable", "HeyGen finished the scene but gave no file; the render will try again shortly.");
        return { status: "completed", videoUrl: d.video_url, durationSeconds: d.duration ?? null, error: null };
      }
      if (d.status === "failed") {
        const e = typeof d.error === "string" ? { message: d.error } : d.error;
        return { status: "failed", videoUrl: null, durationSeconds: null, error: heygenError(400, e ?? { message: "render failed" }).message };
      }
      return { status: d.status, videoUrl: null, durationSeconds: null, error: null };
    },
  };
}
