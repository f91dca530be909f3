import { DomainError } from "@/lib/errors";

/**
 * Why a render could not be made. `message` is written for the creator (the builder shows it); HeyGen's
 * own words stay in the logs. `retryable`: the same request may succeed later (rate limits, HeyGen down).
 */
export type AvatarErrorCode = "not_configured" | "quota" | "invalid_avatar" | "invalid_voice" | "rejected" | "too_long" | "rate_limited" | "unavailable";

export class AvatarError extends DomainError {
  readonly avatarCode: AvatarErrorCode;
  readonly retryable: boolean;
  constructor(avatarCode: AvatarErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(avatarCode === "rate_limited" || avatarCode === "unavailable" ? "unavailable" : "invalid", message);
    this.name = "AvatarError";
    this.avatarCode = avatarCode;
    this.retryable = avatarCode === "rate_limited" || avatarCode === "unavailable";
    if (options.cause) this.cause = options.cause;
  }
}

/** HeyGen's answer to a request that failed, in the creator's words: by HTTP status and HeyGen's error code and message. */
export function heygenError(status: number, error: { code?: string | number | null; message?: string | null } | null | undefined): AvatarError {
  const said = `${error?.code ?? ""} ${error?.message ?? ""}`.toLowerCase();
  if (status === 401 || status === 403 || /api.?key|unauthori[sz]ed|authenticat/.test(said))
    return new AvatarError("not_configured", "HeyGen refused the platform's API key. The operator needs to check HEYGEN_API_KEY.");
  if (status === 402 || /insufficient|credit|quota|balance|payment/.test(said))
    return new AvatarError("quota", "The avatar service has no rendering quota left right now. Your credits were not used; try again later.");
  if (/moderat|reject|policy|inappropriate|violat|prohibit/.test(said))
    return new AvatarError("rejected", "HeyGen refused this script under its content rules. Change the wording of the scene and render again.");
  if (/too.?long|length|exceed|5000|characters/.test(said))
    return new AvatarError("too_long", "A scene's script is too long for HeyGen. Split it into shorter scenes.");
  if (/avatar/.test(said)) return new AvatarError("invalid_avatar", "HeyGen does not offer this presenter any more. Pick another one.");
  if (/voice/.test(said)) return new AvatarError("invalid_voice", "HeyGen does not offer this voice any more. Pick another one.");
  if (status === 429) return new AvatarError("rate_limited", "HeyGen is busy; the render will try again shortly.");
  if (status >= 500 || status === 0) return new AvatarError("unavailable", "HeyGen could not be reached; the render will try again shortly.");
  return new AvatarError("rejected", `HeyGen could not render this scene${error?.message ? `: ${String(error.message).slice(0, 200)}` : "."}`);
}
