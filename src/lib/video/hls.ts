import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { findFfmpeg, runTool, type FfmpegTools } from "./ffmpeg";

/**
 * Adaptive HLS from one uploaded video (issue #15's pipeline core, run by the durable function): probe the
 * source, pick a ladder suited to it (never upscaled), transcode each rendition to H.264 + AAC in ~6 s
 * segments, write the master playlist, a poster frame and a thumbnail sprite (with its WebVTT map) for
 * scrubbing. A rendition is written to a temporary folder and moved into place only when complete, so a run
 * that crashed half-way resumes with the renditions it had finished and redoes only the rest.
 */

export type SourceInfo = {
  durationSeconds: number;
  /** As displayed (a portrait phone video rotated 90° is taller than wide). */
  width: number;
  height: number;
  rotation: number;
  fps: number;
  hasAudio: boolean;
  videoCodec: string;
};

export type Rendition = { name: string; width: number; height: number; videoKbps: number; audioKbps: number };

export const LADDER = [
  { name: "360p", height: 360, videoKbps: 800, audioKbps: 96 },
  { name: "540p", height: 540, videoKbps: 1400, audioKbps: 128 },
  { name: "720p", height: 720, videoKbps: 2800, audioKbps: 128 },
  { name: "1080p", height: 1080, videoKbps: 5000, audioKbps: 160 },
] as const;

export const SEGMENT_SECONDS = 6;

const probeSchema = z.object({
  streams: z.array(
    z
      .object({
        codec_type: z.string(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        tags: z.record(z.string(), z.string()).optional(),
        side_data_list: z.array(z.object({ rotation: z.number().optional() }).passthrough()).optional(),
      })
      .passthrough(),
  ),
  format: z.object({ duration: z.string().optional(), format_name: z.string().optional() }).passthrough(),
});

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** What the file really is (from its bytes, not its name): a file with no video stream is refused. */
export async function probeVideo(file: string, tools: FfmpegTools = findFfmpeg()): Promise<SourceInfo> {
  const r = await runTool(tools.ffprobe, ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]);
  const parsed = r.code === 0 ? probeSchema.safeParse(JSON.parse(r.stdout || "{}")) : null;
  const video = parsed?.success ? parsed.data.streams.find((s) => s.codec_type === "video" && s.width && s.height) : undefined;
  const duration = parsed?.success ? Number(parsed.data.format.duration ?? NaN) : NaN;
  if (!parsed?.success || !video || !Number.isFinite(duration) || duration <= 0) {
    throw new DomainError("invalid", "This file is not a video we can play: upload an MP4, MOV, WebM or MKV file.");
  }
  const rotation = Math.abs(video.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation ?? Number(video.tags?.rotate ?? 0)) % 360;
  const sideways = rotation === 90 || rotation === 270;
  const [num, den] = (video.avg_frame_rate ?? "30/1").split("/").map(Number);
  const fps = num && den ? num / den : 30;
  return {
    durationSeconds: duration,
    width: sideways ? video.height! : video.width!,
    height: sideways ? video.width! : video.height!,
    rotation,
    fps: Number.isFinite(fps) && fps > 0 ? fps : 30,
    hasAudio: parsed.data.streams.some((s) => s.codec_type === "audio"),
    videoCodec: video.codec_name ?? "unknown",
  };
}

/** The renditions for a source: every step of the ladder up to its own height (never upscaled), at its aspect ratio. */
export function ladderFor(source: Pick<SourceInfo, "width" | "height">): Rendition[] {
  const aspect = source.width / source.height;
  const steps = LADDER.filter((r) => r.height <= source.height);
  const chosen = steps.length ? steps : [{ ...LADDER[0], name: `${even(source.height)}p`, height: even(source.height) }];
  return chosen.map((r) => ({ name: r.name, height: r.height, width: even(r.height * aspect), videoKbps: r.videoKbps, audioKbps: r.audioKbps }));
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** A rendition is finished when its playlist is in place and closed (#EXT-X-ENDLIST). */
export async function renditionDone(outDir: string, rendition: Pick<Rendition, "name">): Promise<boolean> {
  const playlist = path.join(outDir, rendition.name, "index.m3u8");
  return (await exists(playlist)) && (await fs.readFile(playlist, "utf8")).includes("#EXT-X-ENDLIST");
}

/** The encoder and HLS muxer options of one rendition, written into `dir` (its input streams are mapped before). */
function renditionOutput(r: Rendition, source: Pick<SourceInfo, "hasAudio">, dir: string): string[] {
  return [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-profile:v",
    "main",
    "-pix_fmt",
    "yuv420p",
    "-b:v",
    `${r.videoKbps}k`,
    "-maxrate",
    `${Math.round(r.videoKbps * 1.07)}k`,
    "-bufsize",
    `${Math.round(r.videoKbps * 1.5)}k`,
    // A keyframe at every segment boundary, so segments are ~6 s and every rendition switches cleanly.
    "-force_key_frames",
    `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
    "-sc_threshold",
    "0",
    ...(source.hasAudio ? ["-c:a", "aac", "-b:a", `${r.audioKbps}k`, "-ac", "2"] : []),
    "-f",
    "hls",
    "-hls_time",
    String(SEGMENT_SECONDS),
    "-hls_playlist_type",
    "vod",
    "-hls_segment_filename",
    path.join(dir, "seg_%04d.ts"),
    path.join(dir, "index.m3u8"),
  ];
}

/**
 * Transcode renditions of one source in a single ffmpeg run — the source is decoded once and split to an
 * encoder per rendition — optionally with the poster and the thumbnail sprite from the same decode. Each
 * rendition is written to a temporary folder and moved into place only when the run succeeds.
 */
export async function transcodeLadder(o: {
  tools?: FfmpegTools;
  input: string;
  outDir: string;
  renditions: Rendition[];
  source: SourceInfo;
  /** Also the poster (`poster.jpg`) and the sprite with its map (`sprite.jpg`, `thumbnails.vtt`), from the same decode. */
  extras?: boolean;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const tools = o.tools ?? findFfmpeg();
  const { source } = o;
  if (!o.renditions.length && !o.extras) return;
  await fs.mkdir(o.outDir, { recursive: true });
  const tmps = o.renditions.map((r) => path.join(o.outDir, `.${r.name}.partial`));
  for (const t of tmps) {
    await fs.rm(t, { recursive: true, force: true });
    await fs.mkdir(t, { recursive: true });
  }
  const branches = o.renditions.length + (o.extras ? 2 : 0);
  const graph: string[] = [`[0:v:0]${branches > 1 ? `split=${branches}` : "null"}${Array.from({ length: branches }, (_, i) => `[s${i}]`).join("")}`];
  o.renditions.forEach((r, i) => graph.push(`[s${i}]scale=${r.width}:${r.height}[v${i}]`));
  const outputs: string[] = [];
  o.renditions.forEach((r, i) => outputs.push("-map", `[v${i}]`, ...(source.hasAudio ? ["-map", "0:a:0"] : []), ...renditionOutput(r, source, tmps[i]!)));
  let sprite: ReturnType<typeof spritePlan> | null = null;
  if (o.extras) {
    const p = o.renditions.length;
    const at = Math.min(2, source.durationSeconds / 3);
    sprite = spritePlan(source);
    graph.push(`[s${p}]trim=start=${at.toFixed(2)}:duration=0.5,scale='min(1280,iw)':-2[poster]`); // ends its branch at once
    graph.push(`[s${p + 1}]fps=1/${sprite.interval},scale=${SPRITE.width}:${sprite.tileHeight},tile=${SPRITE.columns}x${sprite.rows}[sprite]`);
    outputs.push("-map", "[poster]", "-frames:v", "1", "-q:v", "3", path.join(o.outDir, "poster.jpg"));
    outputs.push("-map", "[sprite]", "-frames:v", "1", "-q:v", "5", path.join(o.outDir, "sprite.jpg"));
  }
  const args = ["-hide_banner", "-y", "-progress", "pipe:1", "-nostats", "-i", o.input, "-filter_complex", graph.join(";"), ...outputs];
  const result = await runTool(tools.ffmpeg, args, {
    signal: o.signal,
    onLine: (line) => {
      const m = /^out_time_us=(\d+)/.exec(line);
      if (m && o.onProgress) o.onProgress(Math.min(1, Number(m[1]) / 1e6 / source.durationSeconds));
    },
  });
  if (result.code !== 0) {
    for (const t of tmps) await fs.rm(t, { recursive: true, force: true });
    throw new Error(`ffmpeg could not transcode the video: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  for (const [i, r] of o.renditions.entries()) {
    const final = path.join(o.outDir, r.name);
    await fs.rm(final, { recursive: true, force: true });
    await fs.rename(tmps[i]!, final);
  }
  if (sprite) await fs.writeFile(path.join(o.outDir, "thumbnails.vtt"), spriteMap(source, sprite));
  o.onProgress?.(1);
}

/** Transcode one rendition into `<outDir>/<name>/` (via a temporary folder, moved into place when complete). */
export async function transcodeRendition(o: {
  tools?: FfmpegTools;
  input: string;
  outDir: string;
  rendition: Rendition;
  source: SourceInfo;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<void> {
  await transcodeLadder({ ...o, renditions: [o.rendition] });
}

/** The master playlist naming every rendition with its bandwidth, resolution and codecs (H.264 Main, AAC-LC). */
export function masterPlaylist(renditions: Rendition[], opts: { hasAudio: boolean }): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"];
  for (const r of renditions) {
    const bandwidth = Math.round((r.videoKbps * 1.07 + (opts.hasAudio ? r.audioKbps : 0)) * 1000);
    const codecs = opts.hasAudio ? "avc1.4d401f,mp4a.40.2" : "avc1.4d401f";
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${codecs}"`, `${r.name}/index.m3u8`);
  }
  return `${lines.join("\n")}\n`;
}

export const SPRITE = { width: 160, columns: 10, maxFrames: 100 } as const;

/**
 * A thumbnail sprite for scrubbing — one frame every `interval` seconds, 160 px wide, 10 to a row — and the
 * WebVTT file mapping each time range to its tile (`sprite.jpg#xywh=x,y,w,h`), as players read it.
 */
export async function thumbnailSprite(o: {
  tools?: FfmpegTools;
  input: string;
  outDir: string;
  source: SourceInfo;
}): Promise<{ sprite: string; vtt: string; frames: number }> {
  const tools = o.tools ?? findFfmpeg();
  const plan = spritePlan(o.source);
  const sprite = path.join(o.outDir, "sprite.jpg");
  const r = await runTool(tools.ffmpeg, [
    "-hide_banner",
    "-y",
    "-i",
    o.input,
    "-vf",
    `fps=1/${plan.interval},scale=${SPRITE.width}:${plan.tileHeight},tile=${SPRITE.columns}x${plan.rows}`,
    "-frames:v",
    "1",
    "-q:v",
    "5",
    sprite,
  ]);
  if (r.code !== 0) throw new Error(`ffmpeg could not make the thumbnails: ${r.stderr.trim().split("\n").pop()}`);
  const vtt = path.join(o.outDir, "thumbnails.vtt");
  await fs.writeFile(vtt, spriteMap(o.source, plan));
  return { sprite, vtt, frames: plan.frames };
}

/** One frame every `interval` seconds (at most SPRITE.maxFrames), tiles of 160 px wide, 10 to a row. */
function spritePlan(source: Pick<SourceInfo, "durationSeconds" | "width" | "height">) {
  const interval = Math.max(1, Math.ceil(source.durationSeconds / SPRITE.maxFrames));
  const frames = Math.max(1, Math.ceil(source.durationSeconds / interval));
  return { interval, frames, rows: Math.ceil(frames / SPRITE.columns), tileHeight: even((SPRITE.width * source.height) / source.width) };
}

/** The WebVTT map of the sprite: each time range to its tile (`sprite.jpg#xywh=x,y,w,h`), as players read it. */
function spriteMap(source: Pick<SourceInfo, "durationSeconds">, plan: ReturnType<typeof spritePlan>): string {
  const stamp = (s: number) => new Date(Math.round(s * 1000)).toISOString().slice(11, 23);
  const cues = Array.from({ length: plan.frames }, (_, i) => {
    const x = (i % SPRITE.columns) * SPRITE.width;
    const y = Math.floor(i / SPRITE.columns) * plan.tileHeight;
    const end = Math.min(source.durationSeconds, (i + 1) * plan.interval);
    return `${stamp(i * plan.interval)} --> ${stamp(end)}\nsprite.jpg#xywh=${x},${y},${SPRITE.width},${plan.tileHeight}`;
  });
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

export type HlsOutput = {
  source: SourceInfo;
  renditions: Rendition[];
  master: string;
  poster: string;
  sprite: string;
  thumbnails: string;
  /** The renditions this run transcoded (the others were already complete). */
  transcoded: string[];
};

/**
 * The whole ladder for one source into `outDir`: the renditions not yet complete, the poster and the sprite
 * if missing — all in one ffmpeg run (one decode) — then the master playlist. `onProgress` gets 0..1.
 */
export async function buildHls(o: {
  input: string;
  outDir: string;
  tools?: FfmpegTools;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<HlsOutput> {
  const tools = o.tools ?? findFfmpeg();
  await fs.mkdir(o.outDir, { recursive: true });
  const source = await probeVideo(o.input, tools);
  const renditions = ladderFor(source);
  const pending: Rendition[] = [];
  for (const r of renditions) if (!(await renditionDone(o.outDir, r))) pending.push(r);
  const poster = path.join(o.outDir, "poster.jpg");
  const thumbnails = path.join(o.outDir, "thumbnails.vtt");
  const sprite = path.join(o.outDir, "sprite.jpg");
  const extras = !(await exists(poster)) || !(await exists(thumbnails)) || !(await exists(sprite));
  // Everything missing in one run: the source is decoded once.
  await transcodeLadder({ tools, input: o.input, outDir: o.outDir, renditions: pending, source, extras, signal: o.signal, onProgress: o.onProgress });
  const transcoded = pending.map((r) => r.name);
  const master = path.join(o.outDir, "master.m3u8");
  await fs.writeFile(`${master}.tmp`, masterPlaylist(renditions, { hasAudio: source.hasAudio }));
  await fs.rename(`${master}.tmp`, master);
  return { source, renditions, master, poster, sprite, thumbnails, transcoded };
}
