import http from "node:http";
import { expect, type Page } from "@playwright/test";

export const PORT = 3100;
export const url = (host: string, path = "/") => `http://${host}.localhost:${PORT}${path}`;
export const DEMO_PASSWORD = "courseforge-demo";

/** GET with an arbitrary Host header (Node's fetch cannot set Host, nor resolve *.localhost). */
export function rawGet(host: string, path = "/"): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path, method: "GET", headers: { host } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** POST JSON with an arbitrary Host header (see rawGet). */
export function rawPost(host: string, path: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path,
        method: "POST",
        headers: { host, origin: `http://${host}`, "content-type": "application/json", "content-length": Buffer.byteLength(data) },
      },
      (res) => {
        let out = "";
        res.on("data", (c) => (out += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: out }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

export async function signInUi(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

/** Open the newest outbox mail to `to` on the app host and return the first link in it. */
export async function latestMailLink(page: Page, to: string, subject: RegExp): Promise<string> {
  await expect(async () => {
    await page.goto(url("app", `/dev/outbox?to=${encodeURIComponent(to)}`));
    await expect(page.getByRole("link", { name: subject }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name: subject }).first().click();
  const href = await page.getByTestId("email-link").first().getAttribute("href");
  if (!href) throw new Error("no link in mail");
  return href;
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
