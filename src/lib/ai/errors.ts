import { DomainError } from "@/lib/errors";

/**
 * Why an AI request did not give a usable answer. `message` is written for the creator (it is shown in
 * the wizard); provider details stay in the logs. `retryable` says whether trying the same request again
 * later may succeed (the SDKs have already retried rate limits and server errors with backoff).
 */
export type AiErrorCode = "not_configured" | "refused" | "invalid_output" | "timeout" | "rate_limited" | "provider_error" | "canceled";

export class AiError extends DomainError {
  readonly aiCode: AiErrorCode;
  readonly retryable: boolean;
  /** Tokens the request used before it failed (a refusal, or a stream stopped part way), when known: still metered. */
  usage?: { inputTokens: number; outputTokens: number };
  constructor(aiCode: AiErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(aiCode === "not_configured" ? "invalid" : "unavailable", message);
    this.name = "AiError";
    this.aiCode = aiCode;
    this.retryable = options.retryable ?? (aiCode === "timeout" || aiCode === "rate_limited" || aiCode === "provider_error");
    if (options.cause) this.cause = options.cause;
  }
}
