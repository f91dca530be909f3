import { recordEvent, inTransaction, type DbOrTx } from "./runner/store";

/**
 * The transactional outbox. An event caused by a write is recorded in that write's transaction
 * (`job_events`, dispatched_at null) and delivered after commit in every mode: embedded, the runner
 * dispatches it; Inngest Cloud or the dev server, the relay (relay.ts) sends it with the row id as the
 * event id, so a retried relay never duplicates. A rolled-back write records nothing; a crash between
 * commit and delivery loses nothing (the row waits).
 */
type Listener = { signal: () => void; wake: () => void };
const g = globalThis as unknown as { __cfOutboxListeners?: Set<Listener> };
const listeners = () => (g.__cfOutboxListeners ??= new Set());

/** The local runner or relay asks to hear about new events (it polls anyway; this makes it prompt). */
export function onOutbox(l: Listener): () => void {
  listeners().add(l);
  return () => listeners().delete(l);
}

export type OutboxEvent = { id: string; name: string; data: Record<string, unknown>; creatorId: string | null; ts?: number };

/** Record one event; in the caller's transaction when given one (delivered once it commits). */
export async function recordInOutbox(tx: DbOrTx | null, ev: OutboxEvent): Promise<{ id: string; duplicate: boolean }> {
  const row = { ...ev, ts: ev.ts ?? Date.now() };
  const fresh = tx ? await recordEvent(tx, row) : await inTransaction((t) => recordEvent(t, row));
  // Committed already (our own transaction): dispatch now. In the caller's: look often until it commits.
  for (const l of listeners()) (tx ? l.signal : l.wake)();
  return { id: ev.id, duplicate: !fresh };
}

/** Something other than an event made work due (an admin retried a run): look now. */
export function wakeLocalRunner() {
  for (const l of listeners()) l.wake();
}
