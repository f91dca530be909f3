import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export function isPlatformAdmin(email: string): boolean {
  return env().platformAdmins.includes(email.toLowerCase());
}

/** Platform-admin pages (app host): signed out → sign in; anyone else → 404. */
export async function requirePlatformAdmin(returnTo: string): Promise<SessionUser> {
  const u = await getSessionUser();
  if (!u) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (!isPlatformAdmin(u.email)) notFound();
  return u;
}
