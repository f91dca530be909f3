import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where ffmpeg and ffprobe are: `FFMPEG_PATH` (and `FFPROBE_PATH`, else the ffprobe beside it), else the
 * system's (`.ci/run` installs Debian's), else the static builds shipped inside npm packages
 * (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe — optional dependencies, present on Linux, macOS and
 * Windows), else none — a clear error naming the ways to provide them. Found once per process.
 */
export type FfmpegTools = { ffmpeg: string; ffprobe: string };

let found: FfmpegTools | null = null;

export class FfmpegMissingError extends Error {
  constructor() {
    super(
      "No ffmpeg found for video processing. Install it (Debian/Ubuntu: `apt-get install -y ffmpeg`; macOS: `brew install ffmpeg`) or set FFMPEG_PATH (and FFPROBE_PATH) to the binaries.",
    );
    this.name = "FfmpegMissingError";
  }
}

function runs(bin: string): boolean {
  const r = spawnSync(bin, ["-version"], { stdio: "ignore", timeout: 10_000 });
  return r.status === 0;
}

function onPath(name: string, env: Record<string, string | undefined>): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The binaries inside the npm packages, when installed for this platform. */
function packaged(): FfmpegTools | null {
  try {
    const req = createRequire(import.meta.url);
    const ffmpeg = (req("@ffmpeg-installer/ffmpeg") as { path: string }).path;
    const ffprobe = (req("@ffprobe-installer/ffprobe") as { path: string }).path;
    return runs(ffmpeg) && runs(ffprobe) ? { ffmpeg, ffprobe } : null;
  } catch {
    return null;
  }
}

export function findFfmpeg(env: Record<string, string | undefined> = process.env, opts: { packaged?: boolean } = {}): FfmpegTools {
  if (found && env === process.env) return found;
  const fromEnv = env.FFMPEG_PATH?.trim();
  let tools: FfmpegTools | null = null;
  if (fromEnv) {
    const probe = env.FFPROBE_PATH?.trim() || path.join(path.dirname(fromEnv), process.platform === "win32" ? "ffprobe.exe" : "ffprobe");
    if (!runs(fromEnv)) throw new Error(`FFMPEG_PATH is set to ${fromEnv}, which does not run.`);
    if (!runs(probe)) throw new Error(`ffprobe was looked for at ${probe} (set FFPROBE_PATH), and it does not run.`);
    tools = { ffmpeg: fromEnv, ffprobe: probe };
  } else {
    const ffmpeg = onPath("ffmpeg", env);
    const ffprobe = onPath("ffprobe", env);
    if (ffmpeg && ffprobe && runs(ffmpeg) && runs(ffprobe)) tools = { ffmpeg, ffprobe };
    else if (opts.packaged !== false) tools = packaged();
  }
  if (!tools) throw new FfmpegMissingError();
  if (env === process.env) found = tools;
  return tools;
}

export type RunResult = { code: number | null; stderr: string };

/**
 * Run ffmpeg or ffprobe. At a lowered priority (nice 10) so a transcode never slows the web requests of the
 * same machine; `onLine` gets stdout line by line (ffmpeg's `-progress pipe:1`). The last 8 kB of stderr
 * come back for error messages.
 */
export function runTool(
  bin: string,
  args: string[],
  opts: { onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<RunResult & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], signal: opts.signal });
    if (child.pid) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not permitted here: it runs at normal priority
      }
    }
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (!opts.onLine) {
        stdout += text;
        return;
      }
      partial += text;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) opts.onLine(line);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8192);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, stdout }));
  });
}
