import crypto from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { validateEvent, type EventName } from "./events";
import { recordInOutbox } from "./outbox";
import { checkpoint, type CheckpointOp } from "./runner/checkpoints";

/**
 * What the Inngest client needs to talk to the embedded executor instead of Inngest's servers:
 *  - a signing key, derived from the app's secret so every process of one deployment (web server,
 *    `npm run worker`) shares it; the serve handler checks the executor's requests against it exactly
 *    as it checks Inngest's;
 *  - a fetch that answers the SDK's Event API calls (`step.sendEvent` sends through it) by recording the
 *    events in the outbox, and its checkpoint calls (the SDK persisting each step as it runs them in one
 *    call) by handing them to the executor; anything else the SDK might ask Inngest's servers for is refused
 *    loudly.
 */
export function embeddedSigningKey(): string {
  return `signkey-prod-${crypto.createHmac("sha256", authSecret()).update("courseforge:inngest-embedded").digest("hex")}`;
}

/** Events the SDK sends (step.sendEvent) go to the outbox, validated like every other event. */
async function record(events: { id?: string; name: string; data: Record<string, unknown>; ts?: number }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) {
    const data = validateEvent(e.name as EventName, e.data) as Record<string, unknown>;
    const id = e.id ?? crypto.randomUUID();
    await recordInOutbox(null, { id, name: e.name, data, creatorId: (data.creatorId as string | null | undefined) ?? null, ts: e.ts });
    ids.push(id);
  }
  return ids;
}

/** The SDK authenticates its API calls with the hashed signing key, as Inngest's API expects. */
function hashedSigningKey(): string {
  const key = embeddedSigningKey();
  const prefix = /^signkey-\w+-/.exec(key)?.[0] ?? "";
  return `${prefix}${crypto
    .createHash("sha256")
    .update(Buffer.from(key.slice(prefix.length), "hex"))
    .digest("hex")}`;
}

export const embeddedFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const cp = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(url.pathname);
  if (method === "POST" && cp) {
    const auth = new Headers(init?.headers).get("authorization");
    if (auth !== `Bearer ${hashedSigningKey()}`) return Response.json({ error: "Unauthorized" }, { status: 401 });
    const raw = typeof init?.body === "string" ? init.body : "";
    const body = JSON.parse(raw || "{}") as { run_id?: string; qi_id?: string; steps?: CheckpointOp[] };
    const status = body.qi_id && body.run_id === decodeURIComponent(cp[1]!) ? await checkpoint(body.qi_id, body.steps ?? []) : 409;
    return Response.json(status === 200 ? {} : { error: "This run is no longer held by this execution" }, { status });
  }
  if (method === "POST" && /^\/e\/[^/]+\/?$/.test(url.pathname)) {
    const raw = init?.body ?? (input instanceof Request ? await input.text() : null);
    const parsed = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw as ArrayBuffer)) as unknown;
    const events = (Array.isArray(parsed) ? parsed : [parsed]) as { id?: string; name: string; data: Record<string, unknown>; ts?: number }[];
    try {
      const ids = await record(events);
      return Response.json({ ids, status: 200 });
    } catch (err) {
      return Response.json({ error: err instanceof Error ? err.message : String(err), status: 400 }, { status: 400 });
    }
  }
  throw new Error(
    `The embedded executor does not offer ${method} ${url.pathname} of Inngest's API (only events and checkpoints); use Inngest Cloud or the dev server for that feature.`,
  );
};
