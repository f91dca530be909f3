import fs from "node:fs";
import os from "node:os";
import zlib from "node:zlib";
import lighthouse from "lighthouse";
import { chromium } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "../test/chromium";
import { get, load, startServer, stopServer, writeResult } from "./lib";

/**
 * The school's public site (issue #14), side by side in one run on the production build:
 *  - Lighthouse mobile (its emulated phone and throttling, Debian's Chromium) on the school home and a
 *    course's sales page: performance ≥ 98, CLS 0, no render-blocking resource from another origin;
 *  - the JavaScript each page loads, gzipped, against a trivial page of the same build: ≤ trivial + 15 kB;
 *  - sales page throughput ≥ 0.8× the trivial cached page, p95 ≤ 50 ms, at 10 connections.
 */
/** benchmarkIndex: Lighthouse's measure of this machine's CPU (its default 4× slowdown assumes a desktop of ~1500–2000; a busy or weak machine scores lower and its pages with it). */
type Lh = {
  performance: number;
  accessibility: number;
  seo: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  renderBlockingThirdParty: number;
  benchmarkIndex: number;
};

/** Scripts a page loads: its own chunks (gzipped as served) and the inline data it carries. */
function scriptsOf(html: string) {
  const srcs = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!).filter((s) => s.startsWith("/_next/static/"));
  const gzip = (b: Buffer | string) => zlib.gzipSync(b, { level: 9 }).length;
  const files = [...new Set(srcs)].map((src) => {
    const file = `.next/${decodeURIComponent(src.replace(/^\/_next\//, "").split("?")[0]!)}`;
    return { src, gzipBytes: gzip(fs.readFileSync(file)) };
  });
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
  return { files, codeGzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0), inlineGzipBytes: gzip(inline) };
}

export async function benchPublicSite() {
  const port = Number(process.env.BENCH_PORT ?? 3600);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const server = await startServer(port);
  const debugPort = 9334;
  const profile = fs.mkdtempSync("/tmp/cf-lighthouse-");
  try {
    const base = `http://127.0.0.1:${port}`;
    const school = `acme.localhost:${port}`;
    const root = `localhost:${port}`;
    const pages = { home: "/", salesPage: "/courses/watercolor-foundations" };
    // Warm each page (rendered once, then served from the cache) and check it is the real thing.
    for (const p of Object.values(pages)) {
      const r = await get(port, school, p);
      if (r.status !== 200 || !r.body.includes("Acme Academy")) throw new Error(`${p} not serving: ${r.status}`);
      await get(port, school, p);
    }
    const sales = await get(port, school, pages.salesPage);
    if (!sales.body.includes("What you&#x27;ll learn") && !sales.body.includes("What you'll learn")) throw new Error("the sales page has no sections");
    const trivialHtml = (await get(port, root, "/ping")).body;

    const js = { trivialPage: scriptsOf(trivialHtml), home: scriptsOf((await get(port, school, pages.home)).body), salesPage: scriptsOf(sales.body) };
    const overTrivial = (k: "home" | "salesPage") => js[k].codeGzipBytes - js.trivialPage.codeGzipBytes;

    // Lighthouse first, on a quiet machine; the load test after.
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...chromiumArgs, `--remote-debugging-port=${debugPort}`],
    });
    const lh: Record<string, { median: Lh; runs: Lh[] }> = {};
    try {
      // The trivial page too: the framework's own floor on this machine, for comparison.
      for (const [name, url] of [
        ...Object.entries(pages).map(([n, p]) => [n, `http://${school}${p}`] as const),
        ["trivialPage", `http://${root}/ping`] as const,
      ]) {
        const runs: Lh[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await lighthouse(url, { port: debugPort, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "seo"] });
          const lhr = r!.lhr;
          const origin = new URL(url).origin;
          const blocking = ((lhr.audits["render-blocking-resources"]?.details as { items?: { url: string }[] } | undefined)?.items ?? []).filter(
            (it) => new URL(it.url).origin !== origin,
          );
          runs.push({
            performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
            accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
            seo: Math.round((lhr.categories.seo?.score ?? 0) * 100),
            lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
            tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
            cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
            renderBlockingThirdParty: blocking.length,
            benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
          });
        }
        lh[name] = { median: [...runs].sort((a, b) => a.performance - b.performance)[1]!, runs };
      }
    } finally {
      await browser.close();
    }

    // Warm each target (JIT, caches) before the measured runs, so the order of the runs does not decide the figures.
    for (const [u, h] of [
      [`${base}/ping`, root],
      [`${base}${pages.salesPage}`, school],
      [`${base}/`, school],
    ] as const) {
      await load({ name: "warm-up", url: u, host: h, connections: 10, seconds: 3 });
    }
    const targets = {
      trivialPage: await load({ name: "trivial page (root host /ping)", url: `${base}/ping`, host: root, connections: 10, seconds }),
      salesPage: await load({
        name: "sales page (acme /courses/watercolor-foundations)",
        url: `${base}${pages.salesPage}`,
        host: school,
        connections: 10,
        seconds,
      }),
      home: await load({ name: "school home (acme /)", url: `${base}/`, host: school, connections: 10, seconds }),
    };
    const salesRatio = targets.salesPage.requestsPerSecond / targets.trivialPage.requestsPerSecond;

    const result = {
      benchmark: "public-site",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      lighthouseVersion: (await import("lighthouse/package.json", { with: { type: "json" } })).default.version,
      lighthouse: lh,
      javascript: {
        trivialPageGzipBytes: js.trivialPage.codeGzipBytes,
        homeGzipBytes: js.home.codeGzipBytes,
        salesPageGzipBytes: js.salesPage.codeGzipBytes,
        homeOverTrivialBytes: overTrivial("home"),
        salesPageOverTrivialBytes: overTrivial("salesPage"),
        inlineDataGzipBytes: { trivialPage: js.trivialPage.inlineGzipBytes, home: js.home.inlineGzipBytes, salesPage: js.salesPage.inlineGzipBytes },
        files: { home: js.home.files, salesPage: js.salesPage.files, trivialPage: js.trivialPage.files },
      },
      throughput: { targets, salesPageToTrivialPage: Math.round(salesRatio * 100) / 100 },
      goals: {
        "Lighthouse mobile ≥ 98 on the home": lh.home!.median.performance >= 98,
        "Lighthouse mobile ≥ 98 on the sales page": lh.salesPage!.median.performance >= 98,
        "CLS 0 on both": lh.home!.median.cls === 0 && lh.salesPage!.median.cls === 0,
        "no render-blocking third parties": Object.values(lh).every((x) => x.runs.every((r) => r.renderBlockingThirdParty === 0)),
        "home JS ≤ trivial + 15 kB gzip": overTrivial("home") <= 15 * 1024,
        "sales page JS ≤ trivial + 15 kB gzip": overTrivial("salesPage") <= 15 * 1024,
        "sales page ≥ 0.8× trivial page": salesRatio >= 0.8,
        "sales page p95 ≤ 50 ms at 10 connections": targets.salesPage.latencyMs.p95 <= 50,
      },
    };
    const file = writeResult("public-site", result);
    console.log(
      JSON.stringify(
        {
          lighthouse: Object.fromEntries(Object.entries(lh).map(([k, v]) => [k, v.median])),
          javascript: { trivial: js.trivialPage.codeGzipBytes, home: js.home.codeGzipBytes, salesPage: js.salesPage.codeGzipBytes },
          rps: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, v.requestsPerSecond])),
          salesP95: targets.salesPage.latencyMs.p95,
          goals: result.goals,
        },
        null,
        2,
      ),
    );
    console.log(`→ ${file}`);
    return result;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
    stopServer(server);
  }
}
