import crypto from "node:crypto";
import { functions } from "./functions";
import { inngest } from "./client";
import { validateEvent, type EventData, type EventName } from "./events";
import { jobsMode } from "./mode";
import { getRunner } from "./runtime";

/**
 * The one way the product sends events. The payload is validated against its schema first (an
 * invalid event is rejected here with a clear error and nothing is recorded), then handed to
 * Inngest (cloud / dev server) or to the embedded runner.
 */
export async function sendEvent<N extends EventName>(name: N, data: EventData<N>, opts: { id?: string } = {}): Promise<{ id: string }> {
  const valid = validateEvent(name, data) as Record<string, unknown>;
  const id = opts.id ?? crypto.randomUUID();
  if (jobsMode() !== "embedded") {
    await inngest.send({ name, data: valid, id });
    return { id };
  }
  const runner = getRunner(functions);
  await runner.enqueue({ name, data: valid, id, creatorId: (valid.creatorId as string | null) ?? null });
  return { id };
}
