import { findClipByProviderVideo, recordClipOutcome } from "@/db/queries/avatar-renders";
import { markWebhookEvent, recordWebhookEvent } from "@/db/queries/webhook-events";
import { systemScope } from "@/db/scope";
import { logger } from "@/lib/logger";
import { heygenError } from "./errors";
import { heygenWebhookSchema, verifyHeygenSignature } from "./heygen";

/**
 * HeyGen's webhooks (POST /api/webhooks/heygen on the app host).
 *
 * Verified: the `Signature` header is HMAC-SHA256 of the raw body with the endpoint's secret
 * (HEYGEN_WEBHOOK_SECRET); a bad or missing one is 401 and changes nothing.
 * Whose: the school is the one whose clip has that HeyGen video id in our own records — never a field of
 * the payload (callback_id is only logged).
 * Once: recorded in `webhook_events_in` (provider "heygen", event type + video id) before it is handled.
 * Only a wake-up: the render reads the clip's status and file from HeyGen's API itself.
 */
export type HeygenOutcome = { status: number; body: { handled?: "duplicate" | "in_progress" | "ignored" | "processed"; type?: string; error?: string } };

export async function receiveHeygenWebhook(o: { body: string; signature: string | null; secret: string | undefined }): Promise<HeygenOutcome> {
  if (!o.secret) return { status: 404, body: { error: "HeyGen webhooks are not set up" } };
  if (!verifyHeygenSignature(o.body, o.signature, o.secret)) {
    logger.warn("heygen_webhook.bad_signature", {});
    return { status: 401, body: { error: "Invalid signature" } };
  }
  let json: unknown;
  try {
    json = JSON.parse(o.body);
  } catch {
    return { status: 400, body: { error: "Not JSON" } };
  }
  const parsed = heygenWebhookSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: "Not a HeyGen event" } };
  const { event_type: type, event_data: data } = parsed.data;
  if (type !== "avatar_video.success" && type !== "avatar_video.fail") return { status: 200, body: { handled: "ignored", type } };
  const clip = await findClipByProviderVideo("heygen", data.video_id);
  // Not ours, or not recorded yet (the webhook came before the submit step saved HeyGen's id): not recorded,
  // so HeyGen's retry is handled (and the render polls meanwhile).
  if (!clip) return { status: 404, body: { handled: "ignored", type } };
  const rec = await recordWebhookEvent({ provider: "heygen", eventId: `${type}:${data.video_id}`, type, account: null, creatorId: clip.creatorId });
  if (rec.state === "done") return { status: 200, body: { handled: "duplicate", type } };
  if (rec.state === "in_progress") return { status: 409, body: { handled: "in_progress", type } };
  try {
    const ok = type === "avatar_video.success";
    await recordClipOutcome(systemScope(clip.creatorId), {
      clipId: clip.id,
      ok,
      error: ok ? undefined : heygenError(400, { message: data.msg ?? "render failed" }).message,
    });
    await markWebhookEvent(rec.id, { error: null });
    return { status: 200, body: { handled: "processed", type } };
  } catch (err) {
    await markWebhookEvent(rec.id, { error: err instanceof Error ? err.message : String(err) });
    logger.error("heygen_webhook.failed", { type, error: err instanceof Error ? err.message : String(err) });
    return { status: 500, body: { error: "Handling failed; retry" } };
  }
}
