import "server-only";
import type { MemberRole } from "@/db/schema";
import { dashboardScope } from "@/db/scope";
import { sessionForRequest } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenant/host";

export const jsonError = (status: number, message: string) => Response.json({ error: message }, { status });

type Member = NonNullable<Awaited<ReturnType<typeof dashboardScope>>>;
type Session = NonNullable<Awaited<ReturnType<typeof sessionForRequest>>>;

/**
 * The checks every dashboard API route makes, in this order and before any body is read: the app host
 * only, from its own pages (a cross-site Origin is refused), a session on this host, and membership of
 * the named school with at least `minRole` (another school's slug is simply not found).
 */
export async function dashboardRequest(
  request: Request,
  { org, minRole }: { org: string | null; minRole: MemberRole },
): Promise<{ ok: true; session: Session; member: Member } | { ok: false; response: Response }> {
  const e = env();
  const host = request.headers.get("host");
  if (parseHost(host, e.rootHostname).kind !== "app") return { ok: false, response: jsonError(404, "Not found.") };
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== `${e.protocol}://${(host ?? "").toLowerCase()}`)
    return { ok: false, response: jsonError(403, "This request came from another site.") };
  const session = await sessionForRequest(request.headers);
  if (!session) return { ok: false, response: jsonError(401, "Please sign in again.") };
  if (!org || org.length > 64) return { ok: false, response: jsonError(400, "Say which school.") };
  const member = await dashboardScope(session.user.id, org, minRole);
  if (!member) return { ok: false, response: jsonError(404, "School not found.") };
  return { ok: true, session, member };
}
