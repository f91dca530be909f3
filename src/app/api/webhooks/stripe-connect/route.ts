import { env } from "@/lib/env";
import { handleConnectEvent } from "@/lib/commerce/connect-events";
import { stripeConnect } from "@/lib/commerce/stripe-connect";
import { readLimited } from "@/lib/http/read-limited";
import { logger } from "@/lib/logger";
import { parseHost } from "@/lib/tenant/host";

/**
 * POST /api/webhooks/stripe-connect on the app host: Stripe's events about schools' connected accounts,
 * signed with the Connect endpoint's own secret (STRIPE_CONNECT_WEBHOOK_SECRET). A bad or missing signature
 * is 400 and nothing is read further; a verified event is recorded once and handled (see connect-events.ts);
 * an event another delivery is handling right now is 409 (Stripe retries it); a failure is 500 (so is it).
 */
const MAX_BODY = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  if (parseHost(request.headers.get("host"), env().rootHostname).kind !== "app") return new Response("Not found", { status: 404 });
  const connect = stripeConnect();
  if (!connect) return new Response("Stripe Connect is not configured", { status: 404 });
  const signature = request.headers.get("stripe-signature");
  if (!signature || !request.body) return Response.json({ error: "Missing signature" }, { status: 400 });
  const raw = await readLimited(request.body, MAX_BODY);
  if (!raw) return Response.json({ error: "Payload too large" }, { status: 413 });
  let event;
  try {
    event = await connect.client.webhooks.constructEventAsync(Buffer.from(raw), signature, connect.webhookSecret);
  } catch {
    logger.warn("connect_webhook.bad_signature", {});
    return Response.json({ error: "Invalid signature" }, { status: 400 });
  }
  try {
    const outcome = await handleConnectEvent(connect, event);
    return Response.json(outcome, { status: outcome.handled === "in_progress" ? 409 : 200 });
  } catch {
    return Response.json({ error: "Handling failed; retry" }, { status: 500 });
  }
}
