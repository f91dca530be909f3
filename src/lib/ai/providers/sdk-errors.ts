import { AiError } from "../errors";

type SdkErrorClasses = {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
};

/**
 * An SDK's failure (after its own retries: 408/409/429/5xx with backoff, honouring retry-after) in the
 * creator's words. The provider's own message goes to the logs through `cause`, never to the screen.
 */
export function mapSdkError(err: unknown, provider: string, c: SdkErrorClasses): unknown {
  if (err instanceof AiError) return err;
  if (err instanceof c.APIUserAbortError) return new AiError("canceled", "Canceled.", { cause: err });
  if (err instanceof c.APIConnectionTimeoutError)
    return new AiError("timeout", `${provider} did not answer in time. Nothing was charged for it; try again.`, { cause: err });
  if (err instanceof c.APIConnectionError) return new AiError("provider_error", `${provider} could not be reached. Try again in a moment.`, { cause: err });
  if (err instanceof c.APIError) {
    const status = err.status ?? 0;
    if (status === 429) return new AiError("rate_limited", `${provider} is busy (rate limited). Try again in a minute.`, { cause: err });
    if (status === 401 || status === 403)
      return new AiError("provider_error", `${provider} refused the platform's API key. The platform's operator has to fix its configuration.`, {
        retryable: false,
        cause: err,
      });
    if (status >= 500) return new AiError("provider_error", `${provider} had an error. Try again in a moment.`, { cause: err });
    return new AiError("provider_error", `${provider} could not take the request (${status}).`, { retryable: false, cause: err });
  }
  return err;
}
