import http from "node:http";
import os from "node:os";
import pg from "pg";
import { startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * The course player under a class clicking through at once, on the production build and the local
 * Postgres: 50 students, each signed in on acme's site and enrolled in the demo course, each moving to the
 * next lesson (GET /learn/<course>/<lesson>, the whole page as the browser gets it), for BENCH_SECONDS:
 *  - clicking: each student clicks Next a second after the last lesson arrived (as fast as a person
 *    clicks through; ~50 pages/s) → goal (issue #13): p95 ≤ 100 ms server time, measured on the loopback
 *    from request to the page's last byte
 *  - flat out: no pause at all (50 requests always in flight) → what the server can do on this machine;
 *    its latency is queueing (50 ÷ pages per second), reported, not a goal
 * Also: no errors, and every page is the lesson asked for.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 50);
const agent = new http.Agent({ keepAlive: true, maxSockets: STUDENTS + 4 });

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
        agent,
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
        res.on("end", () => {
          const setCookie = res.headers["set-cookie"] ?? [];
          resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started, cookies: setCookie });
        });
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : 0;

export async function benchPlayer() {
  process.env.AUTH_RATE_LIMIT = "off";
  return withBenchDatabase("player", { seed: true }, async (DATABASE_URL) => {
    const port = 3400;
    const host = `acme.localhost:${port}`;
    const seconds = Number(process.env.BENCH_SECONDS ?? 15);
    const server = await startServer(port);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    try {
      const acme = (await pool.query(`select id from creators where slug = 'acme'`)).rows[0].id as string;
      const course = (await pool.query(`select id from courses where creator_id = $1 and slug = 'watercolor-foundations'`, [acme])).rows[0].id as string;
      const lessons = (
        await pool.query(
          `select l.id, l.title from lessons l join course_modules m on m.id = l.module_id
           where l.creator_id = $1 and l.course_id = $2 and l.status = 'published' order by m.position, l.position`,
          [acme, course],
        )
      ).rows as { id: string; title: string }[];

      // 50 students sign up on the school's site (as in the browser) and are enrolled in the course.
      const cookies: string[] = [];
      for (let i = 0; i < STUDENTS; i++) {
        const email = `bench.student.${i}.${Date.now()}@students.test`;
        const r = await request({
          port,
          host,
          path: "/api/auth/sign-up/email",
          body: JSON.stringify({ email, password: "bench-password-123", name: `Bench Student ${i}` }),
        });
        const c = r.cookies.find((s) => s.startsWith("cf.session_token="));
        if (r.status !== 200 || !c) throw new Error(`sign-up failed: ${r.status} ${r.body.slice(0, 200)}`);
        // Every cookie the browser would keep (the session token and Better Auth's signed session cache).
        cookies.push(r.cookies.map((x) => x.split(";")[0]!).join("; "));
        await pool.query(`insert into enrollments (creator_id, user_id, course_id, source) select $1, u.id, $2, 'manual' from "user" u where u.email = $3`, [
          acme,
          course,
          email,
        ]);
      }
      const path = (i: number) => `/learn/watercolor-foundations/${lessons[i % lessons.length]!.id}`;
      // Warm each lesson once (first renders compile nothing in production, but fill the tenant look-up cache).
      for (let i = 0; i < lessons.length; i++) {
        const w = await request({ port, host, path: path(i), cookie: cookies[0] });
        if (w.status !== 200 || !w.body.includes(lessons[i]!.title)) throw new Error(`lesson page not serving: ${w.status}`);
      }

      const run = async (pauseMs: number) => {
        const latencies: number[] = [];
        let errors = 0;
        let wrongPage = 0;
        const until = Date.now() + seconds * 1000;
        await Promise.all(
          cookies.map(async (cookie, s) => {
            let i = s % lessons.length;
            // Students start spread over the first pause, as a class does.
            if (pauseMs) await new Promise((r) => setTimeout(r, Math.random() * pauseMs));
            while (Date.now() < until) {
              i = (i + 1) % lessons.length;
              try {
                const r = await request({ port, host, path: path(i), cookie });
                if (r.status !== 200) errors++;
                else if (!r.body.includes(lessons[i]!.title)) wrongPage++;
                latencies.push(r.ms);
              } catch {
                errors++;
              }
              if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
            }
          }),
        );
        latencies.sort((a, b) => a - b);
        return {
          pauseMs,
          pagesServed: latencies.length,
          pagesPerSecond: Math.round(latencies.length / seconds),
          latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: pct(latencies, 100) },
          errors,
          wrongPage,
        };
      };
      const clicking = await run(Number(process.env.BENCH_PAUSE_MS ?? 1000));
      const flatOut = await run(0);
      const result = {
        benchmark: "player",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        database: "postgres",
        students: STUDENTS,
        lessonsInCourse: lessons.length,
        durationSeconds: seconds,
        clicking,
        flatOut,
        goals: {
          "next lesson p95 ≤ 100 ms with 50 students clicking through": clicking.latencyMs.p95 <= 100,
          "no errors": [clicking, flatOut].every((r) => r.errors === 0 && r.wrongPage === 0),
        },
      };
      const file = writeResult("player", result);
      console.log(JSON.stringify({ clicking, flatOut, goals: result.goals }, null, 2));
      console.log(`→ ${file}`);
      return result;
    } finally {
      await pool.end();
      stopServer(server);
    }
  });
}
