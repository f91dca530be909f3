import { logger } from "@/lib/logger";
import { inngest } from "./client";
import { onOutbox } from "./outbox";
import { inTransaction, lockPendingEvents, markDispatched } from "./runner/store";

/**
 * Inngest Cloud / dev-server modes: sends the outbox's pending events to Inngest, each with its row id as
 * the event id (Inngest de-duplicates ids, so a relay retried after a crash never doubles an event), and
 * marks them dispatched in the same transaction. Runs in the web server and in `npm run worker`.
 */
export async function relayOnce(limit = 100): Promise<number> {
  return inTransaction(async (tx) => {
    const rows = await lockPendingEvents(tx, limit);
    if (!rows.length) return 0;
    const toEvent = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, data: r.data, ts: r.ts.getTime() });
    try {
      await inngest.send(rows.map(toEvent));
      await markDispatched(
        tx,
        rows.map((r) => r.id),
      );
    } catch (batchError) {
      // One event Inngest refuses must not block the outbox: send them one by one and set aside those refused.
      // If none goes through, Inngest is unreachable: leave them all pending (rolled back) for the next try.
      const refused: { id: string; message: string }[] = [];
      for (const r of rows) {
        try {
          await inngest.send(toEvent(r));
          await markDispatched(tx, [r.id]);
        } catch (err) {
          refused.push({ id: r.id, message: err instanceof Error ? err.message : String(err) });
        }
      }
      if (refused.length === rows.length) throw batchError;
      for (const f of refused) {
        logger.error("outbox.relay_refused", { eventId: f.id, error: f.message });
        await markDispatched(tx, [f.id], f.message);
      }
    }
    return rows.length;
  });
}

export function startRelay(pollMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let hotUntil = 0;
  const loop = async () => {
    if (stopped) return;
    try {
      while ((await relayOnce()) > 0);
    } catch (err) {
      logger.error("outbox.relay_failed", { error: err instanceof Error ? err.message : String(err) });
    }
    if (!stopped) timer = setTimeout(loop, Date.now() < hotUntil ? 10 : pollMs);
  };
  const off = onOutbox({
    signal: () => (hotUntil = Date.now() + 2000),
    wake: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(loop, 0);
    },
  });
  timer = setTimeout(loop, 0);
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
}
