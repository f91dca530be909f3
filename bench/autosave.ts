import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import zlib from "node:zlib";
import { startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * Course-builder autosave, end to end through Next.js: 10 editors, each saving its own lesson
 * through the real `saveLessonAction` server action on `next start` over HTTP (session,
 * membership, zod, TipTap render, sanitize, versioned UPDATE + audit on the local Postgres) — once
 * as people typing (a save a second each), once saturated (back to back). Goal (issue #5): p95 ≤
 * 50 ms at 10 concurrent editors. Also reports the builder route's first-load JS (every script the
 * page loads, raw and gzipped).
 */

function request(port: number, opts: { method: string; host: string; path: string; headers?: Record<string, string>; body?: string }, agent?: http.Agent) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: opts.method,
        path: opts.path,
        agent,
        headers: { host: opts.host, ...(opts.body ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

function lessonDoc(editor: number, n: number) {
  const para = (i: number) => ({
    type: "paragraph",
    content: [
      {
        type: "text",
        text: `Editor ${editor}, save ${n}, paragraph ${i}: wet the paper evenly, load the brush, and pull the bead of paint down the page in overlapping strokes. `,
      },
    ],
  });
  return {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: `Flat washes (${n})` }] },
      ...Array.from({ length: 12 }, (_, i) => para(i)),
      { type: "paragraph", content: [{ type: "text", text: "Reference", marks: [{ type: "link", attrs: { href: "https://example.com/washes" } }] }] },
      {
        type: "bulletList",
        content: ["Brush", "Paper", "Paint"].map((t) => ({ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: t }] }] })),
      },
    ],
  };
}

export function benchAutosave() {
  const port = Number(process.env.BENCH_PORT ?? 3210);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const editors = 10;
  return withBenchDatabase("autosave", { seed: true }, async () => {
    let server: ReturnType<typeof startServer> extends Promise<infer S> ? S : never = undefined as never;
    try {
      const { findUserByEmail } = await import("@/db/queries/users");
      const { findSiteRecord } = await import("@/db/scope");
      const { systemScope } = await import("@/db/scope");
      const { createCourse } = await import("@/db/queries/courses");
      const { createLesson } = await import("@/db/queries/lessons");
      const { createModule } = await import("@/db/queries/modules");
      const owner = (await findUserByEmail("owner@acme.test"))!;
      const acme = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
      const scope = systemScope(acme.id);
      const { changePlan } = await import("@/db/queries/limits");
      await changePlan(scope, { actorUserId: owner.id, planId: "business" });
      const lessons: { courseId: string; lessonId: string }[] = [];
      for (let i = 0; i < editors; i++) {
        const c = await createCourse(scope, owner.id, { title: `Bench ${i}`, slug: `bench-${i}` });
        const m = await createModule(scope, { actorUserId: owner.id, courseId: c.id, title: "Module" });
        lessons.push({ courseId: c.id, lessonId: (await createLesson(scope, { actorUserId: owner.id, moduleId: m.id, title: "Lesson", type: "text" })).id });
      }
      const { closeDb } = await import("@/db/lifecycle");
      await closeDb();

      server = await startServer(port);
      const appHost = `app.localhost:${port}`;
      const signIn = await request(port, {
        method: "POST",
        host: appHost,
        path: "/api/auth/sign-in/email",
        headers: { "content-type": "application/json", origin: `http://${appHost}` },
        body: JSON.stringify({ email: "owner@acme.test", password: "courseforge-demo" }),
      });
      const cookie = (signIn.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
      if (signIn.status !== 200 || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
      const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
        node: Record<string, { exportedName: string; filename: string }>;
      };
      const actionId = Object.entries(manifest.node).find(([, v]) => v.exportedName === "saveLessonAction")?.[0];
      if (!actionId) throw new Error("saveLessonAction not in the build");

      // First-load JS of the builder route: every script the page references.
      const page = await request(port, {
        method: "GET",
        host: appHost,
        path: `/acme/courses/${lessons[0]!.courseId}?lesson=${lessons[0]!.lessonId}`,
        headers: { cookie },
      });
      if (page.status !== 200 || !page.body.includes("course-builder")) throw new Error(`builder page not serving: ${page.status}`);
      const scripts = [...new Set([...page.body.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!))];
      let raw = 0;
      let gzip = 0;
      for (const s of scripts) {
        const file = `.next/${s.replace(/^\/_next\//, "")}`;
        const buf = fs.readFileSync(decodeURIComponent(file));
        raw += buf.length;
        gzip += zlib.gzipSync(buf).length;
      }

      const agent = new http.Agent({ keepAlive: true, maxSockets: editors });
      const save = (i: number, version: number, n: number) =>
        request(
          port,
          {
            method: "POST",
            host: appHost,
            path: `/acme/courses/${lessons[i]!.courseId}?lesson=${lessons[i]!.lessonId}`,
            headers: { cookie, origin: `http://${appHost}`, "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
            body: JSON.stringify(["acme", { lessonId: lessons[i]!.lessonId, version, body: { kind: "doc", doc: lessonDoc(i, n) } }]),
          },
          agent,
        );
      // Warm up (first render of the action's module graph).
      for (let i = 0; i < editors; i++) {
        const r = await save(i, 1, 0);
        if (!/"ok":true/.test(r.body)) throw new Error(`warm-up save failed: ${r.status} ${r.body.slice(0, 300)}`);
      }
      const versions = lessons.map(() => 2);
      let counter = 1;
      /**
       * Each editor saves, then waits `pauseMs` (± 30% jitter) before the next save. An editor in the
       * builder saves at most about once a second while typing (700 ms debounce + the save itself), so
       * pauseMs = 1000 is 10 people typing at once; pauseMs = 0 is saturation (saves back to back).
       */
      async function run(pauseMs: number, runSeconds: number) {
        const latencies: number[] = [];
        let errors = 0;
        let conflicts = 0;
        const end = Date.now() + runSeconds * 1000;
        await Promise.all(
          lessons.map(async (_, i) => {
            if (pauseMs) await new Promise((r) => setTimeout(r, Math.random() * pauseMs));
            while (Date.now() < end) {
              const t0 = performance.now();
              const r = await save(i, versions[i]!, counter++);
              const ms = performance.now() - t0;
              const v = r.body.match(/"ok":true,"data":\{"version":(\d+)/);
              if (r.status === 200 && v) {
                versions[i] = Number(v[1]);
                latencies.push(ms);
              } else if (/"code":"conflict"/.test(r.body)) conflicts++;
              else errors++;
              if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs * (0.7 + Math.random() * 0.6)));
            }
          }),
        );
        latencies.sort((a, b) => a - b);
        const p = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! * 10) / 10;
        return {
          pauseMs,
          seconds: runSeconds,
          saves: latencies.length,
          savesPerSecond: Math.round(latencies.length / runSeconds),
          latencyMs: { p50: p(0.5), p95: p(0.95), p99: p(0.99), max: Math.round(latencies.at(-1)! * 10) / 10 },
          errors,
          conflicts,
        };
      }
      const typing = await run(1000, seconds * 2);
      const saturation = await run(0, seconds);
      agent.destroy();
      const result = {
        benchmark: "autosave",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, node: process.version },
        database: "postgres (local server)",
        path: "HTTP → next start → saveLessonAction (session, membership, zod, TipTap render, sanitize-html, versioned UPDATE + audit row)",
        editors,
        typing,
        saturation,
        builderFirstLoadJs: { scripts: scripts.length, rawKb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) },
        goals: {
          "autosave p95 ≤ 50 ms with 10 editors typing (a save a second each)": typing.latencyMs.p95 <= 50 && typing.errors === 0 && typing.conflicts === 0,
          "no errors or conflicts when saturated": saturation.errors === 0 && saturation.conflicts === 0,
        },
      };
      const file = writeResult("autosave", result);
      console.log(JSON.stringify({ typing, saturation, builderFirstLoadJs: result.builderFirstLoadJs, goals: result.goals }, null, 2));
      console.log(`→ ${file}`);
      return result;
    } finally {
      if (server) stopServer(server);
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}
