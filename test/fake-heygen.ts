import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { promisify } from "node:util";

/**
 * A local HTTP server speaking the part of HeyGen's API the product calls — GET /v2/avatars, GET /v2/voices,
 * POST /v2/video/generate, GET /v1/video_status.get — with the X-Api-Key checked and HeyGen's request and
 * answer shapes, plus the finished MP4s it serves. Each scene becomes a real clip (ffmpeg) whose length
 * follows its text, so stitching and captions are measured on real files. How a video ends is chosen per
 * test (`behaviour`): finished with a signed webhook, finished but seen only by polling, failed (with its
 * webhook), never finished, or finished with a webhook signed with the wrong secret.
 */
export type Behaviour = "webhook" | "poll" | "fail" | "never" | "bad-signature";
export type FakeVideo = {
  id: string;
  callbackId: string;
  inputs: { avatar: string; voice: string; text: string; background: string }[];
  file?: string;
  status: "processing" | "completed" | "failed";
  seconds: number;
};

export const FAKE_AVATARS = [
  { avatar_id: "Angela-inTshirt-20220820", avatar_name: "Angela in T-shirt", gender: "female", preview_image_url: "", preview_video_url: "" },
  { avatar_id: "Tyler-incasualsuit-20220721", avatar_name: "Tyler in Casual Suit", gender: "male", preview_image_url: "", preview_video_url: "" },
];
export const FAKE_VOICES = [
  { voice_id: "1bd001e7e50f421d891986aad5158bc8", name: "Sara - Cheerful", language: "English", gender: "female", preview_audio: "" },
  { voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54", name: "Paul - Natural", language: "English", gender: "male", preview_audio: "" },
];

/** Seconds a fake clip lasts: one per 12 characters of its script, at least 1 (whole seconds, so sums are exact). */
export const fakeSeconds = (text: string) => Math.max(1, Math.round(text.length / 12));

export async function startFakeHeygen(o: {
  apiKey: string;
  webhookSecret: string;
  /** Where webhooks go: a function (the route handler, in integration tests) or the app's address and Host. */
  deliver: ((body: string, signature: string) => Promise<unknown>) | { url: string; host: string };
  port?: number;
}) {
  const videos = new Map<string, FakeVideo>();
  const requests: { method: string; path: string; body?: unknown; headers: http.IncomingHttpHeaders }[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-heygen-"));
  let behaviour: Behaviour = "webhook";
  let n = 0;
  let failWith: { status: number; code: string; message: string } | null = null;

  const webhookFor = (v: FakeVideo, secret = o.webhookSecret) => {
    const body = JSON.stringify(
      v.status === "completed"
        ? { event_type: "avatar_video.success", event_data: { video_id: v.id, url: `${url}/files/${v.id}.mp4`, callback_id: v.callbackId } }
        : {
            event_type: "avatar_video.fail",
            event_data: { video_id: v.id, msg: "Avatar render failed: moderation rejected the script", callback_id: v.callbackId },
          },
    );
    // As HeyGen signs: HMAC-SHA256 of the raw body with the endpoint's secret, hex.
    return { body, signature: createHmac("sha256", secret).update(body, "utf8").digest("hex") };
  };
  const deliver = async (w: { body: string; signature: string }) => {
    if (typeof o.deliver === "function") return o.deliver(w.body, w.signature);
    const to = new URL(o.deliver.url);
    const host = o.deliver.host;
    return new Promise<void>((resolve) => {
      const req = http.request(
        { host: to.hostname, port: to.port, path: to.pathname, method: "POST", headers: { host, "content-type": "application/json", signature: w.signature } },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        },
      );
      req.on("error", () => resolve());
      req.end(w.body);
    });
  };

  async function render(v: FakeVideo, how: Behaviour) {
    if (how === "never") return;
    if (how === "fail") {
      v.status = "failed";
      await deliver(webhookFor(v));
      return;
    }
    const file = path.join(dir, `${v.id}.mp4`);
    await promisify(execFile)(process.env.FFMPEG_PATH ?? "ffmpeg", [
      ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=320x180:rate=25:duration=${v.seconds}`],
      ...["-f", "lavfi", "-i", `sine=frequency=330:sample_rate=48000:duration=${v.seconds}`, "-ac", "2"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
    ]);
    v.file = file;
    v.status = "completed";
    if (how === "webhook") await deliver(webhookFor(v));
    if (how === "bad-signature") await deliver(webhookFor(v, "not-the-secret"));
  }

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://heygen.test");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const body = raw ? JSON.parse(raw) : undefined;
    requests.push({ method: req.method ?? "GET", path: u.pathname + u.search, body, headers: req.headers });
    const json = (status: number, b: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(b));
    };
    const file = /^\/files\/([a-z0-9]+)\.mp4$/.exec(u.pathname);
    if (file && req.method === "GET") {
      const v = videos.get(file[1]!);
      if (!v?.file) return json(404, {});
      res.writeHead(200, { "content-type": "video/mp4", "content-length": fs.statSync(v.file).size });
      return fs.createReadStream(v.file).pipe(res);
    }
    if (req.headers["x-api-key"] !== o.apiKey) return json(401, { error: { code: "authentication_failed", message: "Invalid API key" }, data: null });
    if (req.method === "GET" && u.pathname === "/v2/avatars") return json(200, { error: null, data: { avatars: FAKE_AVATARS, talking_photos: [] } });
    if (req.method === "GET" && u.pathname === "/v2/voices") return json(200, { error: null, data: { voices: FAKE_VOICES } });
    if (req.method === "POST" && u.pathname === "/v2/video/generate") {
      if (failWith) return json(failWith.status, { error: { code: failWith.code, message: failWith.message }, data: null });
      const inputs = (body?.video_inputs ?? []) as {
        character?: { avatar_id?: string };
        voice?: { voice_id?: string; input_text?: string };
        background?: { value?: string };
      }[];
      if (!inputs.length || !body?.dimension) return json(400, { error: { code: "invalid_parameter", message: "video_inputs is required" }, data: null });
      for (const i of inputs) {
        if (!FAKE_AVATARS.some((a) => a.avatar_id === i.character?.avatar_id))
          return json(400, { error: { code: "avatar_not_found", message: "avatar not found" }, data: null });
        if (!FAKE_VOICES.some((a) => a.voice_id === i.voice?.voice_id))
          return json(400, { error: { code: "voice_not_found", message: "voice not found" }, data: null });
        if ((i.voice?.input_text ?? "").length >= 5000)
          return json(400, { error: { code: "invalid_parameter", message: "input_text too long, must be less than 5000 characters" }, data: null });
      }
      const id = `${(++n).toString(16).padStart(8, "0")}${Math.random().toString(16).slice(2, 10)}`;
      const v: FakeVideo = {
        id,
        callbackId: String(body.callback_id ?? ""),
        inputs: inputs.map((i) => ({
          avatar: i.character!.avatar_id!,
          voice: i.voice!.voice_id!,
          text: i.voice!.input_text!,
          background: i.background?.value ?? "",
        })),
        status: "processing",
        seconds: inputs.reduce((s, i) => s + fakeSeconds(i.voice!.input_text!), 0),
      };
      videos.set(id, v);
      const how = behaviour;
      json(200, { error: null, data: { video_id: id } });
      // "poll": HeyGen takes a while (longer than the first status check) and never calls back.
      setTimeout(() => void render(v, how).catch((e) => console.error("fake heygen", e)), how === "poll" ? 1500 : 50);
      return;
    }
    if (req.method === "GET" && u.pathname === "/v1/video_status.get") {
      const v = videos.get(u.searchParams.get("video_id") ?? "");
      if (!v) return json(404, { code: 40001, message: "video not found", data: null });
      return json(200, {
        code: 100,
        message: "Success",
        data: {
          id: v.id,
          callback_id: v.callbackId,
          status: v.status,
          video_url: v.status === "completed" ? `${url}/files/${v.id}.mp4` : null,
          duration: v.status === "completed" ? v.seconds : null,
          error: v.status === "failed" ? { code: 40119, message: "moderation rejected the script", detail: "content policy" } : null,
        },
      });
    }
    json(404, { error: { code: "not_found", message: "Not found" }, data: null });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    videos,
    requests,
    generateRequests: () => requests.filter((r) => r.method === "POST" && r.path === "/v2/video/generate"),
    setBehaviour: (b: Behaviour) => void (behaviour = b),
    failNextWith: (e: { status: number; code: string; message: string } | null) => void (failWith = e),
    /** A video's webhook as HeyGen would send it again (a replay). */
    webhookFor: (videoId: string, secret?: string) => webhookFor(videos.get(videoId)!, secret),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
