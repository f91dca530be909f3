import { insertEventRow, notifyOutbox, onOutbox } from "@/db/queries/outbox";
import { inTransaction, type DbOrTx } from "./runner/store";

/**
 * The transactional outbox. An event caused by a write is recorded in that write's transaction
 * (`job_events`, dispatched_at null; the write side is src/db/queries/outbox.ts) and delivered after
 * commit in every mode: embedded, the runner dispatches it; Inngest Cloud or the dev server, the relay
 * (relay.ts) sends it with the row id as the event id, so a retried relay never duplicates. A
 * rolled-back write records nothing; a crash between commit and delivery loses nothing (the row waits).
 */
export { onOutbox };

export type OutboxEvent = { id: string; name: string; data: Record<string, unknown>; creatorId: string | null; ts?: number };

/** Record one event; in the caller's transaction when given one (delivered once it commits). */
export async function recordInOutbox(tx: DbOrTx | null, ev: OutboxEvent): Promise<{ id: string; duplicate: boolean }> {
  const row = { ...ev, ts: ev.ts ?? Date.now() };
  const fresh = tx ? await insertEventRow(tx, row) : await inTransaction((t) => insertEventRow(t, row));
  notifyOutbox(tx ? "pending" : "committed");
  return { id: ev.id, duplicate: !fresh };
}

/** Something other than an event made work due (an admin retried a run): look now. */
export function wakeLocalRunner() {
  notifyOutbox("committed");
}
