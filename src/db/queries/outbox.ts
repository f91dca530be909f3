import crypto from "node:crypto";
import { validateEvent, type EventData, type EventName } from "@/inngest/events";
import type { DbOrTx } from "../client";
import { jobEvents } from "../schema";

/**
 * The outbox table (`job_events`) seen from the write side. A query that makes a fact true records the
 * fact in its own transaction (`recordFact`), so the event exists exactly when the write does; the job
 * runtime delivers it after commit (src/inngest/outbox.ts). Listeners in this process (the embedded
 * runner, the relay) are told so they look at once instead of at their next poll.
 */
export type EventRowInput = { id: string; name: string; data: Record<string, unknown>; creatorId: string | null; ts: number };

/** Insert an event row; a repeated id is ignored (the first one counts). True if it was new. */
export async function insertEventRow(tx: DbOrTx, ev: EventRowInput): Promise<boolean> {
  const inserted = await tx
    .insert(jobEvents)
    .values({ id: ev.id, name: ev.name, data: ev.data, creatorId: ev.creatorId, ts: new Date(ev.ts) })
    .onConflictDoNothing()
    .returning({ id: jobEvents.id });
  return inserted.length > 0;
}

type Listener = { signal: () => void; wake: () => void };
const g = globalThis as unknown as { __cfOutboxListeners?: Set<Listener> };
const listeners = () => (g.__cfOutboxListeners ??= new Set());

export function onOutbox(l: Listener): () => void {
  listeners().add(l);
  return () => listeners().delete(l);
}

/** "committed": dispatch now; "pending": recorded in a transaction that may not have committed yet. */
export function notifyOutbox(state: "committed" | "pending") {
  for (const l of listeners()) (state === "committed" ? l.wake : l.signal)();
}

/** Record a fact in the transaction of the write that made it true (validated against its schema). */
export async function recordFact<N extends EventName>(tx: DbOrTx, fact: { name: N; data: EventData<N>; id?: string }): Promise<string> {
  const { name, data, ...opts } = fact;
  const valid = validateEvent(name, data) as Record<string, unknown>;
  const id = opts.id ?? crypto.randomUUID();
  await insertEventRow(tx, { id, name, data: valid, creatorId: (valid.creatorId as string | null | undefined) ?? null, ts: Date.now() });
  notifyOutbox("pending");
  return id;
}
