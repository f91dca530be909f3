import { notFound, redirect } from "next/navigation";
import { findStudent, touchStudent } from "@/db/queries/students";
import { siteScopeFor, type SiteRecord, type TenantScope } from "@/db/scope";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { getSite } from "@/lib/tenant/resolve";

export async function requireSite(key: string): Promise<SiteRecord> {
  const site = await getSite(key);
  if (!site) notFound();
  return site;
}

/**
 * For signed-in student pages: a session on this host and a student membership of this tenant.
 * No session → this site's sign-in. Signed in but not a member (e.g. only a team member) → joined
 * on next sign-in; we send them to sign in again rather than show anything.
 */
export async function requireStudent(key: string, returnTo: string): Promise<{ site: SiteRecord; scope: TenantScope; user: SessionUser }> {
  const site = await requireSite(key);
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  const scope = siteScopeFor(site);
  const student = await findStudent(scope, user.id);
  if (!student || student.status !== "active") redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  await touchStudent(scope, user.id);
  return { site, scope, user };
}
