import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

/**
 * A platform admin is a signed-in user whose address is listed in PLATFORM_ADMIN_EMAILS **and verified**:
 * an address someone merely typed at sign-up grants nothing.
 */
export function isPlatformAdmin(user: Pick<SessionUser, "email" | "emailVerified">): boolean {
  return user.emailVerified === true && env().platformAdmins.includes(user.email.toLowerCase());
}

/** Platform-admin pages (app host): signed out → sign in; anyone else → 404. */
export async function requirePlatformAdmin(returnTo: string): Promise<SessionUser> {
  const u = await getSessionUser();
  if (!u) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (!isPlatformAdmin(u)) notFound();
  return u;
}
