import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/**
 * One local HTTP server speaking the parts of Anthropic's Messages API (`POST /v1/messages`, streamed) and
 * OpenAI's Chat Completions (`POST /v1/chat/completions`, streamed) and Images (`POST /v1/images/generations`)
 * APIs the product calls, with their real request and response shapes — so the official SDKs run in tests
 * with their base URLs pointed here. Each request takes the next scripted behaviour, else `answer` decides.
 */
export type FakeBehaviour =
  | { kind: "answer"; json: unknown; firstTokenDelayMs?: number; chunkDelayMs?: number; chunks?: number }
  /** Tool input (or, in JSON mode, content) that is not what was asked: text as is. */
  | { kind: "raw"; text: string }
  | { kind: "status"; status: number; retryAfter?: string; message?: string }
  /** Accept the request and never answer (the client's timeout ends it). */
  | { kind: "hang" }
  | { kind: "refusal" }
  /** Answer in plain text instead of calling the tool (a server without tool calling). */
  | { kind: "text"; text: string };

export type FakeRequest = { api: "anthropic" | "openai" | "openai-image"; headers: http.IncomingHttpHeaders; body: Record<string, unknown> };

export async function startFakeAi(o: { answer?: (r: FakeRequest) => unknown; openaiWithoutTools?: boolean; anthropicKey?: string; openaiKey?: string } = {}) {
  const script: FakeBehaviour[] = [];
  const requests: FakeRequest[] = [];
  /** When each streamed answer's first text went out, and each request's start and end (ms since the epoch, fractional). */
  const firstTokenAt: number[] = [];
  const timings: { start: number; end: number }[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip") raw = zlib.gunzipSync(raw);
    const body = raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? "/", "http://ai.test").pathname;
    const api: FakeRequest["api"] | null =
      path === "/v1/messages" ? "anthropic" : path === "/v1/chat/completions" ? "openai" : path === "/v1/images/generations" ? "openai-image" : null;
    const json = (status: number, b: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(b));
    };
    if (!api) return json(404, { error: { message: "not found" } });
    const request: FakeRequest = { api, headers: req.headers, body };
    requests.push(request);
    const timing = { start: performance.now() + performance.timeOrigin, end: 0 };
    timings.push(timing);
    res.on("close", () => (timing.end = performance.now() + performance.timeOrigin));
    // Anthropic takes the key as x-api-key or (as SDK 1.x sends it) a bearer token.
    if (api === "anthropic" && o.anthropicKey && req.headers["x-api-key"] !== o.anthropicKey && req.headers.authorization !== `Bearer ${o.anthropicKey}`)
      return json(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    if (api !== "anthropic" && o.openaiKey && req.headers.authorization !== `Bearer ${o.openaiKey}`)
      return json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
    if (api === "openai" && o.openaiWithoutTools && body.tools)
      return json(400, { error: { message: "tools are not supported by this server", type: "invalid_request_error" } });
    const answered = script.length ? undefined : (o.answer?.(request) ?? {});
    // An answer function may return a behaviour instead of JSON: { behaviour: { kind: "raw", … } }.
    const b =
      script.shift() ??
      (answered && typeof answered === "object" && "behaviour" in answered
        ? (answered as { behaviour: FakeBehaviour }).behaviour
        : { kind: "answer" as const, json: answered });
    if (b.kind === "hang") return; // the socket stays open until the client gives up
    if (b.kind === "status") {
      const headers: Record<string, string> = b.retryAfter ? { "retry-after": b.retryAfter } : {};
      if (api === "anthropic")
        return json(b.status, { type: "error", error: { type: b.status === 429 ? "rate_limit_error" : "api_error", message: b.message ?? "error" } }, headers);
      return json(b.status, { error: { message: b.message ?? "error", type: b.status === 429 ? "rate_limit_exceeded" : "server_error" } }, headers);
    }
    if (api === "openai-image") return json(200, { created: 1, data: [{ b64_json: ONE_PIXEL_PNG }] });
    const stream = (events: string[], gaps: { first: number; each: number }) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      // The first event that carries text (Anthropic: after message_start and content_block_start).
      const firstDelta = events.findIndex((e) => /input_json_delta|text_delta|"arguments":"[^"]|"content":"[^"]/.test(e));
      let i = 0;
      const next = () => {
        if (i >= events.length) return void res.end();
        if (i === firstDelta) firstTokenAt.push(performance.now() + performance.timeOrigin);
        res.write(events[i++]);
        setTimeout(next, i === 1 ? gaps.first : gaps.each);
      };
      next();
    };
    const text = b.kind === "answer" ? JSON.stringify(b.json) : b.kind === "raw" || b.kind === "text" ? b.text : "";
    const gaps = { first: b.kind === "answer" ? (b.firstTokenDelayMs ?? 0) : 0, each: b.kind === "answer" ? (b.chunkDelayMs ?? 0) : 0 };
    const pieces = split(text, b.kind === "answer" ? (b.chunks ?? 6) : 3);
    const inTok = Math.ceil(JSON.stringify(body).length / 4);
    const outTok = Math.max(1, Math.ceil(text.length / 4));
    if (api === "anthropic") {
      const tool = ((body.tools as { name: string }[] | undefined) ?? [])[0]?.name ?? "tool";
      const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      const start = sse("message_start", {
        type: "message_start",
        message: {
          id: "msg_fake",
          type: "message",
          role: "assistant",
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inTok, output_tokens: 1 },
        },
      });
      const end = (stop: string) => [
        sse("message_delta", { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: outTok } }),
        sse("message_stop", { type: "message_stop" }),
      ];
      if (b.kind === "refusal")
        return stream(
          [
            start,
            sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
            sse("content_block_stop", { type: "content_block_stop", index: 0 }),
            ...end("refusal"),
          ],
          gaps,
        );
      if (b.kind === "text")
        return stream(
          [
            start,
            sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
            ...pieces.map((p) => sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: p } })),
            sse("content_block_stop", { type: "content_block_stop", index: 0 }),
            ...end("end_turn"),
          ],
          gaps,
        );
      return stream(
        [
          start,
          sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "toolu_fake", name: tool, input: {} } }),
          ...pieces.map((p) => sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: p } })),
          sse("content_block_stop", { type: "content_block_stop", index: 0 }),
          ...end("tool_use"),
        ],
        gaps,
      );
    }
    // OpenAI Chat Completions, streamed.
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const usage = `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: body.model, choices: [], usage: { prompt_tokens: inTok, completion_tokens: outTok, total_tokens: inTok + outTok } })}\n\n`;
    const name = ((body.tools as { function: { name: string } }[] | undefined) ?? [])[0]?.function.name;
    if (b.kind === "refusal")
      return stream(
        [chunk({ role: "assistant", content: null, refusal: "" }), chunk({ refusal: "I can't help with that." }), chunk({}, "stop"), usage, "data: [DONE]\n\n"],
        gaps,
      );
    if (!name || b.kind === "text")
      return stream(
        [chunk({ role: "assistant", content: "" }), ...pieces.map((p) => chunk({ content: p })), chunk({}, "stop"), usage, "data: [DONE]\n\n"],
        gaps,
      );
    return stream(
      [
        chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_fake", type: "function", function: { name, arguments: "" } }] }),
        ...pieces.map((p) => chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] })),
        chunk({}, "tool_calls"),
        usage,
        "data: [DONE]\n\n",
      ],
      gaps,
    );
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    firstTokenAt,
    timings,
    /** Queue behaviours for the next requests, in order. */
    script: (...b: FakeBehaviour[]) => void script.push(...b),
    /** Drop the behaviours not used yet. */
    clearScript: () => void script.splice(0),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function split(text: string, n: number): string[] {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
