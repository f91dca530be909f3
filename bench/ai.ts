import http from "node:http";
import os from "node:os";
import pg from "pg";
import { startFakeAi, type FakeRequest } from "../test/fake-ai";
import { startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * AI course generation (issue #16) against a fake Anthropic server with a fixed answer time, on the real
 * Postgres with the production server and its embedded job runner. Two figures:
 *  - overhead: a 4 × 5 course (20 lessons, 4 quizzes, the copy and the cover: 26 pieces) from approval to
 *    "completed", minus the time any provider request was in flight, per piece → goal ≤ 100 ms
 *  - first text: from the provider sending the outline's first token to the wizard's event stream delivering
 *    it (what the page then renders), median of 5 outlines → goal ≤ 300 ms
 */
const FIRST_TOKEN_MS = 60;
const CHUNK_MS = 15;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const now = () => performance.timeOrigin + performance.now();

/** Valid answers for every tool, each streamed in 8 pieces after FIRST_TOKEN_MS. */
function answer(r: FakeRequest) {
  const tool = ((r.body.tools as { name: string }[] | undefined) ?? [])[0]?.name;
  const text = (r.body.messages as { content: string }[])[0]!.content;
  const timed = (json: unknown) => ({ behaviour: { kind: "answer" as const, json, firstTokenDelayMs: FIRST_TOKEN_MS, chunkDelayMs: CHUNK_MS, chunks: 8 } });
  if (tool === "course_outline") {
    const [, m, l] = /exactly (\d+) modules of exactly (\d+) lessons/.exec(text)!;
    return timed({
      title: "Bench course",
      subtitle: "s",
      description: "d",
      modules: Array.from({ length: Number(m) }, (_, i) => ({
        title: `Module ${i + 1}`,
        summary: "s",
        lessons: Array.from({ length: Number(l) }, (_, j) => ({ title: `Lesson ${i + 1}.${j + 1}`, summary: "s" })),
      })),
    });
  }
  if (tool === "lesson_body")
    return timed({
      blocks: [
        { type: "paragraph", text: "Intro **bold**." },
        { type: "heading", text: "Steps" },
        { type: "numbered", items: ["a", "b"] },
      ],
    });
  if (tool === "quiz_questions")
    return timed({
      questions: [
        { type: "true_false", prompt: "Is this a question?", answer: true },
        { type: "single", prompt: "Pick one option", options: ["a", "b"], correct: [0] },
        { type: "true_false", prompt: "Is this another?", answer: false },
      ],
    });
  if (tool === "course_copy") return timed({ title: "Bench course", subtitle: "s", description: "d", outcomes: ["a", "b", "c"] });
  return timed({});
}

function streamUntilDraft(port: number, cookie: string, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: `/api/ai/generations/${id}/events?org=acme`, headers: { host: `app.localhost:${port}`, cookie } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          buf += c;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = frame.split("\n").find((l) => l.startsWith("data: "));
            if (data && (JSON.parse(data.slice(6)) as { outlineDraft: string }).outlineDraft) {
              const at = now();
              req.destroy();
              return resolve(at);
            }
          }
        });
      },
    );
    req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
  });
}

export function benchAi() {
  process.env.AUTH_RATE_LIMIT = "off";
  return withBenchDatabase("ai", { seed: true }, async (DATABASE_URL) => {
    const fake = await startFakeAi({ answer });
    process.env.ANTHROPIC_API_KEY = "sk-ant-bench";
    process.env.ANTHROPIC_BASE_URL = fake.url;
    const port = 3620;
    const server = await startServer(port);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const { getDb } = await import("@/db/client");
      const { eq } = await import("drizzle-orm");
      const { creators, user } = await import("@/db/schema");
      const { systemScope } = await import("@/db/scope");
      const { grantCredits, holdCredits } = await import("@/db/queries/credits");
      const { createGeneration, findGeneration, approveOutline } = await import("@/db/queries/ai-generations");
      const { findAiHold, openAiHold, settleAiHold } = await import("@/db/queries/ai-usage");
      const { estimateBrief, estimateGeneration } = await import("@/lib/ai/course/estimate");
      const db = await getDb();
      const acme = (await db.select().from(creators).where(eq(creators.slug, "acme")))[0]!;
      const owner = (await db.select().from(user).where(eq(user.email, "owner@acme.test")))[0]!;
      const scope = systemScope(acme.id);
      await grantCredits(scope, { amount: 100_000, key: "bench-ai-grant" });

      // (Node's fetch cannot set Host: plain http.)
      const cookie = await new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ email: "owner@acme.test", password: "courseforge-demo" });
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            path: "/api/auth/sign-in/email",
            method: "POST",
            headers: {
              host: `app.localhost:${port}`,
              origin: `http://app.localhost:${port}`,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            const c = (res.headers["set-cookie"] ?? []).map((x) => x.split(";")[0]).join("; ");
            return res.statusCode === 200 && c ? resolve(c) : reject(new Error(`sign-in ${res.statusCode}`));
          },
        );
        req.on("error", reject);
        req.end(body);
      });

      const start = async (modules: number, lessonsPerModule: number) => {
        const brief = {
          topic: "Benchmarking",
          audience: "Engineers",
          level: "beginner" as const,
          outcomes: [],
          modules,
          lessonsPerModule,
          tone: "friendly" as const,
          style: "practical" as const,
          language: "en" as const,
          quizzes: true,
        };
        const id = crypto.randomUUID();
        const est = estimateBrief(brief);
        const hold = await holdCredits(scope, { amount: est.hold, key: `ai-hold:${id}:brief`, reason: "bench" });
        await createGeneration(scope, {
          id,
          actorUserId: owner.id,
          brief,
          sample: false,
          estimateCredits: est.typical,
          ledgerHold: { id: hold.id, amount: hold.amount },
        });
        return { id, brief };
      };
      const until = async (id: string, status: string, timeoutMs = 120_000) => {
        const t0 = Date.now();
        for (;;) {
          const g = await findGeneration(scope, id);
          if (g?.status === status) return g;
          if (g?.status === "failed") throw new Error(`generation failed: ${g.error}`);
          if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${status} (at ${g?.status})`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };

      // 1. First outline text: provider's first token → the event stream.
      const firstText: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { id } = await start(2, 2);
        const tokensBefore = fake.firstTokenAt.length;
        const seen = await streamUntilDraft(port, cookie, id);
        const first = fake.firstTokenAt[tokensBefore]!;
        firstText.push(Math.round(seen - first));
        await until(id, "outline_ready");
      }

      // 2. Pipeline overhead per piece beyond provider time.
      const { id, brief } = await start(4, 5);
      const ready = await until(id, "outline_ready");
      const briefHold = (await findAiHold(scope, id, "brief"))!;
      await settleAiHold(scope, briefHold.id);
      const genHold = await openAiHold(scope, {
        generationId: id,
        purpose: `generate@v${ready.outlineVersion}`,
        amount: estimateGeneration(brief, ready.outline!).hold,
        reason: "bench",
      });
      const requestsBefore = fake.timings.length;
      const approvedAt = now();
      await approveOutline(scope, { id, actorUserId: owner.id, expectedVersion: ready.outlineVersion, aiHoldId: genHold.id });
      await until(id, "completed", 300_000);
      const doneAt = now();
      const calls = fake.timings.slice(requestsBefore).map((t) => [Math.max(t.start, approvedAt), Math.min(t.end || doneAt, doneAt)] as const);
      calls.sort((a, b) => a[0] - b[0]);
      let busy = 0;
      let cur: [number, number] | null = null;
      for (const [s, e] of calls) {
        if (!cur || s > cur[1]) {
          if (cur) busy += cur[1] - cur[0];
          cur = [s, e];
        } else cur[1] = Math.max(cur[1], e);
      }
      if (cur) busy += cur[1] - cur[0];
      const pieces = (await pool.query(`select count(*)::int n from ai_generation_items where generation_id = $1 and status = 'done'`, [id])).rows[0]
        .n as number;
      const wall = doneAt - approvedAt;
      const overheadPerPiece = Math.round(((wall - busy) / pieces) * 10) / 10;

      const result = {
        benchmark: "ai-generation",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        database: "postgres",
        provider: { kind: "fake Anthropic (test/fake-ai.ts), real SDK", firstTokenMs: FIRST_TOKEN_MS, chunkMs: CHUNK_MS, chunks: 8 },
        firstOutlineText: {
          runs: firstText,
          medianMs: median(firstText),
          goalMs: 300,
          note: "provider's first token → the wizard's event stream delivers the draft",
        },
        pipeline: {
          course: "4 modules × 5 lessons, a quiz per module, copy and cover",
          pieces,
          providerRequests: calls.length,
          wallMs: Math.round(wall),
          providerBusyMs: Math.round(busy),
          overheadPerPieceMs: overheadPerPiece,
          goalMs: 100,
        },
      };
      const file = writeResult("ai", result);
      console.log(JSON.stringify(result, null, 2));
      console.log(`→ ${file}`);
    } finally {
      await pool.end();
      stopServer(server);
      await fake.close();
    }
  });
}
