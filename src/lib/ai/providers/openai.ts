import "server-only";
import OpenAI from "openai";
import { AiError } from "../errors";
import { tokensIn } from "../prices";
import { mapSdkError } from "./sdk-errors";
import type { StructuredRequest, StructuredResponse, TextProvider } from "./types";

/** Base URLs whose server turned out not to do tool calling: asked in JSON mode from then on (per process). */
const noTools = new Set<string>();

const TOOLS_UNSUPPORTED = /tool|function/i;

/** The JSON object in a reply that may wrap it in a code fence or a sentence. */
export function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

/**
 * OpenAI, or any server speaking its Chat Completions API (OPENAI_BASE_URL: a local model server, a
 * gateway). The answer is a forced function call, streamed. A server without tool calling (it rejects
 * `tools`, or answers in plain text) is asked again in JSON mode: the schema goes into the instructions
 * and the reply's JSON object is the answer — the same validation follows either way.
 */
export function openaiProvider(options: { apiKey: string; baseURL?: string; timeoutMs: number; maxRetries?: number }): TextProvider {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries ?? 2 });
  const key = options.baseURL ?? "https://api.openai.com/v1";

  async function call(req: StructuredRequest, jsonMode: boolean): Promise<StructuredResponse & { toolCalled: boolean }> {
    const system = jsonMode
      ? `${req.system}\n\nAnswer with a single JSON object and nothing else (no prose, no code fence). It must match this JSON Schema:\n${JSON.stringify(req.tool.schema)}`
      : req.system;
    const stream = await client.chat.completions.create(
      {
        model: req.model,
        max_tokens: req.maxTokens,
        messages: [{ role: "system", content: system }, ...req.messages],
        stream: true,
        stream_options: { include_usage: true },
        ...(jsonMode
          ? {}
          : {
              tools: [{ type: "function" as const, function: { name: req.tool.name, description: req.tool.description, parameters: req.tool.schema } }],
              tool_choice: { type: "function" as const, function: { name: req.tool.name } },
            }),
      },
      { signal: req.signal },
    );
    let args = "";
    let content = "";
    let refusal = "";
    let finish: string | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) finish = choice.finish_reason;
      const d = choice.delta;
      if (d?.refusal) refusal += d.refusal;
      const argDelta = d?.tool_calls?.[0]?.function?.arguments;
      if (argDelta) {
        args += argDelta;
        req.onDelta?.(args);
      } else if (d?.content) {
        content += d.content;
        if (jsonMode) req.onDelta?.(content);
      }
    }
    if (refusal || finish === "content_filter") {
      const refused = new AiError("refused", "The model declined to write this. Rephrase the brief and try again.", { retryable: false });
      refused.usage = usage
        ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }
        : { inputTokens: tokensIn(system + req.messages.map((m) => m.content).join("\n")), outputTokens: tokensIn(refusal) };
      throw refused;
    }
    const toolCalled = args.length > 0;
    const raw = toolCalled ? args : extractJson(content);
    return {
      raw,
      toolCalled,
      usage: usage
        ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }
        : { inputTokens: tokensIn(system + req.messages.map((m) => m.content).join("\n")), outputTokens: tokensIn(toolCalled ? args : content) },
      stop: finish === "length" ? "max_tokens" : "done",
    };
  }

  return {
    id: "openai",
    async structured(req: StructuredRequest): Promise<StructuredResponse> {
      try {
        if (noTools.has(key)) return await call(req, true);
        let first: Awaited<ReturnType<typeof call>>;
        try {
          first = await call(req, false);
        } catch (err) {
          const status = (err as { status?: number }).status;
          if (err instanceof OpenAI.APIError && (status === 400 || status === 404 || status === 422 || status === 501) && TOOLS_UNSUPPORTED.test(err.message)) {
            noTools.add(key);
            return await call(req, true);
          }
          throw err;
        }
        // Answered in plain text instead of calling the function: this server does not do tools.
        if (!first.toolCalled && first.stop === "done") noTools.add(key);
        return first;
      } catch (err) {
        throw mapSdkError(err, options.baseURL ? "The AI server" : "OpenAI", OpenAI);
      }
    },
  };
}

/** For the tests: forget which servers lacked tool calling. */
export function resetToolSupportCache() {
  noTools.clear();
}
