import { asc, eq } from "drizzle-orm";
import { getDb } from "../client";
import { auditLogs, creatorMembers, creators, DEFAULT_BRANDING, domains, type Branding } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import type { SiteKey } from "@/lib/tenant/host";
import { writeAudit } from "./audit";

/** Schools (tenants): created with their owner, found, renamed and re-branded. */
export type Creator = typeof creators.$inferSelect;

/**
 * Create a school and make `ownerUserId` its owner, in one transaction. Not scoped: this is
 * where a scope comes from. A taken slug surfaces as a unique violation (mapped by the caller).
 */
export async function createCreatorWithOwner(input: { ownerUserId: string; name: string; slug: string; branding?: Partial<Branding> }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [creator] = await tx
      .insert(creators)
      .values({ name: input.name, slug: input.slug, branding: { ...DEFAULT_BRANDING, ...input.branding } })
      .returning();
    if (!creator) throw new Error("insert returned nothing");
    await tx.insert(creatorMembers).values({ creatorId: creator.id, userId: input.ownerUserId, role: "owner" });
    await tx
      .insert(auditLogs)
      .values({ creatorId: creator.id, actorUserId: input.ownerUserId, action: "creator.created", targetType: "creator", targetId: creator.id });
    return creator;
  });
}

/** Whether a subdomain is free (for the onboarding form's live check). */
export async function isSlugTaken(slug: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.select({ id: creators.id }).from(creators).where(eq(creators.slug, slug)).limit(1);
  return rows.length > 0;
}

/** Schools the user works in (for the org switcher). Keyed by the user, not a tenant. */
export async function listCreatorsForUser(userId: string) {
  const db = await getDb();
  return db
    .select({ id: creators.id, slug: creators.slug, name: creators.name, role: creatorMembers.role })
    .from(creatorMembers)
    .innerJoin(creators, eq(creators.id, creatorMembers.creatorId))
    .where(eq(creatorMembers.userId, userId))
    .orderBy(asc(creators.name));
}

export async function getCreatorOrThrow(scope: TenantScope): Promise<Creator> {
  const db = await getDb();
  const [row] = await db.select().from(creators).where(eq(creators.id, scope.creatorId)).limit(1);
  if (!row) throw new DomainError("not_found", "School not found");
  return row;
}

export async function updateCreatorBranding(scope: TenantScope, actorUserId: string, input: { name: string; branding: Branding }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(creators)
      .set({ name: input.name, branding: input.branding, updatedAt: new Date() })
      .where(eq(creators.id, scope.creatorId))
      .returning();
    if (!row) throw new DomainError("not_found", "School not found");
    await writeAudit(tx, scope, { actorUserId, action: "creator.branding_updated", targetType: "creator", targetId: row.id });
    return row;
  });
}

/** Whether editors may run AI generation (owners decide; audited). */
export async function setAiForEditors(scope: TenantScope, change: { actorUserId: string; allowed: boolean }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(creators)
      .set({ aiForEditors: change.allowed, updatedAt: new Date() })
      .where(eq(creators.id, scope.creatorId))
      .returning({ id: creators.id });
    if (!row) throw new DomainError("not_found", "School not found");
    await writeAudit(tx, scope, {
      actorUserId: change.actorUserId,
      action: "ai.editor_access_set",
      targetType: "creator",
      targetId: row.id,
      data: { allowed: change.allowed },
    });
  });
}

/** Every host the tenant answers on, as site keys (for cache invalidation). */
export async function listTenantSiteKeys(scope: TenantScope): Promise<SiteKey[]> {
  const db = await getDb();
  const [c] = await db.select({ slug: creators.slug }).from(creators).where(eq(creators.id, scope.creatorId));
  const ds = await db.select({ hostname: domains.hostname }).from(domains).where(eq(domains.creatorId, scope.creatorId));
  return [...(c ? [{ kind: "subdomain" as const, slug: c.slug }] : []), ...ds.map((d) => ({ kind: "custom" as const, hostname: d.hostname }))];
}
