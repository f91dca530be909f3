import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Per-account limits on the auth endpoints, on top of Better Auth's per-IP limiter.
 *
 * Keyed by **account and client address**, so a stranger cannot lock someone else out: five wrong
 * passwords from one address block that address for that account, not the owner signing in from
 * elsewhere. A looser per-account ceiling (failures from every address together) still stops a
 * distributed guess. The same shape holds for emailed links (reset, magic link, verification).
 *
 * Counts live in Redis when REDIS_URL is set (several web processes share them), in process memory
 * otherwise. If Redis is unreachable the memory store takes over for that call (never fail open to
 * "no limit", never fail closed to "nobody can sign in").
 */
type Rule = { keyPrefix: string; points: number; duration: number };

export const RULES = {
  signInPerAccountAndIp: { keyPrefix: "sign-in:acct-ip", points: 5, duration: 15 * 60 },
  signInFailuresPerAccount: { keyPrefix: "sign-in:acct", points: 50, duration: 60 * 60 },
  emailLinkPerAddressAndIp: { keyPrefix: "email-link:addr-ip", points: 5, duration: 60 * 60 },
  emailLinkPerAddress: { keyPrefix: "email-link:addr", points: 20, duration: 60 * 60 },
  // Checkouts create accounts and send mail for the address typed: a few a minute per address (a school or office shares one).
  checkoutPerIp: { keyPrefix: "checkout:ip", points: 30, duration: 10 * 60 },
  // Trying coupon codes on a checkout page: enough for typos, not for guessing codes.
  couponTriesPerIp: { keyPrefix: "coupon:ip", points: 30, duration: 10 * 60 },
} satisfies Record<string, Rule>;

type RuleName = keyof typeof RULES;

const g = globalThis as unknown as { __cfLimiters?: Map<string, RateLimiterAbstract>; __cfRedis?: Redis | null; __cfRedisReady?: Promise<void> };

/**
 * The Redis client, connected (commands are not queued while it is down: the memory store answers
 * instead). The first call waits up to two seconds for the connection.
 */
async function redis(): Promise<Redis | null> {
  if (g.__cfRedis === undefined) {
    const url = env().REDIS_URL;
    if (!url) return (g.__cfRedis = null);
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    client.on("error", (err) => logger.warn("rate_limit.redis_error", { error: err.message }));
    g.__cfRedis = client;
    g.__cfRedisReady = new Promise<void>((resolve) => {
      const done = () => resolve();
      client.once("ready", done);
      setTimeout(done, 2000).unref();
    });
  }
  await g.__cfRedisReady;
  return g.__cfRedis;
}

async function limiter(name: RuleName): Promise<RateLimiterAbstract> {
  g.__cfLimiters ??= new Map();
  let l = g.__cfLimiters.get(name);
  if (!l) {
    const rule = RULES[name];
    const client = await redis();
    l = client
      ? new RateLimiterRedis({ ...rule, storeClient: client, keyPrefix: `cf:${rule.keyPrefix}`, insuranceLimiter: new RateLimiterMemory(rule) })
      : new RateLimiterMemory(rule);
    g.__cfLimiters.set(name, l);
  }
  return l;
}

/** Close the Redis connection (tests, worker shutdown). */
export async function closeRateLimitStore(): Promise<void> {
  const client = g.__cfRedis;
  g.__cfRedis = undefined;
  g.__cfRedisReady = undefined;
  g.__cfLimiters = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}

function secondsLeft(res: unknown): number {
  if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  throw res;
}

/** Spend one point; seconds to wait when over the limit, else null. */
async function consume(name: RuleName, key: string): Promise<number | null> {
  try {
    await (await limiter(name)).consume(key);
    return null;
  } catch (res) {
    return secondsLeft(res);
  }
}

/** Seconds to wait if the key has already used up its points, else null (spends nothing). */
async function blocked(name: RuleName, key: string): Promise<number | null> {
  const res = await (await limiter(name)).get(key);
  if (res && res.consumedPoints >= RULES[name].points) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return null;
}

/** IPv6 clients get a whole /64 each (one address is free to them), so the key is the /64. */
export function ipKey(ip: string | null): string {
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

const ipPart = ipKey;

export type Attempt = { email: string; ip: string | null };

/** Before checking a password: seconds to wait, or null to go ahead (spends one attempt for this address). */
export async function beforeSignIn(a: Attempt): Promise<number | null> {
  return (await blocked("signInFailuresPerAccount", a.email)) ?? (await consume("signInPerAccountAndIp", `${a.email}|${ipPart(a.ip)}`));
}

/** After the password was checked. */
export async function afterSignIn(a: Attempt & { ok: boolean }): Promise<void> {
  if (a.ok) await (await limiter("signInPerAccountAndIp")).delete(`${a.email}|${ipPart(a.ip)}`);
  else await consume("signInFailuresPerAccount", a.email);
}

/** Before placing an order from a school's checkout page: seconds to wait, or null. */
export async function beforeCheckout(ip: string | null): Promise<number | null> {
  return consume("checkoutPerIp", ipPart(ip));
}

/** Before looking a coupon code up for a visitor: seconds to wait, or null. */
export async function beforeCouponTry(ip: string | null): Promise<number | null> {
  return consume("couponTriesPerIp", ipPart(ip));
}

/** Before sending a link by email (path = which kind): seconds to wait, or null. */
export async function beforeEmailLink(a: Attempt & { path: string }): Promise<number | null> {
  return (await consume("emailLinkPerAddressAndIp", `${a.path}|${a.email}|${ipPart(a.ip)}`)) ?? (await consume("emailLinkPerAddress", `${a.path}|${a.email}`));
}
