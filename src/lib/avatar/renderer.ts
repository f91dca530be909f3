import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { env, type Env } from "@/lib/env";
import { findFfmpeg, runTool } from "@/lib/video/ffmpeg";
import { wrap } from "@/lib/ai/cover";
import { AvatarError } from "./errors";
import { heygenClient, type HeygenAvatar, type HeygenClient, type HeygenVoice } from "./heygen";
import { spokenSeconds } from "./scenes";

/**
 * Who renders avatar video: HeyGen (HEYGEN_API_KEY), or — locally, when it is not configured — the
 * labelled sample renderer, which draws a plain clip of the scene's length (a card saying it is a sample,
 * silent) so the whole flow can be tried offline. Anything else: the feature says how to configure it.
 */
export type RendererId = "heygen" | "sample";
export type AvatarSetup = { renderer: RendererId | null; webhooks: boolean };

export function avatarSetup(e: Pick<Env, "HEYGEN_API_KEY" | "HEYGEN_WEBHOOK_SECRET" | "AVATAR_SAMPLE_RENDERER" | "isLocalRoot"> = env()): AvatarSetup {
  if (e.HEYGEN_API_KEY) return { renderer: "heygen", webhooks: Boolean(e.HEYGEN_WEBHOOK_SECRET) };
  return { renderer: (e.AVATAR_SAMPLE_RENDERER ?? e.isLocalRoot) ? "sample" : null, webhooks: false };
}

export type SceneSpec = { text: string; avatarId: string; voiceId: string; background: string };
export type ClipState = { state: "rendering" } | { state: "completed"; durationSeconds: number | null } | { state: "failed"; message: string };

export type AvatarRenderer = {
  id: RendererId;
  listAvatars(): Promise<HeygenAvatar[]>;
  listVoices(): Promise<HeygenVoice[]>;
  /** Start rendering one scene; returns the renderer's id for the clip. */
  submit(scene: SceneSpec, o: { callbackId: string; idempotencyKey: string; title: string }): Promise<string>;
  status(providerVideoId: string): Promise<ClipState>;
  /** The finished clip's bytes (MP4), streamed. */
  download(providerVideoId: string): Promise<Readable>;
};

// ── HeyGen ───────────────────────────────────────────────────────────────────

/** Where HeyGen's finished files may be fetched from: its own file hosts (and, for tests, its configured API origin). */
export function clipUrlAllowed(url: string, apiUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const api = new URL(apiUrl);
  if (u.protocol === "http:" || u.protocol === "https:") if (u.origin === api.origin) return true;
  return u.protocol === "https:" && !u.username && !u.password && /(^|\.)heygen\.(ai|com)$/i.test(u.hostname) && (u.port === "" || u.port === "443");
}

const listCache = new Map<string, { at: number; value: unknown }>();
const LIST_TTL_MS = 10 * 60_000;
async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = listCache.get(key);
  if (hit && Date.now() - hit.at < LIST_TTL_MS) return hit.value as T;
  const value = await load();
  listCache.set(key, { at: Date.now(), value });
  return value;
}

/** For the tests: forget the cached avatar and voice lists. */
export function resetAvatarLists() {
  listCache.clear();
}

function heygenRenderer(client: HeygenClient, apiUrl: string): AvatarRenderer {
  return {
    id: "heygen",
    listAvatars: () => cached(`avatars:${apiUrl}`, () => client.listAvatars()),
    listVoices: () => cached(`voices:${apiUrl}`, () => client.listVoices()),
    submit: (scene, o) => client.createVideo({ scenes: [scene], callbackId: o.callbackId, idempotencyKey: o.idempotencyKey, title: o.title }),
    async status(id) {
      const s = await client.videoStatus(id);
      if (s.status === "completed") return { state: "completed", durationSeconds: s.durationSeconds };
      if (s.status === "failed") return { state: "failed", message: s.error };
      return { state: "rendering" };
    },
    async download(id) {
      const s = await client.videoStatus(id);
      if (s.status !== "completed") throw new AvatarError("unavailable", "HeyGen has not finished this scene yet.");
      let at = s.videoUrl;
      for (let hop = 0; hop < 4; hop++) {
        if (!clipUrlAllowed(at, apiUrl)) throw new AvatarError("unavailable", "HeyGen gave a file address that is not HeyGen's; the scene was not fetched.");
        const res = await fetch(at, { redirect: "manual", signal: AbortSignal.timeout(30 * 60_000) });
        if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
          at = new URL(res.headers.get("location")!, at).toString();
          continue;
        }
        if (!res.ok || !res.body) throw new AvatarError("unavailable", `HeyGen answered ${res.status} for the scene's file; the render will try again.`);
        return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
      }
      throw new AvatarError("unavailable", "Too many redirects for the scene's file.");
    },
  };
}

// ── The labelled sample renderer ─────────────────────────────────────────────

const SAMPLE_AVATARS: HeygenAvatar[] = [
  { id: "sample-ada", name: "Sample presenter: Ada", gender: "female", previewImageUrl: null, previewVideoUrl: null },
  { id: "sample-ben", name: "Sample presenter: Ben", gender: "male", previewImageUrl: null, previewVideoUrl: null },
  { id: "sample-chloe", name: "Sample presenter: Chloé", gender: "female", previewImageUrl: null, previewVideoUrl: null },
];
const SAMPLE_VOICES: HeygenVoice[] = [
  { id: "sample-warm", name: "Sample voice: warm", language: "English", gender: "female", previewAudioUrl: null },
  { id: "sample-clear", name: "Sample voice: clear", language: "English", gender: "male", previewAudioUrl: null },
];

const sampleDir = () => path.resolve(env().DATA_DIR, "work", "avatar-sample");
const sampleFile = (id: string) => path.join(sampleDir(), `${id.replace(/[^a-z0-9-]/gi, "")}.mp4`);
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** One still card (640×360): the scene's background, a presenter silhouette, the "sample" label and the scene's first words. */
async function sampleCard(scene: SceneSpec): Promise<Buffer> {
  const bg = /^#[0-9a-f]{6}$/i.test(scene.background) ? scene.background : "#1f2937";
  const who = SAMPLE_AVATARS.find((a) => a.id === scene.avatarId)?.name.replace("Sample presenter: ", "") ?? "Presenter";
  const lines = wrap(scene.text.slice(0, 120), 34).slice(0, 3);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
<rect width="1280" height="720" fill="${bg}"/>
<circle cx="330" cy="300" r="110" fill="#fff" fill-opacity="0.85"/><rect x="170" y="430" width="320" height="290" rx="150" fill="#fff" fill-opacity="0.85"/>
<g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#fff">
<rect x="600" y="110" width="560" height="56" rx="28" fill="#000" fill-opacity="0.45"/>
<text x="630" y="148" font-size="28" font-weight="700">SAMPLE: not a real avatar</text>
<text x="600" y="240" font-size="40" font-weight="700">${escapeXml(who)}</text>
${lines.map((l, i) => `<text x="600" y="${310 + i * 44}" font-size="30" fill-opacity="0.9">${escapeXml(l)}</text>`).join("")}
</g></svg>`;
  // Drawn at 1280×720, made at 640×360: a placeholder needs no more, and it is quick to make and to stream on any machine.
  return sharp(Buffer.from(svg)).resize(640, 360).png().toBuffer();
}

function sampleRenderer(): AvatarRenderer {
  return {
    id: "sample",
    listAvatars: async () => SAMPLE_AVATARS,
    listVoices: async () => SAMPLE_VOICES,
    async submit(scene) {
      if (!SAMPLE_AVATARS.some((a) => a.id === scene.avatarId)) throw new AvatarError("invalid_avatar", "Pick one of the sample presenters.");
      if (!SAMPLE_VOICES.some((v) => v.id === scene.voiceId)) throw new AvatarError("invalid_voice", "Pick one of the sample voices.");
      const id = `sample-${randomUUID()}`;
      await fs.mkdir(sampleDir(), { recursive: true });
      const card = path.join(sampleDir(), `${id}.png`);
      await fs.writeFile(card, await sampleCard(scene));
      const seconds = spokenSeconds(scene.text);
      const tools = findFfmpeg();
      const out = sampleFile(id);
      const r = await runTool(tools.ffmpeg, [
        ...["-y", "-v", "error", "-loop", "1", "-framerate", "25", "-i", card],
        ...["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"],
        ...["-t", String(seconds), "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", "25"],
        ...["-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", `${out}.part.mp4`],
      ]);
      await fs.rm(card, { force: true });
      if (r.code !== 0) throw new Error(`The sample renderer's ffmpeg failed: ${r.stderr.slice(-300)}`);
      await fs.rename(`${out}.part.mp4`, out);
      return id;
    },
    async status(id) {
      return (await fs.stat(sampleFile(id)).then(
        () => true,
        () => false,
      ))
        ? { state: "completed", durationSeconds: null }
        : { state: "failed", message: "The sample clip is gone (the machine's work folder was cleared). Render again." };
    },
    async download(id) {
      return createReadStream(sampleFile(id));
    },
  };
}

let current: { key: string; renderer: AvatarRenderer } | null = null;

/** The renderer this deployment uses (null: not configured — the builder says how to configure it). */
export function avatarRenderer(): AvatarRenderer | null {
  const e = env();
  const setup = avatarSetup(e);
  if (!setup.renderer) return null;
  const key = `${setup.renderer}:${e.HEYGEN_API_URL}:${e.HEYGEN_API_KEY ?? ""}`;
  if (current?.key === key) return current.renderer;
  const renderer =
    setup.renderer === "heygen" ? heygenRenderer(heygenClient({ apiKey: e.HEYGEN_API_KEY!, baseUrl: e.HEYGEN_API_URL }), e.HEYGEN_API_URL) : sampleRenderer();
  current = { key, renderer };
  return renderer;
}

/** The renderer that made a clip (a render keeps going on the renderer it started with). */
export function rendererFor(id: RendererId): AvatarRenderer {
  const r = avatarRenderer();
  if (r?.id === id) return r;
  if (id === "sample") return sampleRenderer();
  throw new AvatarError("not_configured", "HeyGen is not configured any more (HEYGEN_API_KEY), so this render cannot go on.");
}
