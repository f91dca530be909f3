import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startServer, stopServer, writeResult } from "./lib";

/**
 * Video (issue #15), two figures:
 *  - pipeline: the process-video durable function (probe, one transcode of the ladder with poster and sprite,
 *    per-rendition uploads to storage, playlists, ready) on a 60 s 720p clip, against ONE plain ffmpeg
 *    command producing the same ladder from the same file → goal: ratio ≤ 1.15
 *  - upload: a 200 MiB file through the direct-upload protocol to the local driver (create, sign, 8 MiB parts,
 *    four in flight, as the builder's uploader sends them), against a plain `curl -T` of the whole file to the
 *    same part route → goal: ≥ 80% of curl's throughput
 */
const RUNS = Number(process.env.BENCH_VIDEO_RUNS ?? 3);
const MiB = 1024 * 1024;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function clip(): string {
  const file = path.join(os.tmpdir(), "cf-bench-720p-60s.mp4");
  if (!fs.existsSync(file))
    execFileSync(process.env.FFMPEG_PATH ?? "ffmpeg", [
      ...["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=60"],
      ...[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=60",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-b:v",
        "4M",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        file,
      ],
    ]);
  return file;
}

/** The same ladder (360p/540p/720p for a 720p source), same encoder settings, in one plain ffmpeg command. */
function plainLadder(input: string, out: string): number {
  fs.rmSync(out, { recursive: true, force: true });
  const rungs = [
    { name: "360p", w: 640, h: 360, v: 800, a: 96 },
    { name: "540p", w: 960, h: 540, v: 1400, a: 128 },
    { name: "720p", w: 1280, h: 720, v: 2800, a: 128 },
  ];
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-i",
    input,
    "-filter_complex",
    `[0:v:0]split=3[s0][s1][s2];${rungs.map((r, i) => `[s${i}]scale=${r.w}:${r.h}[v${i}]`).join(";")}`,
  ];
  rungs.forEach((r, i) => {
    fs.mkdirSync(path.join(out, r.name), { recursive: true });
    args.push(
      ...["-map", `[v${i}]`, "-map", "0:a:0", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p"],
      ...["-b:v", `${r.v}k`, "-maxrate", `${Math.round(r.v * 1.07)}k`, "-bufsize", `${Math.round(r.v * 1.5)}k`],
      ...["-force_key_frames", "expr:gte(t,n_forced*6)", "-sc_threshold", "0", "-c:a", "aac", "-b:a", `${r.a}k`, "-ac", "2"],
      ...[
        "-f",
        "hls",
        "-hls_time",
        "6",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_filename",
        path.join(out, r.name, "seg_%04d.ts"),
        path.join(out, r.name, "index.m3u8"),
      ],
    );
  });
  const t = performance.now();
  const r = spawnSync(process.env.FFMPEG_PATH ?? "ffmpeg", args, { stdio: "inherit" });
  if (r.status !== 0) throw new Error("plain ffmpeg failed");
  return (performance.now() - t) / 1000;
}

async function pipelineOnce(input: string): Promise<number> {
  const { getDb } = await import("@/db/client");
  const { creators, mediaAssets, user } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const { createMediaAsset } = await import("@/db/queries/media");
  const { systemScope } = await import("@/db/scope");
  const { sendEvent } = await import("@/inngest/send");
  const { getStorage, storageKey } = await import("@/lib/storage");
  const { inngestHandler } = await import("@/inngest/serve");
  const { getRunner } = await import("@/inngest/runtime");
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  const [owner] = await db.select().from(user).where(eq(user.email, "owner@acme.test"));
  const id = crypto.randomUUID();
  const key = storageKey({ creatorId: acme!.id, kind: "video", id, filename: "bench.mp4" });
  const bytes = fs.readFileSync(input);
  await getStorage().put(key, bytes, "video/mp4");
  await createMediaAsset(systemScope(acme!.id), owner!.id, {
    id,
    kind: "video",
    filename: "bench.mp4",
    contentType: "video/mp4",
    sizeBytes: bytes.byteLength,
    storageKey: key,
  });
  await db.update(mediaAssets).set({ status: "processing" }).where(eq(mediaAssets.id, id));
  const t = performance.now();
  await sendEvent(null, { name: "media/video.uploaded", data: { creatorId: acme!.id, mediaAssetId: id, storageKey: key } });
  await getRunner(inngestHandler).drain(600_000);
  const seconds = (performance.now() - t) / 1000;
  const [a] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, id));
  if (a?.status !== "ready") throw new Error(`pipeline did not finish: ${a?.status} ${a?.error}`);
  return seconds;
}

function request(port: number, o: { method: string; host: string; path: string; headers?: Record<string, string>; body?: Buffer | string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: o.method, path: o.path, headers: { host: o.host, ...(o.headers ?? {}) } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(o.body);
  });
}

async function uploadBench(): Promise<Record<string, number>> {
  const port = 3340;
  const server = await startServer(port);
  try {
    const host = `app.localhost:${port}`;
    const json = { "content-type": "application/json", origin: `http://${host}` };
    const signIn = await request(port, {
      method: "POST",
      host,
      path: "/api/auth/sign-in/email",
      headers: json,
      body: JSON.stringify({ email: "owner@acme.test", password: "courseforge-demo" }),
    });
    const cookie = (signIn.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
    const size = 200 * MiB;
    const file = path.join(os.tmpdir(), "cf-bench-upload.bin");
    if (!fs.existsSync(file) || fs.statSync(file).size !== size) fs.writeFileSync(file, Buffer.alloc(size, 7));
    const data = fs.readFileSync(file);
    const call = async (body: Record<string, unknown>) => {
      const r = await request(port, { method: "POST", host, path: "/api/uploads/video?org=acme", headers: { ...json, cookie }, body: JSON.stringify(body) });
      if (r.status !== 200) throw new Error(`${body.op}: ${r.status} ${r.body}`);
      return JSON.parse(r.body) as Record<string, unknown>;
    };
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Ours: the protocol, parts one after the other.
      const t = performance.now();
      const created = await call({ op: "create", filename: "bench.mp4", size });
      const up = { key: created.key, uploadId: created.uploadId };
      const parts = Math.ceil(size / (8 * MiB));
      const urls = (await call({ op: "sign", ...up, partNumbers: Array.from({ length: parts }, (_, i) => i + 1) })).urls as Record<string, string>;
      // Four parts in flight at once, as the builder's uploader sends them.
      let next = 1;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let n = next++; n <= parts; n = next++) {
            const r = await request(port, { method: "PUT", host, path: urls[n]!, body: data.subarray((n - 1) * 8 * MiB, Math.min(size, n * 8 * MiB)) });
            if (r.status !== 200) throw new Error(`part ${n}: ${r.status}`);
          }
        }),
      );
      ours.push((performance.now() - t) / 1000);
      await call({ op: "abort", ...up });
      // Baseline: curl -T of the whole file to the same route (a URL signed for one part of its full length).
      const c = await call({ op: "create", filename: "bench.mp4", size: 1 });
      const { LocalStorage } = await import("@/lib/storage/local");
      const local = new LocalStorage(path.resolve(".data/bench/storage"));
      const url = await local.partUrl({ key: c.key as string, uploadId: c.uploadId as string, partNumber: 1, contentLength: size, expiresIn: 600 });
      const tc = performance.now();
      const out = spawnSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-T", file, "-H", `Host: ${host}`, `http://127.0.0.1:${port}${url}`], {
        encoding: "utf8",
      });
      baseline.push((performance.now() - tc) / 1000);
      if (out.stdout !== "200") throw new Error(`curl -T: ${out.stdout} ${out.stderr}`);
      await call({ op: "abort", key: c.key, uploadId: c.uploadId });
    }
    const oursMBs = size / MiB / median(ours);
    const curlMBs = size / MiB / median(baseline);
    return {
      fileMiB: size / MiB,
      partMiB: 8,
      oursSeconds: median(ours),
      curlSeconds: median(baseline),
      oursMiBps: oursMBs,
      curlMiBps: curlMBs,
      ratio: oursMBs / curlMBs,
    };
  } finally {
    stopServer(server);
  }
}

export async function benchVideo() {
  const input = clip();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cf-bench-video-"));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL; // the embedded database and runner, in this process
  const { seedDemo } = await import("@/lib/demo/seed");
  const { migrateDatabase } = await import("@/db/migrate");
  await migrateDatabase();
  await seedDemo();
  const pipeline: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(plainLadder(input, path.join(dataDir, "plain")));
    pipeline.push(await pipelineOnce(input));
  }
  const upload = await uploadBench();
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
    pipeline: {
      clip: "60 s 1280x720 testsrc2 + 440 Hz sine, H.264 4 Mb/s",
      ladder: ["360p", "540p", "720p"],
      pipelineSeconds: median(pipeline),
      plainFfmpegSeconds: median(plain),
      ratio: median(pipeline) / median(plain),
      goal: "ratio ≤ 1.15",
      runs: { pipeline, plain },
    },
    upload: { ...upload, goal: "ours ≥ 0.8 × curl -T" },
  };
  console.log(JSON.stringify(result, null, 2));
  writeResult("video", result);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
