import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

/**
 * The mail viewer exists only while the outbox transport is active. OUTBOX_VIEWER=auto (default):
 * open on the embedded default (PGlite, one machine) like a local MailHog, and limited to platform
 * admins (PLATFORM_ADMIN_EMAILS) with a Postgres server; "open" or "admins" force either.
 */
export async function assertOutboxViewer(): Promise<void> {
  const e = env();
  if (e.emailTransport !== "outbox") notFound();
  if (e.OUTBOX_VIEWER === "open" || (e.OUTBOX_VIEWER === "auto" && e.databaseDriver === "pglite")) return;
  const u = await getSessionUser();
  if (!u || !e.platformAdmins.includes(u.email.toLowerCase())) notFound();
}

/** Links in an email, for the viewer's quick-open list. */
export function extractLinks(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1]!.replace(/&amp;/g, "&");
    if (/^https?:\/\//.test(href)) out.add(href);
  }
  return [...out];
}
