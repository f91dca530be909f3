import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { dashboardScope, type DashboardContext } from "@/db/scope";
import type { MemberRole } from "@/db/schema";
import { getAuth } from "./auth";

export type SessionUser = { id: string; email: string; name: string; emailVerified: boolean };

/** The signed-in user on this host (sessions are per host), or null. Memoized per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const auth = await getAuth();
  const s = await auth.api.getSession({ headers: await headers() });
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
