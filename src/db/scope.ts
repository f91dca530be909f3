import "server-only";
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import { planOf } from "@/lib/platform-billing/plans";
import type { SiteKey } from "@/lib/tenant/host";
import { getDb } from "./client";
import { creatorMembers, creators, domains, type Branding, type MemberRole } from "./schema";

declare const scopeBrand: unique symbol;

/**
 * Proof that the caller may act inside one tenant. Every query over tenant tables takes one
 * first and puts `creatorId` in its WHERE clause. Only the constructors below make one:
 *  - dashboard: a signed-in user's membership of the org named in the URL
 *  - site: the tenant a request's host resolves to (subdomain or verified custom domain)
 *  - admin: Courseforge staff acting on a school from the support tools (a verified platform admin)
 *  - system: jobs, verified webhooks and scripts (the seed, benchmarks), from a verified event
 * Which files may call `platformAdminScope` and `systemScope` is enforced by a lint rule (eslint.config.mjs).
 */
export type TenantScope = { readonly creatorId: string; readonly via: "dashboard" | "site" | "admin" | "system"; readonly [scopeBrand]: true };

function make(creatorId: string, via: TenantScope["via"]): TenantScope {
  return Object.freeze({ creatorId, via }) as TenantScope;
}

/** For background jobs, verified webhooks and scripts only — never on a request path (lint-enforced). */
export function systemScope(creatorId: string): TenantScope {
  return make(creatorId, "system");
}

/**
 * Courseforge support acting on one school (credit adjustments). Only the platform-admin actions and
 * pages call it (lint-enforced), after the admin link of the action chain or requirePlatformAdmin has
 * checked a verified platform admin's session.
 */
export function platformAdminScope(creatorId: string): TenantScope {
  return make(creatorId, "admin");
}

export const ROLE_RANK: Record<MemberRole, number> = { editor: 1, admin: 2, owner: 3 };

export type DashboardContext = { scope: TenantScope; creator: typeof creators.$inferSelect; role: MemberRole; memberId: string };

/**
 * The dashboard scope: the user must be a member of the org (by slug) with at least `minRole`.
 * Returns null when not a member — callers answer 404, never "belongs to someone else".
 */
export async function dashboardScope(userId: string, orgSlug: string, minRole: MemberRole = "editor"): Promise<DashboardContext | null> {
  const db = await getDb();
  const rows = await db
    .select({ creator: creators, role: creatorMembers.role, memberId: creatorMembers.id })
    .from(creatorMembers)
    .innerJoin(creators, eq(creators.id, creatorMembers.creatorId))
    .where(and(eq(creators.slug, orgSlug.toLowerCase()), eq(creatorMembers.userId, userId)))
    .limit(1);
  const row = rows[0];
  if (!row || ROLE_RANK[row.role] < ROLE_RANK[minRole]) return null;
  return { scope: make(row.creator.id, "dashboard"), creator: row.creator, role: row.role, memberId: row.memberId };
}

/**
 * What the public site needs to know about its tenant; plain data, safe to cache. `customDomain` is the
 * school's canonical host when it has a verified domain (the one made primary, else the first verified), else null.
 */
export type SiteRecord = { id: string; slug: string; name: string; branding: Branding; plan: string; customDomain: string | null };

/**
 * Look up the tenant a host names (parseHost decided the kind): a subdomain's slug, or a hostname that must
 * be a verified custom domain. Null when nobody owns it.
 */
export async function findSiteRecord(key: SiteKey): Promise<SiteRecord | null> {
  const db = await getDb();
  const cols = { id: creators.id, slug: creators.slug, name: creators.name, branding: creators.branding, plan: creators.plan };
  const rows =
    key.kind === "custom"
      ? await db
          .select(cols)
          .from(domains)
          .innerJoin(creators, eq(creators.id, domains.creatorId))
          .where(and(eq(domains.hostname, key.hostname.toLowerCase()), isNotNull(domains.verifiedAt)))
          .limit(1)
      : await db.select(cols).from(creators).where(eq(creators.slug, key.slug.toLowerCase())).limit(1);
  const row = rows[0];
  if (!row) return null;
  // A school whose plan no longer includes custom domains (a downgrade) keeps them listed but not served:
  // its subdomain answers again, and it can upgrade to have them back.
  const domainsServed = planOf(row.plan).limits.customDomain;
  if (key.kind === "custom" && !domainsServed) return null;
  if (!domainsServed) return { ...row, customDomain: null };
  const [canonical] = await db
    .select({ hostname: domains.hostname })
    .from(domains)
    .where(and(eq(domains.creatorId, row.id), isNotNull(domains.verifiedAt)))
    .orderBy(desc(domains.isPrimary), asc(domains.verifiedAt), asc(domains.hostname))
    .limit(1);
  return { ...row, customDomain: canonical?.hostname ?? null };
}

/** The site scope for a record that came from findSiteRecord (directly or through a cache). */
export function siteScopeFor(record: SiteRecord): TenantScope {
  return make(record.id, "site");
}
