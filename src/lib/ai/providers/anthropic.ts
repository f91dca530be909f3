import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import { AiError } from "../errors";
import { tokensIn } from "../prices";
import { mapSdkError } from "./sdk-errors";
import type { StructuredRequest, StructuredResponse, TextProvider } from "./types";

/**
 * Claude through Anthropic's SDK: the answer is the input of a tool the model is made to call
 * (`tool_choice` forced), streamed so the wizard can show it as it is written. The SDK retries
 * rate limits and server errors with backoff, honouring retry-after.
 */
export function anthropicProvider(options: { apiKey: string; baseURL?: string; timeoutMs: number; maxRetries?: number }): TextProvider {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries ?? 2 });
  return {
    id: "anthropic",
    async structured(req: StructuredRequest): Promise<StructuredResponse> {
      let json = "";
      const usage = { inputTokens: 0, outputTokens: 0 };
      try {
        const stream = client.messages.stream(
          {
            model: req.model,
            max_tokens: req.maxTokens,
            system: req.system,
            messages: req.messages,
            tools: [{ name: req.tool.name, description: req.tool.description, input_schema: req.tool.schema as Anthropic.Tool.InputSchema }],
            tool_choice: { type: "tool", name: req.tool.name },
          },
          { signal: req.signal },
        );
        let stop: string | null = null;
        // The raw deltas (not the SDK's inputJson event, whose parsed snapshot throws on a malformed answer).
        stream.on("streamEvent", (event) => {
          if (event.type === "content_block_delta" && event.delta.type === "input_json_delta") {
            json += event.delta.partial_json;
            req.onDelta?.(json);
          }
          if (event.type === "message_start") usage.inputTokens = event.message.usage.input_tokens;
          if (event.type === "message_delta") {
            usage.outputTokens = event.usage.output_tokens;
            stop = event.delta.stop_reason;
          }
        });
        let message: Anthropic.Message;
        try {
          message = await stream.finalMessage();
        } catch (err) {
          // The SDK parses the tool's input itself and throws on malformed JSON: that answer is ours to judge (and to have mended).
          // (The stream stopped there, before its usage arrived: the answer's length stands in for the tokens it took.)
          if (json && !(err instanceof Anthropic.APIError))
            return {
              raw: json,
              usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens || tokensIn(json) },
              stop: stop === "max_tokens" ? "max_tokens" : "done",
            };
          throw err;
        }
        if (message.stop_reason === "refusal") {
          const refused = new AiError("refused", "The model declined to write this. Rephrase the brief and try again.", { retryable: false });
          refused.usage = { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
          throw refused;
        }
        const tool = message.content.find((b) => b.type === "tool_use");
        const text = message.content.find((b) => b.type === "text");
        // The streamed JSON as written (the SDK parses the tool's input lazily and throws on a malformed one: ours is validated next).
        const raw = json || (tool ? JSON.stringify(tool.input) : text && "text" in text ? text.text : "");
        return {
          raw,
          usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
          stop: message.stop_reason === "max_tokens" ? "max_tokens" : "done",
        };
      } catch (err) {
        const mapped = mapSdkError(err, "Anthropic", Anthropic);
        // Stopped part way (canceled, timed out, cut off): what it used so far is still metered.
        if (mapped instanceof AiError && !mapped.usage && usage.inputTokens)
          mapped.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens || tokensIn(json) };
        throw mapped;
      }
    },
  };
}
