import { notFound, redirect } from "next/navigation";
import { findStudent, touchStudent } from "@/db/queries/students";
import { siteScopeFor, type SiteRecord, type TenantScope } from "@/db/scope";
import { headers } from "next/headers";
import { getSessionUser, sessionForRequest, type SessionUser } from "@/lib/auth/session";
import { siteHostStatus } from "@/lib/tenant/canonical";
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

/** The signed-in visitor when they are an active student of this school, else null (sign-in and sign-up send them on). */
export async function activeStudentOf(site: SiteRecord): Promise<SessionUser | null> {
  // Read fresh: a session ended elsewhere (signing out on the school's custom domain) must not send anyone on.
  const session = await sessionForRequest(await headers(), { fresh: true });
  const user = session?.user;
  if (!user) return null;
  const student = await findStudent(siteScopeFor(site), user.id);
  return student?.status === "active" ? { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified } : null;
}

/**
 * The school's canonical custom domain as the proxy sees it right now (src/lib/tenant/canonical.ts), which
 * is what decides the redirects: the sign-in pages and the session handoff follow the same answer, so the
 * two can never send a student round in a loop.
 */
export async function servedCustomDomain(site: SiteRecord): Promise<string | null> {
  return (await siteHostStatus({ kind: "subdomain", slug: site.slug })).canonical;
}
