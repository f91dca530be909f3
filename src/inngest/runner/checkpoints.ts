/**
 * Inngest's checkpoint API, as the embedded executor answers it. With checkpointing (the SDK's default),
 * one call of a function runs its steps one after another and, after each, asks the executor to persist it
 * (`POST /v1/checkpoint/<run id>/async`) before going on; the executor answers 409 when it no longer holds
 * the run, and the SDK stops there. The engine registers each run it is executing; the embedded fetch
 * (src/inngest/embedded.ts) hands the SDK's checkpoint requests to it.
 */
export type CheckpointOp = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  userland?: { id: string };
  data?: unknown;
  error?: { name?: string; message?: string };
};

/** Persist the steps; false when the run is no longer this execution's (the SDK then stops). */
export type CheckpointHandler = (ops: CheckpointOp[]) => Promise<boolean>;

const g = globalThis as unknown as { __cfCheckpoints?: Map<string, CheckpointHandler> };
const handlers = () => (g.__cfCheckpoints ??= new Map());

export function registerCheckpoints(queueItemId: string, handler: CheckpointHandler): () => void {
  handlers().set(queueItemId, handler);
  return () => {
    if (handlers().get(queueItemId) === handler) handlers().delete(queueItemId);
  };
}

/** 200 when persisted, 409 when the claim (its queue-item id) is not, or no longer, being executed here. */
export async function checkpoint(queueItemId: string, ops: CheckpointOp[]): Promise<number> {
  const h = handlers().get(queueItemId);
  if (!h) return 409;
  return (await h(ops)) ? 200 : 409;
}
