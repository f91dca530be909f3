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
  const tools = o.tools ?? findFfmpeg();
  const { rendition: r, source } = o;
  const final = path.join(o.outDir, r.name);
  const tmp = path.join(o.outDir, `.${r.name}.partial`);
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp, { recursive: true });
  const args = [
    "-hide_banner",
    "-y",
    "-i",
    o.input,
    "-map",
    "0:v:0",
    ...(source.hasAudio ? ["-map", "0:a:0"] : []),
    "-vf",
    `scale=${r.width}:${r.height}`,
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
    path.join(tmp, "seg_%04d.ts"),
    "-progress",
    "pipe:1",
    "-nostats",
    path.join(tmp, "index.m3u8"),
  ];
  const result = await runTool(tools.ffmpeg, args, {
    signal: o.signal,
    onLine: (line) => {
      const m = /^out_time_us=(\d+)/.exec(line);
      if (m && o.onProgress) o.onProgress(Math.min(1, Number(m[1]) / 1e6 / source.durationSeconds));
    },
  });
  if (result.code !== 0) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw new Error(`ffmpeg could not make the ${r.name} rendition: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  await fs.rm(final, { recursive: true, force: true });
  await fs.rename(tmp, final);
  o.onProgress?.(1);
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

/** A JPEG poster from a third of the way in (at most 2 s), at most 1280 wide. */
export async function posterFrame(o: { tools?: FfmpegTools; input: string; outFile: string; source: SourceInfo }): Promise<void> {
  const tools = o.tools ?? findFfmpeg();
  const at = Math.min(2, o.source.durationSeconds / 3);
  const r = await runTool(tools.ffmpeg, [
    "-hide_banner",
    "-y",
    "-ss",
    at.toFixed(2),
    "-i",
    o.input,
    "-frames:v",
    "1",
    "-vf",
    "scale='min(1280,iw)':-2",
    "-q:v",
    "3",
    o.outFile,
  ]);
  if (r.code !== 0) throw new Error(`ffmpeg could not make the poster: ${r.stderr.trim().split("\n").pop()}`);
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
  const interval = Math.max(1, Math.ceil(o.source.durationSeconds / SPRITE.maxFrames));
  const frames = Math.max(1, Math.ceil(o.source.durationSeconds / interval));
  const rows = Math.ceil(frames / SPRITE.columns);
  const tileHeight = even((SPRITE.width * o.source.height) / o.source.width);
  const sprite = path.join(o.outDir, "sprite.jpg");
  const r = await runTool(tools.ffmpeg, [
    "-hide_banner",
    "-y",
    "-i",
    o.input,
    "-vf",
    `fps=1/${interval},scale=${SPRITE.width}:${tileHeight},tile=${SPRITE.columns}x${rows}`,
    "-frames:v",
    "1",
    "-q:v",
    "5",
    sprite,
  ]);
  if (r.code !== 0) throw new Error(`ffmpeg could not make the thumbnails: ${r.stderr.trim().split("\n").pop()}`);
  const stamp = (s: number) => new Date(Math.round(s * 1000)).toISOString().slice(11, 23);
  const cues = Array.from({ length: frames }, (_, i) => {
    const x = (i % SPRITE.columns) * SPRITE.width;
    const y = Math.floor(i / SPRITE.columns) * tileHeight;
    const end = Math.min(o.source.durationSeconds, (i + 1) * interval);
    return `${stamp(i * interval)} --> ${stamp(end)}\nsprite.jpg#xywh=${x},${y},${SPRITE.width},${tileHeight}`;
  });
  const vtt = path.join(o.outDir, "thumbnails.vtt");
  await fs.writeFile(vtt, `WEBVTT\n\n${cues.join("\n\n")}\n`);
  return { sprite, vtt, frames };
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
 * The whole ladder for one source into `outDir`: renditions not yet complete are transcoded one after the
 * other (at most one ffmpeg at a time), then the master playlist, the poster and the sprite. `onProgress`
 * gets 0..1 for the whole job, weighted by each rendition's pixels.
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
  const weight = (r: Rendition) => r.width * r.height;
  const total = renditions.reduce((n, r) => n + weight(r), 0);
  let before = 0;
  const transcoded: string[] = [];
  for (const r of renditions) {
    if (!(await renditionDone(o.outDir, r))) {
      await transcodeRendition({
        tools,
        input: o.input,
        outDir: o.outDir,
        rendition: r,
        source,
        signal: o.signal,
        onProgress: (f) => o.onProgress?.((before + f * weight(r)) / total),
      });
      transcoded.push(r.name);
    }
    before += weight(r);
    o.onProgress?.(before / total);
  }
  const master = path.join(o.outDir, "master.m3u8");
  await fs.writeFile(`${master}.tmp`, masterPlaylist(renditions, { hasAudio: source.hasAudio }));
  await fs.rename(`${master}.tmp`, master);
  const poster = path.join(o.outDir, "poster.jpg");
  if (!(await exists(poster))) await posterFrame({ tools, input: o.input, outFile: poster, source });
  const thumbnails = path.join(o.outDir, "thumbnails.vtt");
  const sprite = path.join(o.outDir, "sprite.jpg");
  if (!(await exists(thumbnails)) || !(await exists(sprite))) await thumbnailSprite({ tools, input: o.input, outDir: o.outDir, source });
  return { source, renditions, master, poster, sprite, thumbnails, transcoded };
}
