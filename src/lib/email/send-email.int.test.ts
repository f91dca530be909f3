import http from "node:http";
import type { AddressInfo } from "node:net";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { VerifyEmail } from "@/emails/verify-email";
import { PLATFORM_BRAND } from "@/emails/components/email-layout";

/** A local HTTP server speaking the part of Resend's API we use (POST /emails). */
type Received = { auth: string | undefined; body: Record<string, unknown> };
const received: Received[] = [];
let failNext = false;
const server = http.createServer((req, res) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => {
    if (req.method === "POST" && req.url === "/emails") {
      if (failNext) {
        failNext = false;
        res.writeHead(422, { "content-type": "application/json" });
        res.end(JSON.stringify({ statusCode: 422, name: "validation_error", message: "Invalid `to` field." }));
        return;
      }
      received.push({ auth: req.headers.authorization, body: JSON.parse(data) });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `re_${received.length}` }));
      return;
    }
    res.writeHead(404).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  vi.stubEnv("RESEND_API_KEY", "re_test_key");
  vi.stubEnv("RESEND_BASE_URL", `http://127.0.0.1:${port}`);
  vi.resetModules();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((r) => server.close(r));
});

describe("sendEmail through the real Resend SDK", () => {
  it("delivers rendered HTML and text, and records the message with the provider id", async () => {
    const { sendEmail } = await import("./send-email");
    const { listOutbox } = await import("@/db/queries/email");
    const r = await sendEmail({
      to: "Ada@Example.com",
      subject: "Confirm",
      react: createElement(VerifyEmail, { brand: PLATFORM_BRAND, name: "Ada", url: "http://app.localhost:3000/x" }),
      tag: "verify-email",
      scope: null,
    });
    expect(r).toMatchObject({ status: "sent", providerMessageId: "re_1" });
    expect(received[0]!.auth).toBe("Bearer re_test_key");
    expect(received[0]!.body).toMatchObject({ to: "Ada@Example.com", subject: "Confirm" });
    expect(String(received[0]!.body.html)).toContain("http://app.localhost:3000/x");
    expect(String(received[0]!.body.text)).toContain("Hi Ada");
    // sent through a provider, so it is not in the local outbox viewer
    expect(await listOutbox()).toEqual([]);
  });

  it("records a provider failure and throws so the caller (a job) can retry", async () => {
    const { sendEmail } = await import("./send-email");
    failNext = true;
    await expect(
      sendEmail({
        to: "bad",
        subject: "S",
        react: createElement(VerifyEmail, { brand: PLATFORM_BRAND, name: "A", url: "http://x" }),
        tag: "verify-email",
        scope: null,
      }),
    ).rejects.toThrow(/Invalid `to` field/);
  });
});
