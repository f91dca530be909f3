import { env } from "@/lib/env";
import { inngest } from "./client";
import { embeddedSigningKey, setEmbeddedSink } from "./embedded";
import { validateEvent, type EventName } from "./events";
import { onOutbox, recordInOutbox } from "./outbox";
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
    g.__cfRunnerOff = onOutbox({ signal: () => runner.signal(), wake: () => runner.wake() });
    // step.sendEvent inside functions: the SDK posts to its Event API, which here is the outbox.
    setEmbeddedSink(async (events) => {
      const ids: string[] = [];
      for (const e of events) {
        const data = validateEvent(e.name as EventName, e.data) as Record<string, unknown>;
        const id = e.id ?? crypto.randomUUID();
        await recordInOutbox(null, { id, name: e.name, data, creatorId: (data.creatorId as string | null | undefined) ?? null, ts: e.ts });
        ids.push(id);
      }
      return ids;
    });
  }
  return g.__courseforgeRunner;
}

export function setRunnerForTests(r: Runner | undefined) {
  g.__cfRunnerOff?.();
  g.__courseforgeRunner = r;
}

export { inngest };
