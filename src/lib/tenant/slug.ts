import { z } from "zod";

/**
 * The static top-level paths of the app host (`src/app/(dashboard)/dashboard/<segment>`). A school's
 * dashboard lives at `app.<root>/<slug>`, and a static route wins over `[org]`, so a school named like one
 * of these could never open its dashboard. `slug.test.ts` walks the route tree and fails when this list
 * and the folders differ.
 */
export const APP_ROUTE_SEGMENTS = ["admin", "dev", "forgot-password", "invite", "jobs", "onboarding", "reset-password", "sign-in", "sign-up"] as const;

/** Subdomains a creator may never take: the app host's own routes, host kinds, infrastructure and look-alikes. */
export const RESERVED_SLUGS = new Set<string>([
  ...APP_ROUTE_SEGMENTS,
  "app",
  "www",
  "api",
  "admin",
  "mail",
  "email",
  "smtp",
  "imap",
  "pop",
  "ftp",
  "ns",
  "ns1",
  "ns2",
  "dns",
  "cdn",
  "static",
  "assets",
  "media",
  "files",
  "img",
  "images",
  "video",
  "videos",
  "stream",
  "dashboard",
  "portal",
  "sites",
  "platform",
  "auth",
  "login",
  "signin",
  "sign-in",
  "signup",
  "sign-up",
  "account",
  "accounts",
  "billing",
  "help",
  "support",
  "docs",
  "status",
  "blog",
  "dev",
  "test",
  "staging",
  "beta-app",
  "internal",
  "root",
  "system",
  "courseforge",
  "inngest",
  "webhooks",
  "webhook",
  "jobs",
  "security",
  "legal",
  "about",
  "pricing",
  "invite",
  "onboarding",
  "settings",
  "new",
]);

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(SLUG_MIN, `Use at least ${SLUG_MIN} characters`)
  .max(SLUG_MAX, `Use at most ${SLUG_MAX} characters`)
  .regex(/^[a-z0-9-]+$/, "Use only lowercase letters, digits and hyphens")
  .regex(/^[a-z0-9]/, "Start with a letter or a digit")
  .regex(/[a-z0-9]$/, "End with a letter or a digit")
  .refine((s) => !s.includes("--"), "Do not use two hyphens in a row")
  .refine((s) => !RESERVED_SLUGS.has(s), "That subdomain is reserved; pick another");

/** Turn a school name into a suggested subdomain (the user can still edit it). */
export function suggestSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-{2,}/g, "-")
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, "");
  return base;
}
