import http from "node:http";
import os from "node:os";
import fs from "node:fs";
import { chromium } from "@playwright/test";
import lighthouse from "lighthouse";
import pg from "pg";
import { chromiumArgs, chromiumPath } from "../test/chromium";
import { get, startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * Lighthouse (mobile: its default emulated phone and throttling) on a text lesson of the course player, as
 * the enrolled demo student sees it, on the production build with Debian's Chromium. Goal (issue #13):
 * performance ≥ 95. Accessibility and best practices are reported beside it. Three runs; the median
 * performance score is the figure.
 */
function signIn(port: number, host: string): Promise<string> {
  const body = JSON.stringify({ email: "student@acme.test", password: "courseforge-demo" });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/auth/sign-in/email",
        method: "POST",
        headers: { host, origin: `http://${host}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        const c = (res.headers["set-cookie"] ?? []).find((s) => s.startsWith("cf.session_token="));
        res.on("end", () => (c ? resolve(c.split(";")[0]!) : reject(new Error(`sign-in failed: ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function benchLighthouse() {
  process.env.AUTH_RATE_LIMIT = "off";
  return withBenchDatabase("lighthouse", { seed: true }, async (DATABASE_URL) => {
    const port = 3500;
    const host = `acme.localhost:${port}`;
    const server = await startServer(port);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    // Debian's Chromium, driven by Playwright (which sets the student's session cookie) and measured by
    // Lighthouse over the same browser's debugging port.
    const debugPort = 9333;
    const profile = fs.mkdtempSync("/tmp/cf-lighthouse-");
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...chromiumArgs, `--remote-debugging-port=${debugPort}`],
    });
    try {
      const [lesson] = (
        await pool.query(
          `select l.id from lessons l join courses c on c.id = l.course_id
           where c.slug = 'watercolor-foundations' and l.type = 'text' and l.status = 'published' and not l.is_free_preview order by l.position limit 1`,
        )
      ).rows as { id: string }[];
      const url = `http://${host}/learn/watercolor-foundations/${lesson!.id}`;
      const cookie = await signIn(port, host);
      const [name, value] = cookie.split("=") as [string, string];
      await browser.addCookies([{ name, value, domain: "acme.localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
      const check = await get(port, host, new URL(url).pathname, cookie);
      if (check.status !== 200) throw new Error(`the lesson is not served to the signed-in student: ${check.status} ${check.headers.location ?? ""}`);
      const runs: { performance: number; accessibility: number; bestPractices: number; lcpMs: number; tbtMs: number; cls: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await lighthouse(url, {
          port: debugPort,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility", "best-practices"],
          // Keep the session: Lighthouse otherwise clears the origin's storage (cookies included) before loading.
          disableStorageReset: true,
        });
        const lhr = r!.lhr;
        if (lhr.finalDisplayedUrl !== url) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not the lesson (signed out?)`);
        runs.push({
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          bestPractices: Math.round((lhr.categories["best-practices"]?.score ?? 0) * 100),
          lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
          tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
          cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
        });
      }
      const median = [...runs].sort((a, b) => a.performance - b.performance)[1]!;
      const result = {
        benchmark: "lighthouse",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        page: "course player, text lesson (signed-in enrolled student), mobile",
        lighthouse: (await import("lighthouse/package.json", { with: { type: "json" } })).default.version,
        median,
        runs,
        goals: { "mobile performance ≥ 95": median.performance >= 95 },
      };
      const file = writeResult("lighthouse", result);
      console.log(JSON.stringify({ median, goals: result.goals }, null, 2));
      console.log(`→ ${file}`);
      return result;
    } finally {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await pool.end();
      stopServer(server);
    }
  });
}
