import { beforeAll, describe, expect, it, vi } from "vitest";

// A public deployment that keeps mail in the outbox on purpose, on the embedded database.
vi.hoisted(() => {
  process.env.ROOT_DOMAIN = "courseforge.example";
  process.env.PUBLIC_PROTOCOL = "http";
  process.env.BILLING_TEST_MODE = "1";
  process.env.EMAIL_TRANSPORT = "outbox";
  process.env.PLATFORM_ADMIN_EMAILS = "admin@courseforge.test,ops@courseforge.test";
});

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

const { seedDemo } = await import("@/lib/demo/seed");
const { authFetch, sessionCookie, signIn } = await import("../../../test/helpers");
const { assertOutboxViewer } = await import("./outbox-access");

const APP = "app.courseforge.example";

beforeAll(async () => {
  await seedDemo();
});

describe("the outbox viewer on a public domain", () => {
  it("is closed to a signed-out visitor (reset links would be readable by anyone)", async () => {
    requestHeaders = new Headers({ host: APP });
    await expect(assertOutboxViewer()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("is closed to an ordinary user and to a listed admin address nobody verified", async () => {
    requestHeaders = new Headers({ host: APP, cookie: await signIn(APP, "owner@acme.test") });
    await expect(assertOutboxViewer()).rejects.toThrow("NEXT_NOT_FOUND");
    const res = await authFetch({ host: APP, path: "/sign-up/email", body: { email: "ops@courseforge.test", password: "long-enough-pw", name: "Ops?" } });
    requestHeaders = new Headers({ host: APP, cookie: sessionCookie(res) });
    await expect(assertOutboxViewer()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("opens for a verified platform admin", async () => {
    requestHeaders = new Headers({ host: APP, cookie: await signIn(APP, "admin@courseforge.test") });
    await expect(assertOutboxViewer()).resolves.toBeUndefined();
  });
});
