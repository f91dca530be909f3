import { z } from "zod";
import { findStudent } from "@/db/queries/students";
import { recordVideoProgress } from "@/db/queries/video";
import { sessionForRequest } from "@/lib/auth/session";
import { courseSlug } from "@/lib/courses/schemas";
import { DomainError } from "@/lib/errors";
import { readLimited } from "@/lib/http/read-limited";
import { resolveHostTenant } from "@/lib/tenant/resolve";

/**
 * POST /api/video/progress on a school's host — the player's last watch-progress report as the page is
 * left or hidden (navigator.sendBeacon cannot wait for a server action). The same rule as the action: this
 * host's session, an active student of this school, a lesson open to them; from this site's own pages.
 */
const body = z.object({
  courseSlug,
  lessonId: z.string().uuid(),
  position: z
    .number()
    .min(0)
    .max(24 * 3600),
  watched: z.number().min(0).max(3600),
});

const hostOf = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (a sandboxed frame) or garbage: not this site
  }
};

export async function POST(request: Request): Promise<Response> {
  const host = request.headers.get("host");
  const t = await resolveHostTenant(host);
  if (!t) return new Response(null, { status: 404 });
  const origin = request.headers.get("origin");
  if (origin !== null && hostOf(origin) !== (host ?? "").toLowerCase()) return new Response(null, { status: 403 });
  const session = await sessionForRequest(request.headers);
  if (!session) return new Response(null, { status: 401 });
  const student = await findStudent(t.scope, session.user.id);
  if (!student || student.status !== "active") return new Response(null, { status: 403 });
  const raw = await readLimited(request.body, 4096);
  let parsed;
  try {
    parsed = raw ? body.safeParse(JSON.parse(new TextDecoder().decode(raw))) : null;
  } catch {
    parsed = null;
  }
  if (!parsed?.success) return new Response(null, { status: 400 });
  try {
    await recordVideoProgress(t.scope, { userId: session.user.id, ...parsed.data });
    return new Response(null, { status: 204 });
  } catch (err) {
    if (err instanceof DomainError) return new Response(null, { status: 404 });
    throw err;
  }
}
