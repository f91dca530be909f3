import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Per-account limits that hold even when requests come from many IPs (Better Auth's own
 * limiter is per IP). Memory store: one per server process; see docs/architecture.md.
 */
export const signInLimiter = new RateLimiterMemory({ keyPrefix: "sign-in", points: 5, duration: 15 * 60 });
export const emailLinkLimiter = new RateLimiterMemory({ keyPrefix: "email-link", points: 5, duration: 60 * 60 });

/** Consume one attempt; returns seconds to wait when over the limit, else null. */
export async function consume(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.ceil(res.msBeforeNext / 1000);
    throw res;
  }
}
