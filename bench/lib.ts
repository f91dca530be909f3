import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

export type LoadResult = {
  target: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

/** Load one URL with autocannon; p95 is computed from every response's latency. */
export async function load(opts: { name: string; url: string; host: string; connections: number; seconds: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: opts.url, connections: opts.connections, duration: opts.seconds, headers: { host: opts.host }, timeout: 10 },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    target: opts.name,
    connections: opts.connections,
    durationSeconds: opts.seconds,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: Math.round(r.latency.max) },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

export function get(port: number, host: string, p: string, cookie?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: p, headers: { host, ...(cookie ? { cookie } : {}) } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Start the production build (`npm start`: scripts/server.mjs in front of Next) on `port` with a fresh embedded database unless DATABASE_URL is set. */
export async function startServer(port: number): Promise<ChildProcess> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const dataDir = path.resolve(".data/bench");
  if (!process.env.DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(".next/cache/fetch-cache", { recursive: true, force: true });
  fs.rmSync(".next/server/route-cache", { recursive: true, force: true });
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") runs the server under node with those flags.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean);
  const [cmd, args] = ["node", [...(nodeArgs ?? []), "scripts/server.mjs"]];
  const child = spawn(cmd, args, {
    env: {
      ...process.env,
      PORT: String(port),
      ROOT_DOMAIN: `localhost:${port}`,
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "YmVuY2gtb25seS1zZWNyZXQta2V5LWZvci1sb2NhbC1ydW5z",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stderr?.on("data", (d) => process.stderr.write(d));
  const started = Date.now();
  for (;;) {
    try {
      const r = await get(port, `localhost:${port}`, "/api/health");
      if (r.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 60_000) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

export function stopServer(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

export function writeResult(name: string, data: unknown) {
  const dir = path.resolve("bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  return file;
}

/**
 * A fresh, migrated database on the local Postgres (BENCH_PG_URL, default the machine's) for one
 * benchmark, with the demo data when `seed` is set: DATABASE_URL points at it while `fn` runs;
 * afterwards the app's pools are closed, DATABASE_URL is restored and the database dropped.
 */
export async function withBenchDatabase<T>(name: string, opts: { seed: boolean }, fn: (databaseUrl: string) => Promise<T>): Promise<T> {
  const adminUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `cf_bench_${name}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const prev = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url.toString();
  try {
    const { migrateDatabase } = await import("@/db/migrate");
    await migrateDatabase();
    if (opts.seed) {
      const { seedDemo } = await import("@/lib/demo/seed");
      await seedDemo();
    }
    return await fn(url.toString());
  } finally {
    const { closeDb } = await import("@/db/lifecycle");
    await closeDb();
    if (prev === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prev;
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
}
