/**
 * Inngest's checkpoint API, as the embedded executor answers it. With checkpointing (the SDK's default),
 * one call of a function runs its steps one after another and, after each, asks the executor to persist it
 * (`POST /v1/checkpoint/<run id>/async`) before going on; the executor answers 409 when it no longer holds
 * the run, and the SDK stops there. The engine registers each run it is executing; the embedded fetch
 * (src/inngest/embedded.ts) hands the SDK's checkpoint requests to it.
 */
export type CheckpointOp = { id: string; op: string; name?: string; displayName?: string; userland?: { id: string }; data?: unknown; error?: { name?: string; message?: string } };

/** Persist the steps; false when the run is no longer this execution's (the SDK then stops). */
export type CheckpointHandler = (ops: CheckpointOp[]) => Promise<boolean>;

const g = globalThis as unknown as { __cfCheckpoints?: Map<string, CheckpointHandler> };
const handlers = () => (g.__cfCheckpoints ??= new Map());

export function registerCheckpoints(runId: string, handler: CheckpointHandler): () => void {
  handlers().set(runId, handler);
  return () => {
    if (handlers().get(runId) === handler) handlers().delete(runId);
  };
}

/** 200 when persisted, 409 when the run is not (or no longer) being executed here. */
export async function checkpoint(runId: string, ops: CheckpointOp[]): Promise<number> {
  const h = handlers().get(runId);
  if (!h) return 409;
  return (await h(ops)) ? 200 : 409;
}
