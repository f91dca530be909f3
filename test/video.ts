import path from "node:path";
import { expect } from "vitest";
import { findFfmpeg, runTool } from "@/lib/video/ffmpeg";

/** A generated clip for the video tests: ffmpeg's testsrc2 picture with a 440 Hz tone, H.264 + AAC in MP4. */
export async function makeClip(o: { dir: string; width: number; height: number; seconds: number }): Promise<string> {
  const file = path.join(o.dir, `clip-${o.width}x${o.height}-${o.seconds}s.mp4`);
  const r = await runTool(findFfmpeg().ffmpeg, [
    "-hide_banner",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${o.width}x${o.height}:rate=25:duration=${o.seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${o.seconds}`,
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    file,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}
