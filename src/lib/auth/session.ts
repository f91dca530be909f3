import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { dashboardScope, type DashboardContext } from "@/db/scope";
import type { MemberRole } from "@/db/schema";
import { getAuth, sessionHostOf } from "./auth";

export type SessionUser = { id: string; email: string; name: string; emailVerified: boolean };

type Session = NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof getAuth>>["api"]["getSession"]>>>;

/**
 * The session a request carries, if it was issued on this very host. Cookies are host-only in the
 * browser, but a cookie value can be replayed anywhere by hand (or harvested by whoever controls a custom
 * domain), so a session made on acme.<root> is nobody on app.<root>, on beta.<root> or on a custom domain.
 * Every server read of a session goes through here (the auth route strips foreign session cookies too).
 */
export async function sessionForRequest(h: Headers, opts: { fresh?: boolean } = {}): Promise<Session | null> {
  const auth = await getAuth();
  // fresh: read the session table, not the minute-long cookie cache (a session just ended is nobody).
  const s = await auth.api.getSession({ headers: h, ...(opts.fresh ? { query: { disableCookieCache: true } } : {}) });
  if (!s) return null;
  const host = sessionHostOf(h);
  return host && s.session.host === host ? s : null;
}

/** The signed-in user on this host (sessions are per host), or null. Memoized per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const s = await sessionForRequest(await headers());
  if (!s) return null;
  return { id: s.user.id, email: s.user.email, name: s.user.name, emailVerified: s.user.emailVerified };
});

/** For pages: the user, or a redirect to this host's sign-in page that comes back here. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const u = await getSessionUser();
  if (!u) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return u;
}

/** For dashboard pages: the user's membership of the org in the URL, else 404. */
export async function requireOrg(orgSlug: string, minRole: MemberRole = "editor"): Promise<DashboardContext & { user: SessionUser }> {
  const user = await requireUser(`/${orgSlug}`);
  const ctx = await dashboardScope(user.id, orgSlug, minRole);
  if (!ctx) notFound();
  return { ...ctx, user };
}
