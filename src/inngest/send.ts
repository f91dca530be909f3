import crypto from "node:crypto";
import type { DbOrTx } from "./runner/store";
import { validateEvent, type EventData, type EventName } from "./events";
import { recordInOutbox } from "./outbox";

/**
 * The one way the product sends events. The payload is validated against its schema first (an invalid
 * event is refused here with a clear error and nothing is recorded), then recorded in the outbox — in
 * `tx` when the event is a fact about a write made in that transaction, so it is delivered only if the
 * write commits. Delivery (the embedded runner, or a relay to Inngest) happens after commit.
 */
export async function sendEvent<N extends EventName>(tx: DbOrTx | null, event: { name: N; data: EventData<N>; id?: string }): Promise<{ id: string }> {
  const { name, data, ...opts } = event;
  const valid = validateEvent(name, data) as Record<string, unknown>;
  const id = opts.id ?? crypto.randomUUID();
  await recordInOutbox(tx, { id, name, data: valid, creatorId: (valid.creatorId as string | null | undefined) ?? null });
  return { id };
}
