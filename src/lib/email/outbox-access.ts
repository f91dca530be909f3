import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { isPlatformAdmin } from "@/lib/auth/platform-admin";
import { env } from "@/lib/env";

/**
 * The mail viewer exists only while the outbox transport is active. OUTBOX_VIEWER=auto (default): open on
 * the embedded default (PGlite) on a localhost ROOT_DOMAIN, like a local MailHog; otherwise only for
 * platform admins with a verified email. "open" forces it open (refused at start on a public domain),
 * "admins" closes it everywhere. Anyone else gets a 404.
 */
export async function assertOutboxViewer(): Promise<void> {
  const e = env();
  if (e.emailTransport !== "outbox") notFound();
  if (e.isLocalRoot && (e.OUTBOX_VIEWER === "open" || (e.OUTBOX_VIEWER === "auto" && e.databaseDriver === "pglite"))) return;
  const u = await getSessionUser();
  if (!u || !isPlatformAdmin(u)) notFound();
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
