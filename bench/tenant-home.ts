import fs from "node:fs";
import os from "node:os";
import { get, load, startServer, stopServer, writeResult } from "./lib";

/**
 * The tenant home page vs (a) a static JS chunk from the same server (the physical limit here) and
 * (b) a trivial static page of the same build (the framework's floor), 10 s each, side by side.
 * Goals (issue #2): home ≥ 0.8× the trivial page's throughput, p95 ≤ 50 ms at 10 connections,
 * no errors at 50 connections.
 */
export async function benchTenantHome() {
  const port = Number(process.env.BENCH_PORT ?? 3200);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const server = await startServer(port);
  try {
    const chunkDir = ".next/static/chunks";
    const chunk = fs
      .readdirSync(chunkDir)
      .filter((f) => f.endsWith(".js"))
      .map((f) => ({ f, size: fs.statSync(`${chunkDir}/${f}`).size }))
      .sort((a, b) => a.size - b.size)[0]!.f;
    const base = `http://127.0.0.1:${port}`;
    const tenant = `acme.localhost:${port}`;
    const root = `localhost:${port}`;
    // warm: render + cache the tenant page, and check each target answers 200 with the right content
    const home = await get(port, tenant, "/");
    if (home.status !== 200 || !home.body.includes("Acme Academy")) throw new Error(`tenant home not serving: ${home.status}`);
    const second = await get(port, tenant, "/");
    const trivial = await get(port, root, "/ping");
    if (trivial.status !== 200) throw new Error("trivial page not serving");

    const targets = {
      staticChunk: await load({
        name: `static chunk /_next/static/chunks/${chunk}`,
        url: `${base}/_next/static/chunks/${chunk}`,
        host: root,
        connections: 10,
        seconds,
      }),
      trivialPage: await load({ name: "trivial page (root host /ping)", url: `${base}/ping`, host: root, connections: 10, seconds }),
      tenantHome: await load({ name: "tenant home (acme.localhost /)", url: `${base}/`, host: tenant, connections: 10, seconds }),
      tenantHome50: await load({ name: "tenant home at 50 connections", url: `${base}/`, host: tenant, connections: 50, seconds }),
    };
    const ratioToTrivial = targets.tenantHome.requestsPerSecond / targets.trivialPage.requestsPerSecond;
    const ratioToStatic = targets.tenantHome.requestsPerSecond / targets.staticChunk.requestsPerSecond;
    const result = {
      benchmark: "tenant-home",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
      tenantHomeCache: second.headers["x-nextjs-cache"] ?? null,
      targets,
      ratios: { tenantHomeToTrivialPage: Math.round(ratioToTrivial * 100) / 100, tenantHomeToStaticChunk: Math.round(ratioToStatic * 100) / 100 },
      goals: {
        "tenant home ≥ 0.8× trivial page": ratioToTrivial >= 0.8,
        "p95 ≤ 50 ms at 10 connections": targets.tenantHome.latencyMs.p95 <= 50,
        "no errors at 50 connections": targets.tenantHome50.errors === 0 && targets.tenantHome50.non2xx === 0 && targets.tenantHome50.timeouts === 0,
      },
    };
    const file = writeResult("tenant-home", result);
    console.log(
      JSON.stringify(
        {
          ratios: result.ratios,
          goals: result.goals,
          rps: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, v.requestsPerSecond])),
          p95: targets.tenantHome.latencyMs.p95,
        },
        null,
        2,
      ),
    );
    console.log(`→ ${file}`);
    return result;
  } finally {
    stopServer(server);
  }
}
