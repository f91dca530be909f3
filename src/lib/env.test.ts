import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

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
    const prod = loadEnv({ ROOT_DOMAIN: "courseforge.com" });
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
