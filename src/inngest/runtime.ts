import { env } from "@/lib/env";
import { inngest } from "./client";
import { embeddedSigningKey } from "./embedded";
import { onOutbox } from "./outbox";
import type { ServeHandler } from "./runner/protocol";
import { Runner } from "./runner/worker";

const g = globalThis as unknown as { __courseforgeRunner?: Runner; __cfRunnerOff?: () => void };

/**
 * The process's embedded runner (one per process; it executes runs only once started), driving the given
 * serve handler. Only the server's instrumentation, `npm run worker`, tests and benchmarks call this —
 * producers of events never load the runner (they write to the outbox).
 */
export function getRunner(handler?: ServeHandler, opts: { pollMs?: number; maxParallel?: number } = {}): Runner {
  if (!g.__courseforgeRunner) {
    if (!handler) throw new Error("The embedded runner has not been created in this process");
    const runner = new Runner({ handler, signingKey: embeddedSigningKey(), url: `http://app.${env().rootDomain}/api/inngest`, ...opts });
    g.__courseforgeRunner = runner;
    g.__cfRunnerOff = onOutbox({ signal: () => runner.signal(), wake: () => runner.eventRecorded() });
  }
  return g.__courseforgeRunner;
}

export function setRunnerForTests(r: Runner | undefined) {
  g.__cfRunnerOff?.();
  g.__courseforgeRunner = r;
}

export { inngest };
