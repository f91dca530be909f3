/**
 * The one base class for expected failures. A query, a domain rule or an action throws a `DomainError`
 * (or a subclass that names the rule: LimitError, VersionConflictError, InsufficientCreditsError…) and the
 * action chain (src/lib/actions/chain.ts) turns it into an `ActionResult` failure in one place; route
 * handlers map `code` to an HTTP status with `httpStatusOf`. Anything else is a bug: logged, and shown
 * as a generic message.
 */
export type FailureCode =
  "unauthenticated" | "forbidden" | "not_found" | "invalid" | "conflict" | "rate_limited" | "limit_reached" | "unavailable" | "internal";

/** What a failure carries beyond its message, typed by kind (read by the screens that act on it). */
export type FailureDetails =
  | { kind: "version_conflict"; currentVersion: number }
  | { kind: "limit_reached"; metric: string; upgradePath: string }
  | { kind: "downgrade_blocked"; blockers: { metric: string; used: number; limit: number }[] }
  | { kind: "insufficient_credits"; requested: number; available: number };

export class DomainError extends Error {
  readonly code: FailureCode;
  readonly fieldErrors?: Record<string, string[]>;
  readonly details?: FailureDetails;

  constructor(code: FailureCode, message: string, extra: { fieldErrors?: Record<string, string[]>; details?: FailureDetails } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.details = extra.details;
  }
}

const HTTP_STATUS: Record<FailureCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  limit_reached: 402,
  unavailable: 503,
  internal: 500,
};

/** The HTTP status a route handler answers for a failure code. */
export function httpStatusOf(code: FailureCode): number {
  return HTTP_STATUS[code];
}
