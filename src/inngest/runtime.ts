import type { InngestFunction } from "inngest";
import { toLocalFunction } from "./runner/registry";
import { Runner } from "./runner/worker";

const g = globalThis as unknown as { __courseforgeRunner?: Runner };

/** The process's embedded runner (one per process; it only executes runs once started). */
export function getRunner(fns: InngestFunction.Any[]): Runner {
  g.__courseforgeRunner ??= new Runner(fns.map(toLocalFunction));
  return g.__courseforgeRunner;
}

export function setRunnerForTests(r: Runner | undefined) {
  g.__courseforgeRunner = r;
}
