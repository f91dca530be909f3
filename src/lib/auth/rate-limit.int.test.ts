import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

// Several web processes share their counts through Redis (the machine runs one on 6379).
vi.hoisted(() => {
  process.env.REDIS_URL = "redis://127.0.0.1:6379/3";
});

const { afterSignIn, beforeSignIn, closeRateLimitStore, RULES } = await import("./rate-limit");

afterAll(async () => {
  await closeRateLimitStore();
});

describe("per-account limits in Redis", () => {
  it("counts survive a new set of limiters, as a second web process would see them", async () => {
    const attempt = { email: `${randomUUID()}@x.test`, ip: "203.0.113.7" };
    for (let i = 0; i < RULES.signInPerAccountAndIp.points; i++) {
      expect(await beforeSignIn(attempt)).toBeNull();
      await afterSignIn({ ...attempt, ok: false });
    }
    await closeRateLimitStore(); // drops every in-process limiter: only Redis remembers
    const wait = await beforeSignIn(attempt);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(RULES.signInPerAccountAndIp.duration);
    // another address for the same account is not blocked
    expect(await beforeSignIn({ ...attempt, ip: "198.51.100.9" })).toBeNull();
  });

  it("a success clears the address's count for that account", async () => {
    const attempt = { email: `${randomUUID()}@x.test`, ip: "203.0.113.8" };
    for (let i = 0; i < RULES.signInPerAccountAndIp.points - 1; i++) await beforeSignIn(attempt);
    await afterSignIn({ ...attempt, ok: true });
    await closeRateLimitStore();
    for (let i = 0; i < RULES.signInPerAccountAndIp.points; i++) expect(await beforeSignIn(attempt)).toBeNull();
  });
});
