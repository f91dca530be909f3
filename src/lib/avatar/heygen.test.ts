import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AvatarError } from "./errors";
import { heygenClient, signHeygenWebhook, verifyHeygenSignature } from "./heygen";
import { avatarSetup, clipUrlAllowed } from "./renderer";

/** A scripted server: each path answers from its queue of [status, body] (the last one repeats). */
const script = new Map<string, [number, unknown][]>();
const seen: { method: string; path: string; key?: string; idem?: string }[] = [];
const server = http.createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0]!;
  seen.push({ method: req.method!, path, key: req.headers["x-api-key"] as string, idem: req.headers["idempotency-key"] as string | undefined });
  const queue = script.get(`${req.method} ${path}`) ?? [[404, { error: { code: "not_found", message: "no" } }]];
  const [status, body] = queue.length > 1 ? queue.shift()! : queue[0]!;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script.clear();
  seen.length = 0;
});
const client = heygenClient({ apiKey: "k-123", baseUrl: base, backoffMs: 1 });
const scene = { avatarId: "a", voiceId: "v", text: "Hello.", background: "#000000" };
const avatars = {
  error: null,
  data: { avatars: [{ avatar_id: "a", avatar_name: "Ann", gender: "female", preview_image_url: "https://files.heygen.ai/a.png" }] },
};

describe("HeyGen client", () => {
  it("reads are retried on server errors and rate limits, with the API key; answers are typed", async () => {
    script.set("GET /v2/avatars", [
      [503, { error: { message: "down" } }],
      [429, { error: { message: "slow down" } }],
      [200, avatars],
    ]);
    expect(await client.listAvatars()).toEqual([
      { id: "a", name: "Ann", gender: "female", previewImageUrl: "https://files.heygen.ai/a.png", previewVideoUrl: null },
    ]);
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.key === "k-123")).toBe(true);
  });

  it("creating a video is not retried after a server error (it may have been made), only after a 429; it carries an idempotency key", async () => {
    script.set("POST /v2/video/generate", [[500, { error: { code: "internal", message: "oops" } }]]);
    await expect(client.createVideo({ scenes: [scene], callbackId: "clip-1", title: "t" })).rejects.toMatchObject({ avatarCode: "unavailable" });
    expect(seen).toHaveLength(1);
    seen.length = 0;
    script.set("POST /v2/video/generate", [
      [429, { error: { code: "rate_limit", message: "too many" } }],
      [200, { error: null, data: { video_id: "vid-9" } }],
    ]);
    expect(await client.createVideo({ scenes: [scene], callbackId: "clip-2", title: "t" })).toBe("vid-9");
    expect(seen.map((s) => s.idem)).toEqual(["clip-2", "clip-2"]);
  });

  it("HeyGen's refusals come back in the creator's words; an answer of the wrong shape is refused", async () => {
    script.set("POST /v2/video/generate", [[400, { error: { code: "avatar_not_found", message: "Avatar not found" } }]]);
    await expect(client.createVideo({ scenes: [scene], callbackId: "c", title: "t" })).rejects.toMatchObject({ avatarCode: "invalid_avatar" });
    script.set("POST /v2/video/generate", [[402, { error: { code: "insufficient_credit", message: "no credit" } }]]);
    await expect(client.createVideo({ scenes: [scene], callbackId: "c", title: "t" })).rejects.toMatchObject({ avatarCode: "quota" });
    script.set("GET /v2/voices", [[200, { error: null, data: { voices: [{ name: "no id" }] } }]]);
    const err = await client.listVoices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AvatarError);
    expect((err as AvatarError).message).not.toContain("k-123");
  });

  it("a video's status: processing, completed with its file, failed with why", async () => {
    script.set("GET /v1/video_status.get", [
      [200, { code: 100, data: { id: "v", status: "processing", video_url: null } }],
      [200, { code: 100, data: { id: "v", status: "completed", video_url: "https://files2.heygen.ai/v.mp4", duration: 7.5 } }],
      [200, { code: 100, data: { id: "v", status: "failed", error: { code: 40119, message: "moderation rejected the script" } } }],
    ]);
    expect(await client.videoStatus("v")).toMatchObject({ status: "processing" });
    expect(await client.videoStatus("v")).toMatchObject({ status: "completed", videoUrl: "https://files2.heygen.ai/v.mp4", durationSeconds: 7.5 });
    expect(await client.videoStatus("v")).toMatchObject({ status: "failed", error: expect.stringMatching(/content rules/) });
  });
});

describe("HeyGen webhooks' signature", () => {
  it("is HMAC-SHA256 of the raw body with the endpoint's secret; anything else is refused", () => {
    const body = '{"event_type":"avatar_video.success","event_data":{"video_id":"v"}}';
    const sig = signHeygenWebhook(body, "s3cret-s3cret");
    expect(verifyHeygenSignature(body, sig, "s3cret-s3cret")).toBe(true);
    expect(verifyHeygenSignature(body, sig.toUpperCase(), "s3cret-s3cret")).toBe(true);
    expect(verifyHeygenSignature(body + " ", sig, "s3cret-s3cret")).toBe(false);
    expect(verifyHeygenSignature(body, sig, "another-secret")).toBe(false);
    expect(verifyHeygenSignature(body, null, "s3cret-s3cret")).toBe(false);
    expect(verifyHeygenSignature(body, "abc", "s3cret-s3cret")).toBe(false);
  });
});

describe("where HeyGen's files may come from, and who renders", () => {
  it("only HeyGen's own https hosts (or the configured API origin, for a stand-in)", () => {
    const api = "https://api.heygen.com";
    expect(clipUrlAllowed("https://files2.heygen.ai/aws_pacific/x.mp4?Expires=1", api)).toBe(true);
    expect(clipUrlAllowed("https://resource.heygen.com/x.mp4", api)).toBe(true);
    expect(clipUrlAllowed("http://files2.heygen.ai/x.mp4", api)).toBe(false);
    expect(clipUrlAllowed("https://heygen.ai.evil.test/x.mp4", api)).toBe(false);
    expect(clipUrlAllowed("https://evilheygen.ai/x.mp4", api)).toBe(false);
    expect(clipUrlAllowed("https://user:pw@files2.heygen.ai/x.mp4", api)).toBe(false);
    expect(clipUrlAllowed("https://files2.heygen.ai:8443/x.mp4", api)).toBe(false);
    expect(clipUrlAllowed("http://169.254.169.254/latest", api)).toBe(false);
    expect(clipUrlAllowed("http://127.0.0.1:5392/files/x.mp4", "http://127.0.0.1:5392")).toBe(true);
    expect(clipUrlAllowed("not a url", api)).toBe(false);
  });

  it("HeyGen with a key; locally the sample renderer; on a public domain without a key, nobody (the page says how to configure it)", () => {
    expect(avatarSetup({ HEYGEN_API_KEY: "k", HEYGEN_WEBHOOK_SECRET: "whsecret1", AVATAR_SAMPLE_RENDERER: undefined, isLocalRoot: false })).toEqual({
      renderer: "heygen",
      webhooks: true,
    });
    expect(avatarSetup({ HEYGEN_API_KEY: undefined, HEYGEN_WEBHOOK_SECRET: undefined, AVATAR_SAMPLE_RENDERER: undefined, isLocalRoot: true }).renderer).toBe(
      "sample",
    );
    expect(avatarSetup({ HEYGEN_API_KEY: undefined, HEYGEN_WEBHOOK_SECRET: undefined, AVATAR_SAMPLE_RENDERER: undefined, isLocalRoot: false }).renderer).toBe(
      null,
    );
    expect(avatarSetup({ HEYGEN_API_KEY: undefined, HEYGEN_WEBHOOK_SECRET: undefined, AVATAR_SAMPLE_RENDERER: true, isLocalRoot: false }).renderer).toBe(
      "sample",
    );
  });
});
