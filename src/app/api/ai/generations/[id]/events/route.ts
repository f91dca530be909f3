import { generationFingerprint } from "@/db/queries/ai-generations";
import { generationSnapshot } from "@/lib/ai/course/snapshot";
import { dashboardRequest, jsonError } from "@/lib/http/dashboard-request";

export const dynamic = "force-dynamic";

/**
 * How often the stream looks for a change — every 100 ms while text streams in (the outline, a part being
 * rewritten), every second otherwise — how long one stream lasts (EventSource reconnects by itself), and
 * how many one person may have open in this process.
 */
const FAST_MS = 100;
const SLOW_MS = 1000;
const MAX_MS = 5 * 60_000;
const MAX_PER_USER = 4;
const openStreams = new Map<string, number>();
const ENDED = new Set(["completed", "failed", "canceled"]);

/**
 * GET /api/ai/generations/<id>/events?org=<slug> — the wizard's live view of a run, as Server-Sent Events:
 * a `snapshot` event whenever the generation changes (the outline as it streams in, each piece's progress,
 * the credits), looked for every 100 ms. For members of the school only; another school's id is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const guard = await dashboardRequest(request, { org: new URL(request.url).searchParams.get("org"), minRole: "editor" });
  if (!guard.ok) return guard.response;
  const { scope } = guard.member;
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await generationFingerprint(scope, id))) return jsonError(404, "Not found.");
  const userId = guard.session.user.id;
  if ((openStreams.get(userId) ?? 0) >= MAX_PER_USER) return jsonError(429, "Too many live views are open. Close other tabs of AI runs.");
  openStreams.set(userId, (openStreams.get(userId) ?? 0) + 1);
  const release = () => {
    const n = (openStreams.get(userId) ?? 1) - 1;
    if (n <= 0) openStreams.delete(userId);
    else openStreams.set(userId, n);
  };
  const encoder = new TextEncoder();
  const started = Date.now();
  let gone = false;
  const stream = new ReadableStream<Uint8Array>({
    cancel() {
      gone = true;
    },
    async start(controller) {
      let last: string | null = null;
      let fast = true;
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      try {
        while (!gone && !request.signal.aborted && Date.now() - started < MAX_MS) {
          const print = await generationFingerprint(scope, id);
          if (!print) break;
          if (print !== last) {
            last = print;
            const snap = await generationSnapshot(scope, id);
            if (!snap) break;
            send("snapshot", snap);
            fast = snap.status === "outlining" || snap.pendingParts.length > 0;
            if (ENDED.has(snap.status) && !snap.items.some((i) => i.status === "pending" || i.status === "running")) break;
          }
          await new Promise((r) => setTimeout(r, fast ? FAST_MS : SLOW_MS));
        }
      } catch {
        // The client went away or the database hiccuped: the EventSource reconnects.
      } finally {
        release();
      }
      try {
        controller.close();
      } catch {
        // already closed by the client
      }
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
