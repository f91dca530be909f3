import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { findFfmpeg, runTool, type FfmpegTools } from "@/lib/video/ffmpeg";
import { probeVideo } from "@/lib/video/hls";

/**
 * The scenes' clips as one video, in order (ffmpeg's concat). Clips made alike (same codec, size and
 * frame rate, all with sound — HeyGen's are) are joined without re-encoding; otherwise they are scaled to
 * the first clip's size and encoded once. Returns each clip's duration and the whole video's.
 */
export async function stitchClips(o: { inputs: string[]; output: string; tools?: FfmpegTools }): Promise<{ clipSeconds: number[]; seconds: number }> {
  const tools = o.tools ?? findFfmpeg();
  const infos = await Promise.all(o.inputs.map((f) => probeVideo(f, tools)));
  const first = infos[0]!;
  const alike = infos.every(
    (i) => i.videoCodec === first.videoCodec && i.width === first.width && i.height === first.height && Math.abs(i.fps - first.fps) < 0.01 && i.hasAudio,
  );
  await fs.mkdir(path.dirname(o.output), { recursive: true });
  const part = `${o.output}.part.mp4`;
  let r;
  if (alike) {
    const list = `${o.output}.txt`;
    await fs.writeFile(list, o.inputs.map((f) => `file '${path.resolve(f).replace(/'/g, "'\\''")}'`).join("\n") + "\n");
    r = await runTool(tools.ffmpeg, ["-y", "-v", "error", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-movflags", "+faststart", part]);
    await fs.rm(list, { force: true });
  } else {
    const w = first.width - (first.width % 2);
    const h = first.height - (first.height % 2);
    const inputs = o.inputs.flatMap((f, i) =>
      infos[i]!.hasAudio
        ? ["-i", f]
        : ["-i", f, "-f", "lavfi", "-t", String(infos[i]!.durationSeconds), "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"],
    );
    let n = 0;
    const labels: string[] = [];
    const filters: string[] = [];
    o.inputs.forEach((_, i) => {
      const v = n;
      const a = infos[i]!.hasAudio ? n : n + 1;
      n += infos[i]!.hasAudio ? 1 : 2;
      filters.push(`[${v}:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25[v${i}]`);
      filters.push(`[${a}:a]aresample=48000,aformat=channel_layouts=stereo[a${i}]`);
      labels.push(`[v${i}][a${i}]`);
    });
    filters.push(`${labels.join("")}concat=n=${o.inputs.length}:v=1:a=1[v][a]`);
    r = await runTool(tools.ffmpeg, [
      ...["-y", "-v", "error", ...inputs, "-filter_complex", filters.join(";"), "-map", "[v]", "-map", "[a]"],
      ...["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", part],
    ]);
  }
  if (r.code !== 0) throw new Error(`Stitching the scenes failed: ${r.stderr.slice(-400)}`);
  await fs.rename(part, o.output);
  const whole = await probeVideo(o.output, tools);
  return { clipSeconds: infos.map((i) => i.durationSeconds), seconds: whole.durationSeconds };
}
