import Mux from "@mux/mux-node";
import { currentMuxPlaybackIds, findMuxConnection, MUX_DELETED_MESSAGE, updateMuxAsset } from "@/db/queries/mux";
import { markWebhookEvent, recordWebhookEvent } from "@/db/queries/webhook-events";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { muxClient, unwrapMuxWebhook } from "./mux";

/**
 * A school's Mux webhooks (POST /api/webhooks/mux/<school id>).
 *
 * Verified: with that school's own webhook secret (Mux's SDK checks the signature and its age); the school
 * id in the address only chooses which secret to check against.
 * Once: recorded in `webhook_events_in` (provider "mux" + event id) before it is handled; a redelivery is a
 * no-op, a failed one is handled again on Mux's retry.
 * In any order: the asset is read again from Mux rather than trusted from the payload, so a late "created"
 * after "ready" changes nothing; an asset Mux no longer has is marked deleted for good.
 */
export type MuxOutcome = { status: number; body: { handled?: "duplicate" | "in_progress" | "ignored" | "processed"; type?: string; error?: string } };

export async function receiveMuxWebhook({ school, body, headers }: { school: string; body: string; headers: Headers }): Promise<MuxOutcome> {
  const scope = systemScope(school);
  const conn = await findMuxConnection(scope);
  if (!conn?.webhookSecret) return { status: 400, body: { error: "Mux webhooks are not set up for this school" } };
  let event: { id: string; type: string; data?: { id?: string } };
  try {
    event = (await unwrapMuxWebhook(body, headers, conn.webhookSecret)) as unknown as typeof event;
  } catch {
    logger.warn("mux_webhook.bad_signature", { school });
    return { status: 400, body: { error: "Invalid signature" } };
  }
  // Recorded once per school (two schools may connect the same Mux environment and get the same events).
  const rec = await recordWebhookEvent({ provider: `mux:${school}`, eventId: event.id, type: event.type, account: conn.tokenId, creatorId: school });
  if (rec.state === "done") return { status: 200, body: { handled: "duplicate", type: event.type } };
  if (rec.state === "in_progress") return { status: 409, body: { handled: "in_progress", type: event.type } };
  const assetId = event.type.startsWith("video.asset.") ? event.data?.id : undefined;
  if (!assetId) {
    await markWebhookEvent(rec.id, { error: null });
    return { status: 200, body: { handled: "ignored", type: event.type } };
  }
  try {
    const asset = await muxClient(conn)
      .video.assets.retrieve(assetId)
      .catch((err) => {
        if (err instanceof Mux.NotFoundError) return null;
        throw err;
      });
    if (!asset) await updateMuxAsset(scope, { muxAssetId: assetId, status: "failed", error: MUX_DELETED_MESSAGE });
    else {
      // The playback id the school chose stays while the asset still has it (a webhook never swaps a signed
      // id for a public one); only when it is gone is another taken, signed first.
      const ids = asset.playback_ids ?? [];
      const current = await currentMuxPlaybackIds(scope, assetId);
      const p = ids.find((x) => current.includes(x.id)) ?? ids.find((x) => x.policy === "signed") ?? ids.find((x) => x.policy === "public");
      await updateMuxAsset(scope, {
        muxAssetId: assetId,
        status: asset.status === "ready" ? "ready" : asset.status === "errored" ? "failed" : "processing",
        error: asset.status === "errored" ? (asset.errors?.messages?.join(" ") ?? "Mux could not process this video.") : null,
        durationSeconds: asset.duration ? Math.round(asset.duration) : null,
        ...(p ? { playback: { id: p.id, signed: p.policy === "signed" } } : {}),
      });
    }
    await markWebhookEvent(rec.id, { error: null });
    return { status: 200, body: { handled: "processed", type: event.type } };
  } catch (err) {
    await markWebhookEvent(rec.id, { error: err instanceof Error ? err.message : String(err) });
    logger.error("mux_webhook.failed", { type: event.type, event: event.id, error: err instanceof Error ? err.message : String(err) });
    return { status: 500, body: { error: "Handling failed; retry" } };
  }
}
