import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

/** The least a public deployment needs. */
const PUBLIC = {
  ROOT_DOMAIN: "courseforge.com",
  BETTER_AUTH_SECRET: "x".repeat(40),
  STRIPE_SECRET_KEY: "sk_live_x",
  STRIPE_WEBHOOK_SECRET: "whsec_x",
  RESEND_API_KEY: "re_x",
};

describe("loadEnv", () => {
  it("boots with nothing set: embedded defaults", () => {
    const e = loadEnv({});
    expect(e.rootDomain).toBe("localhost:3000");
    expect(e.rootHostname).toBe("localhost");
    expect(e.protocol).toBe("http");
    expect(e.databaseDriver).toBe("pglite");
    expect(e.emailTransport).toBe("outbox");
    expect(e.DATA_DIR).toBe(".data");
  });
  it("follows PORT for the root domain", () => {
    expect(loadEnv({ PORT: "3100" }).rootDomain).toBe("localhost:3100");
  });
  it("chooses drivers and transports from the URLs and keys given", () => {
    expect(loadEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db" }).databaseDriver).toBe("pg");
    expect(loadEnv({ DATABASE_URL: "postgresql://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db" }).databaseDriver).toBe("neon");
    expect(loadEnv({ DATABASE_URL: "pglite:memory" }).databaseDriver).toBe("pglite");
    expect(loadEnv({ RESEND_API_KEY: "re_x" }).emailTransport).toBe("resend");
    expect(loadEnv({ SMTP_URL: "smtp://localhost:2525" }).emailTransport).toBe("smtp");
    const prod = loadEnv(PUBLIC);
    expect(prod.protocol).toBe("https");
  });
  it("says clearly what is wrong", () => {
    expect(() => loadEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(/BETTER_AUTH_SECRET must be at least 32 characters/);
    expect(() => loadEnv({ ROOT_DOMAIN: "https://x.com" })).toThrow(/ROOT_DOMAIN/);
    expect(() => loadEnv({ PORT: "abc" })).toThrow(/PORT/);
  });
  it("parses the admin list", () => {
    expect(loadEnv({ PLATFORM_ADMIN_EMAILS: " A@x.com, b@y.com ," }).platformAdmins).toEqual(["a@x.com", "b@y.com"]);
    expect(loadEnv({}).platformAdmins).toEqual(["admin@courseforge.test"]);
    expect(loadEnv({ DATABASE_URL: "postgres://x@127.0.0.1/db" }).platformAdmins).toEqual([]);
  });
});

describe("a public ROOT_DOMAIN fails closed", () => {
  it("refuses to start without a secret, real billing and real email, naming each", () => {
    let message = "";
    try {
      loadEnv({ ROOT_DOMAIN: "courseforge.com" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("courseforge.com");
    expect(message).toMatch(/BETTER_AUTH_SECRET: required/);
    expect(message).toMatch(/STRIPE_SECRET_KEY .* or BILLING_TEST_MODE=1/);
    expect(message).toMatch(/RESEND_API_KEY or SMTP_URL: required/);
  });

  it("has no demo seed, no demo admin, and refuses them when asked", () => {
    const e = loadEnv(PUBLIC);
    expect(e.isLocalRoot).toBe(false);
    expect(e.seedDemo).toBe(false);
    expect(e.platformAdmins).toEqual([]);
    expect(() => loadEnv({ ...PUBLIC, SEED_DEMO: "on" })).toThrow(/SEED_DEMO: the demo seed publishes its passwords/);
    expect(() => loadEnv({ ...PUBLIC, OUTBOX_VIEWER: "open" })).toThrow(/OUTBOX_VIEWER=open: refused/);
    expect(() => loadEnv({ ...PUBLIC, INNGEST_DEV: "1" })).toThrow(/INNGEST_DEV: the Inngest dev server checks no signatures/);
  });

  it("billing test mode and the outbox only when asked for explicitly", () => {
    const e = loadEnv({ ROOT_DOMAIN: PUBLIC.ROOT_DOMAIN, BETTER_AUTH_SECRET: PUBLIC.BETTER_AUTH_SECRET, BILLING_TEST_MODE: "1", EMAIL_TRANSPORT: "outbox" });
    expect(e.emailTransport).toBe("outbox");
    expect(e.BILLING_TEST_MODE).toBe(true);
  });

  it("localhost keeps its embedded defaults (npm run dev, npm start)", () => {
    for (const source of [{}, { ROOT_DOMAIN: "localhost:3100", NODE_ENV: "production" as const }, { ROOT_DOMAIN: "lvh.localhost:3000" }]) {
      const e = loadEnv(source);
      expect(e.isLocalRoot).toBe(true);
      expect(e.seedDemo).toBe(true);
      expect(e.platformAdmins).toEqual(["admin@courseforge.test"]);
    }
  });

  it("TRUSTED_PROXIES must be addresses or ranges", () => {
    expect(() => loadEnv({ TRUSTED_PROXIES: "10.0.0.0/8, loopback, 192.0.2.7" })).not.toThrow();
    expect(() => loadEnv({ TRUSTED_PROXIES: "*" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadEnv({ TRUSTED_PROXIES: "10.0.0.0/99" })).toThrow(/TRUSTED_PROXIES/);
  });
});
