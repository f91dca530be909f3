import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FfmpegMissingError, findFfmpeg, runTool } from "./ffmpeg";
import { makeClip } from "../../../test/video";
import { buildHls, ladderFor, probeVideo, SEGMENT_SECONDS } from "./hls";

let dir: string;
let clip: string;

/** ffprobe's view of one file: its streams' codecs and its duration. */
async function streamsOf(file: string) {
  const r = await runTool(findFfmpeg().ffprobe, ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]);
  const j = JSON.parse(r.stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number }[]; format: { duration: string } };
  return { streams: j.streams, duration: Number(j.format.duration) };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "cf-hls-"));
  clip = path.join(dir, "clip.mp4");
  // A generated 10 s clip, 960×540 at 25 fps with a 440 Hz tone.
  clip = await makeClip({ dir, width: 960, height: 540, seconds: 10 });
}, 120_000);

describe("ffmpeg", () => {
  it("is found from FFMPEG_PATH, on the system, else inside its npm packages, or refused with the ways to provide it", () => {
    const tools = findFfmpeg();
    expect(path.basename(tools.ffmpeg)).toBe("ffmpeg");
    expect(findFfmpeg({ FFMPEG_PATH: tools.ffmpeg })).toEqual(tools);
    expect(() => findFfmpeg({ FFMPEG_PATH: "/nowhere/ffmpeg" })).toThrow(/FFMPEG_PATH is set to \/nowhere\/ffmpeg, which does not run/);
    // No system ffmpeg: the static build shipped in node_modules.
    expect(findFfmpeg({ PATH: "/nowhere" }).ffmpeg).toMatch(/node_modules\/@ffmpeg-installer\/[a-z0-9-]+\/ffmpeg$/);
    expect(() => findFfmpeg({ PATH: "/nowhere" }, { packaged: false })).toThrow(FfmpegMissingError);
    expect(() => findFfmpeg({ PATH: "/nowhere" }, { packaged: false })).toThrow(/apt-get install -y ffmpeg/);
  });
});

describe("the HLS ladder", () => {
  it("is chosen from the source, never upscaled, at its aspect ratio", () => {
    expect(ladderFor({ width: 1920, height: 1080 }).map((r) => `${r.name} ${r.width}x${r.height}`)).toEqual([
      "360p 640x360",
      "540p 960x540",
      "720p 1280x720",
      "1080p 1920x1080",
    ]);
    expect(ladderFor({ width: 960, height: 540 }).map((r) => r.name)).toEqual(["360p", "540p"]);
    expect(ladderFor({ width: 1080, height: 1920 }).map((r) => `${r.width}x${r.height}`)).toEqual(["202x360", "304x540", "406x720", "608x1080"]);
    // Smaller than the lowest step: one rendition at its own size.
    expect(ladderFor({ width: 320, height: 240 }).map((r) => `${r.name} ${r.width}x${r.height}`)).toEqual(["240p 320x240"]);
  });

  it("a file that is not a video (a PDF named .mp4) is refused from its bytes", async () => {
    const fake = path.join(dir, "lecture.mp4");
    await fs.writeFile(fake, "%PDF-1.4\n% not a video at all\n");
    await expect(probeVideo(fake)).rejects.toThrow(/not a video we can play/);
  });

  it("a 10 s clip becomes a master playlist, 360p and 540p renditions in ~6 s H.264/AAC segments, a poster and a sprite; a rerun after a crash redoes only what was not finished", async () => {
    const out = path.join(dir, "hls");
    const progress: number[] = [];
    const first = await buildHls({ input: clip, outDir: out, onProgress: (f) => progress.push(f) });
    expect(first.source).toMatchObject({ width: 960, height: 540, hasAudio: true, videoCodec: "h264" });
    expect(first.source.durationSeconds).toBeCloseTo(10, 0);
    expect(first.transcoded).toEqual(["360p", "540p"]);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]! - 1e-9)).toBe(true);

    // The master playlist names both renditions (no 720p from a 540p source) with resolution and codecs.
    const master = await fs.readFile(first.master, "utf8");
    expect(master).toMatch(/^#EXTM3U/);
    expect([...master.matchAll(/RESOLUTION=(\d+x\d+)/g)].map((m) => m[1])).toEqual(["640x360", "960x540"]);
    expect(master).toContain('CODECS="avc1.4d401f,mp4a.40.2"');

    for (const r of first.renditions) {
      const playlist = await fs.readFile(path.join(out, r.name, "index.m3u8"), "utf8");
      expect(playlist).toContain("#EXT-X-ENDLIST");
      const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
      expect(durations.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...durations)).toBeLessThanOrEqual(SEGMENT_SECONDS + 0.5);
      expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 0);
      // Each segment really is H.264 + AAC at the rendition's size.
      const segment = path.join(out, r.name, /\n(seg_\d+\.ts)/.exec(playlist)![1]!);
      const { streams } = await streamsOf(segment);
      expect(streams.find((s) => s.codec_type === "video")).toMatchObject({ codec_name: "h264", width: r.width, height: r.height });
      expect(streams.find((s) => s.codec_type === "audio")).toMatchObject({ codec_name: "aac" });
    }
    // ffprobe reads the whole master playlist as one ~10 s presentation.
    expect((await streamsOf(first.master)).duration).toBeCloseTo(10, 0);
    expect((await fs.readFile(first.poster)).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await fs.readFile(first.sprite)).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const vtt = await fs.readFile(first.thumbnails, "utf8");
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain("00:00:00.000 --> 00:00:01.000\nsprite.jpg#xywh=0,0,160,90");

    // A crash during the 540p rendition: its half-written folder is left behind, the 360p one is complete.
    const done360 = await fs.stat(path.join(out, "360p", "index.m3u8"));
    await fs.rm(path.join(out, "540p"), { recursive: true });
    await fs.mkdir(path.join(out, ".540p.partial"));
    await fs.writeFile(path.join(out, ".540p.partial", "seg_0000.ts"), "half");
    const again = await buildHls({ input: clip, outDir: out });
    expect(again.transcoded).toEqual(["540p"]);
    expect((await fs.stat(path.join(out, "360p", "index.m3u8"))).mtimeMs).toBe(done360.mtimeMs);
    expect(await fs.readFile(path.join(out, "540p", "index.m3u8"), "utf8")).toContain("#EXT-X-ENDLIST");
    await expect(fs.stat(path.join(out, ".540p.partial"))).rejects.toThrow();
  }, 180_000);
});
