import http from "node:http";
import os from "node:os";
import pg from "pg";
import { startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * The creator's dashboard home for a big school, on the production build and the local Postgres: Acme with
 * 20,000 students (enrolled, a third completed, active over the last weeks) and 100,000 orders spread over a
 * year. Goal (issue #14): the page's server time ≤ 200 ms — the owner's GET of /acme on the app host, measured
 * on the loopback to the last byte, 30 requests one after another (p50/p95), after one warm-up.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 20_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);

function request(o: {
  port: number;
  host: string;
  path: string;
  cookie?: string;
  body?: string;
}): Promise<{ status: number; body: string; ms: number; cookies: string[] }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: o.port,
        path: o.path,
        method: o.body ? "POST" : "GET",
        headers: {
          host: o.host,
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...(o.body ? { "content-type": "application/json", origin: `http://${o.host}`, "content-length": Buffer.byteLength(o.body) } : {}),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started, cookies: res.headers["set-cookie"] ?? [] }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : 0;

export async function benchDashboard() {
  process.env.AUTH_RATE_LIMIT = "off";
  return withBenchDatabase("dashboard", { seed: true }, async (DATABASE_URL) => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    const acme = (await pool.query(`select id from creators where slug = 'acme'`)).rows[0].id as string;
    const course = (await pool.query(`select id from courses where creator_id = $1 and slug = 'watercolor-foundations'`, [acme])).rows[0].id as string;
    const offer = (await pool.query(`select id from offers where creator_id = $1 and type = 'one_time' limit 1`, [acme])).rows[0].id as string;
    const filled = performance.now();
    await pool.query(
      `insert into "user" (id, name, email, email_verified, created_at, updated_at)
       select 'bench-' || g, 'Student ' || g, 'bench' || g || '@students.test', true, now(), now() from generate_series(1, $1) g`,
      [STUDENTS],
    );
    await pool.query(
      `insert into students (creator_id, user_id, created_at, last_active_at)
       select $1, 'bench-' || g, now() - (g % 365) * interval '1 day', case when g % 3 = 0 then now() - (g % 60) * interval '1 day' end from generate_series(1, $2) g`,
      [acme, STUDENTS],
    );
    await pool.query(
      `insert into enrollments (creator_id, user_id, course_id, source, enrolled_at, completed_at)
       select $1, 'bench-' || g, $2, 'manual', now() - (g % 365) * interval '1 day', case when g % 3 = 0 then now() - (g % 90) * interval '1 day' end
       from generate_series(1, $3) g`,
      [acme, course, STUDENTS],
    );
    await pool.query(
      `insert into orders (creator_id, user_id, offer_id, status, payment_mode, buyer_signed_in, email, currency, amount_subtotal, amount_total, paid_at, created_at)
       select $1, 'bench-' || (1 + g % $3), $2, 'paid', 'test', true, 'bench' || (1 + g % $3) || '@students.test', 'usd', 4900, 4900,
         now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute', now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute'
       from generate_series(1, $4) g`,
      [acme, offer, STUDENTS, ORDERS],
    );
    await pool.query("analyze");
    const fillSeconds = Math.round((performance.now() - filled) / 100) / 10;

    const port = 3600;
    const host = `app.localhost:${port}`;
    const server = await startServer(port);
    try {
      const signedIn = await request({
        port,
        host,
        path: "/api/auth/sign-in/email",
        body: JSON.stringify({ email: "owner@acme.test", password: "courseforge-demo" }),
      });
      const cookie = signedIn.cookies.map((c) => c.split(";")[0]).join("; ");
      if (signedIn.status !== 200 || !cookie) throw new Error(`owner sign-in failed: ${signedIn.status}`);
      const warm = await request({ port, host, path: "/acme", cookie });
      if (warm.status !== 200 || !warm.body.includes("Revenue, last 30 days")) throw new Error(`dashboard not serving: ${warm.status}`);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) times.push((await request({ port, host, path: "/acme", cookie })).ms);
      times.sort((a, b) => a - b);
      const latencyMs = { p50: pct(times, 50), p95: pct(times, 95), max: pct(times, 100) };
      const result = {
        benchmark: "dashboard",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        database: "postgres",
        school: { students: STUDENTS, orders: ORDERS, enrollments: STUDENTS },
        fillSeconds,
        requests: times.length,
        latencyMs,
        goals: { "dashboard home ≤ 200 ms with 20,000 students and 100,000 orders": latencyMs.p95 <= 200 },
      };
      const file = writeResult("dashboard", result);
      console.log(JSON.stringify({ latencyMs, goals: result.goals }, null, 2));
      console.log(`→ ${file}`);
      return result;
    } finally {
      await pool.end();
      stopServer(server);
    }
  });
}
