import { receiveHeygenWebhook } from "@/lib/avatar/heygen-events";
import { env } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { parseHost } from "@/lib/tenant/host";

/**
 * POST /api/webhooks/heygen on the app host: HeyGen's avatar_video.success / avatar_video.fail, signed
 * with the endpoint's secret (HEYGEN_WEBHOOK_SECRET) — see src/lib/avatar/heygen-events.ts.
 */
const MAX_BODY = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  if (parseHost(request.headers.get("host"), env().rootHostname).kind !== "app") return new Response("Not found", { status: 404 });
  const raw = await readLimited(request.body, MAX_BODY);
  if (!raw) return Response.json({ error: "Payload too large" }, { status: 413 });
  const out = await receiveHeygenWebhook({
    body: new TextDecoder().decode(raw),
    signature: request.headers.get("signature"),
    secret: env().HEYGEN_WEBHOOK_SECRET,
  });
  return Response.json(out.body, { status: out.status });
}
