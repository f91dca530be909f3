import { z } from "zod";
import { env } from "@/lib/env";
import { readLimited } from "@/lib/http/read-limited";
import { parseHost } from "@/lib/tenant/host";
import { receiveMuxWebhook } from "@/lib/video/mux-events";

/**
 * POST /api/webhooks/mux/<school id> on the app host: a school's Mux webhooks (the address Settings → Video
 * shows), verified with that school's webhook secret — a bad or missing signature, or a school without one,
 * is 400. A verified event is recorded once and handled (src/lib/video/mux-events.ts).
 */
const MAX_BODY = 256 * 1024;

export async function POST(request: Request, { params }: { params: Promise<{ school: string }> }): Promise<Response> {
  if (parseHost(request.headers.get("host"), env().rootHostname).kind !== "app") return new Response("Not found", { status: 404 });
  const { school } = await params;
  if (!z.string().uuid().safeParse(school).success) return new Response("Not found", { status: 404 });
  const raw = await readLimited(request.body, MAX_BODY);
  if (!raw) return Response.json({ error: "Payload too large" }, { status: 413 });
  const out = await receiveMuxWebhook({ school, body: new TextDecoder().decode(raw), headers: request.headers });
  return Response.json(out.body, { status: out.status });
}
