import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import pg from "pg";
import { withBenchDatabase, writeResult } from "./lib";

/**
 * Embedded runner on the real Postgres, with two runner processes:
 *  - throughput: 1,000 runs of a 3-step function enqueued at once → steps per second until all complete
 *  - latency: events sent at a sustainable 50/s → p95 delay from sendEvent() to the first step starting
 * Goals (issue #3): ≥ 200 steps/s, p95 ≤ 250 ms.
 */

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

export function benchJobRunner() {
  return withBenchDatabase("jobs", { seed: false }, async (DATABASE_URL) => {
    const workers: ChildProcess[] = [];
    try {
      // The sender records events in the outbox, as the product's code does (sendEvent); the two runner
      // processes dispatch and run them.
      const { sendEvent } = await import("@/inngest/send");
      const send = (n: number) => sendEvent(null, { name: "test/job.requested", data: { creatorId: null, n } });
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
      const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);

      for (let i = 0; i < 2; i++) {
        const w = fork("bench/job-worker.ts", {
          execArgv: ["--import", "tsx", ...(process.env.BENCH_WORKER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : [])],
          env: { ...process.env, DATABASE_URL, NODE_ENV: "production" },
          stdio: "inherit",
        });
        workers.push(w);
        await new Promise<void>((res) => w.once("message", () => res()));
      }

      // Throughput: 1,000 runs enqueued at once.
      const RUNS = Number(process.env.BENCH_JOB_RUNS ?? 1000);
      const t0 = performance.now();
      for (let i = 0; i < RUNS; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, RUNS - i) }, (_, j) => send(i + j)));
      }
      const enqueueMs = performance.now() - t0;
      while ((await count(`select count(*) as n from job_runs where status = 'completed'`)) < RUNS) {
        if (performance.now() - t0 > 300_000) throw new Error("runs did not complete in 5 minutes");
        await new Promise((r) => setTimeout(r, 100));
      }
      const totalMs = performance.now() - t0;
      const steps = await count(`select count(*) as n from job_steps where status = 'completed'`);
      const failed = await count(`select count(*) as n from job_runs where status <> 'completed'`);
      const dupSteps = await count(`select count(*) as n from (select run_id, step_id from job_steps group by 1, 2 having count(*) > 1) d`);

      // Latency: 200 events at 50/s.
      await pool.query(`truncate job_runs, job_steps, job_events cascade`);
      const N = 200;
      for (let i = 0; i < N; i++) {
        await send(i);
        await new Promise((r) => setTimeout(r, 20));
      }
      while ((await count(`select count(*) as n from job_runs where status = 'completed'`)) < N) await new Promise((r) => setTimeout(r, 100));
      const delays = (await pool.query(`select (output->>'delayMs')::int as d from job_steps where name = 'a'`)).rows
        .map((r) => Number(r.d))
        .sort((a, b) => a - b);
      await pool.end();

      const stepsPerSecond = Math.round(steps / (totalMs / 1000));
      const result = {
        benchmark: "job-runner",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, node: process.version },
        database: "postgres (local server)",
        runnerProcesses: 2,
        throughput: {
          runs: RUNS,
          stepsPerRun: 3,
          steps,
          enqueueMs: Math.round(enqueueMs),
          totalMs: Math.round(totalMs),
          stepsPerSecond,
          notCompleted: failed,
          duplicateSteps: dupSteps,
        },
        latency: {
          events: N,
          ratePerSecond: 50,
          sendToFirstStepMs: { p50: pct(delays, 50), p95: pct(delays, 95), p99: pct(delays, 99), max: delays.at(-1) ?? 0 },
        },
        goals: {
          "≥ 200 steps/s with two runner processes": stepsPerSecond >= 200,
          "p95 sendEvent → first step ≤ 250 ms": pct(delays, 95) <= 250,
          "no step executed twice": dupSteps === 0,
        },
      };
      const file = writeResult("job-runner", result);
      console.log(JSON.stringify({ throughput: result.throughput, latency: result.latency, goals: result.goals }, null, 2));
      console.log(`→ ${file}`);
      return result;
    } finally {
      await Promise.all(workers.map((w) => new Promise<void>((res) => (w.exitCode !== null ? res() : (w.once("exit", () => res()), w.kill("SIGTERM"))))));
    }
  });
}
