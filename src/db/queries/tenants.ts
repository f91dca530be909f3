import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { auditLogs, creatorMembers, creators, DEFAULT_BRANDING, domains, invitations, students, user, type Branding, type MemberRole } from "../schema";
import { ROLE_RANK, type TenantScope } from "../scope";
import { assertWithinLimit } from "./limits";
import { recordFact } from "./outbox";
import { sealEventLink } from "@/inngest/links";

export type Creator = typeof creators.$inferSelect;

export class DomainError extends Error {
  constructor(
    public readonly code: "not_found" | "conflict" | "forbidden" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export async function writeAudit(
  tx: DbOrTx,
  scope: TenantScope,
  entry: { actorUserId: string | null; action: string; targetType?: string; targetId?: string; data?: Record<string, unknown> },
) {
  await tx.insert(auditLogs).values({ creatorId: scope.creatorId, ...entry });
}

export async function listAuditLogs(scope: TenantScope, limit = 50) {
  const db = await getDb();
  return db
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.creatorId, scope.creatorId))
    .orderBy(sql`${auditLogs.createdAt} desc`)
    .limit(limit);
}

// ── Tenants ──────────────────────────────────────────────────────────────────

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
    await tx.insert(auditLogs).values({ creatorId: creator.id, actorUserId: input.ownerUserId, action: "creator.created", targetType: "creator", targetId: creator.id });
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

/** Every host name the tenant answers on (for cache invalidation). */
export async function listTenantHostKeys(scope: TenantScope): Promise<string[]> {
  const db = await getDb();
  const [c] = await db.select({ slug: creators.slug }).from(creators).where(eq(creators.id, scope.creatorId));
  const ds = await db.select({ hostname: domains.hostname }).from(domains).where(eq(domains.creatorId, scope.creatorId));
  return [...(c ? [c.slug] : []), ...ds.map((d) => d.hostname)];
}

// ── Team ─────────────────────────────────────────────────────────────────────

export async function listMembers(scope: TenantScope) {
  const db = await getDb();
  return db
    .select({ id: creatorMembers.id, role: creatorMembers.role, userId: user.id, name: user.name, email: user.email, createdAt: creatorMembers.createdAt })
    .from(creatorMembers)
    .innerJoin(user, eq(user.id, creatorMembers.userId))
    .where(eq(creatorMembers.creatorId, scope.creatorId))
    .orderBy(asc(creatorMembers.createdAt));
}

async function lockOwners(tx: DbOrTx, scope: TenantScope) {
  // Serialize owner changes of one tenant so two concurrent demotions cannot leave zero owners.
  await tx.execute(sql`select id from ${creators} where ${creators.id} = ${scope.creatorId} for update`);
  const [r] = await tx
    .select({ n: count() })
    .from(creatorMembers)
    .where(and(eq(creatorMembers.creatorId, scope.creatorId), eq(creatorMembers.role, "owner")));
  return r?.n ?? 0;
}

/**
 * Change a member's role. Every rule is judged inside the transaction, on the rows as they are under the
 * tenant lock (two changes at once are applied one after the other): only owners grant or take away the
 * owner role, and the last owner stays an owner.
 */
export async function updateMemberRole(scope: TenantScope, change: { actorUserId: string; actorRole: MemberRole; memberId: string; role: MemberRole }) {
  const { actorUserId, actorRole, memberId, role } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const owners = await lockOwners(tx, scope);
    const [m] = await tx
      .select()
      .from(creatorMembers)
      .where(and(eq(creatorMembers.id, memberId), eq(creatorMembers.creatorId, scope.creatorId)));
    if (!m) throw new DomainError("not_found", "Team member not found");
    if ((m.role === "owner" || role === "owner") && actorRole !== "owner") {
      throw new DomainError("forbidden", "Only owners can grant or take away the owner role.");
    }
    if (m.role === "owner" && role !== "owner" && owners <= 1) {
      throw new DomainError("conflict", "A school needs at least one owner. Make someone else an owner first.");
    }
    const [row] = await tx
      .update(creatorMembers)
      .set({ role })
      .where(and(eq(creatorMembers.id, memberId), eq(creatorMembers.creatorId, scope.creatorId)))
      .returning();
    await writeAudit(tx, scope, { actorUserId, action: "member.role_changed", targetType: "member", targetId: memberId, data: { from: m.role, to: role } });
    return row!;
  });
}

/** The actor's own membership, read under the tenant lock (roles as they are now, not as the request found them). */
async function actorMembership(tx: DbOrTx, scope: TenantScope, actorUserId: string) {
  const [a] = await tx
    .select()
    .from(creatorMembers)
    .where(and(eq(creatorMembers.creatorId, scope.creatorId), eq(creatorMembers.userId, actorUserId)));
  return a ?? null;
}

/**
 * Remove someone from the team, or leave. Judged inside the transaction under the tenant lock: anyone may
 * leave; owners and admins remove others; only owners remove an owner; the last owner stays. The removed
 * person's open invitations are revoked with them (an invitation carries its inviter's authority).
 */
export async function removeMember(scope: TenantScope, change: { actorUserId: string; memberId: string }) {
  const { actorUserId, memberId } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const owners = await lockOwners(tx, scope);
    const [m] = await tx
      .select()
      .from(creatorMembers)
      .where(and(eq(creatorMembers.id, memberId), eq(creatorMembers.creatorId, scope.creatorId)));
    if (!m) throw new DomainError("not_found", "Team member not found");
    if (m.userId !== actorUserId) {
      const actor = await actorMembership(tx, scope, actorUserId);
      if (!actor || actor.role === "editor") throw new DomainError("forbidden", "Only owners and admins can remove team members.");
      if (m.role === "owner" && actor.role !== "owner") throw new DomainError("forbidden", "Only owners can remove an owner.");
    }
    if (m.role === "owner" && owners <= 1) {
      throw new DomainError("conflict", "The last owner cannot leave. Make someone else an owner first.");
    }
    await tx.delete(creatorMembers).where(and(eq(creatorMembers.id, memberId), eq(creatorMembers.creatorId, scope.creatorId)));
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.creatorId, scope.creatorId), eq(invitations.invitedBy, m.userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    await writeAudit(tx, scope, { actorUserId, action: "member.removed", targetType: "member", targetId: memberId, data: { userId: m.userId } });
  });
}

export async function findMemberByEmail(scope: TenantScope, email: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: creatorMembers.id })
    .from(creatorMembers)
    .innerJoin(user, eq(user.id, creatorMembers.userId))
    .where(and(eq(creatorMembers.creatorId, scope.creatorId), eq(user.email, email.toLowerCase())));
  return row ?? null;
}

// ── Invitations ──────────────────────────────────────────────────────────────

export async function createInvitation(
  scope: TenantScope,
  input: { email: string; role: MemberRole; tokenHash: string; invitedBy: string; expiresAt: Date },
  /** Record the `team/invitation.created` fact with the invitation (the email it causes is composed by its subscriber). */
  announce?: { inviterName: string; url: string },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Re-inviting replaces the open invitation (new token, new role).
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.creatorId, scope.creatorId), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    // a pending invitation holds a team seat
    await assertWithinLimit(tx, scope, "teamSeats", 1);
    const [row] = await tx.insert(invitations).values({ creatorId: scope.creatorId, ...input }).returning();
    await writeAudit(tx, scope, { actorUserId: input.invitedBy, action: "invitation.created", targetType: "invitation", targetId: row!.id, data: { email: input.email, role: input.role } });
    if (announce) {
      await recordFact(tx, "team/invitation.created", { creatorId: scope.creatorId, invitationId: row!.id, email: input.email, role: input.role, inviterName: announce.inviterName, sealedUrl: sealEventLink(announce.url) });
    }
    return row!;
  });
}

export async function listOpenInvitations(scope: TenantScope) {
  const db = await getDb();
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.creatorId, scope.creatorId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(asc(invitations.createdAt));
}

export async function revokeInvitation(scope: TenantScope, actorUserId: string, invitationId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.creatorId, scope.creatorId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new DomainError("not_found", "Invitation not found");
    await writeAudit(tx, scope, { actorUserId, action: "invitation.revoked", targetType: "invitation", targetId: row.id });
  });
}

/** Look up an open invitation by token hash (the token is the authority here; no scope yet). */
export async function findOpenInvitationByTokenHash(tokenHash: string) {
  const db = await getDb();
  const [row] = await db
    .select({ invitation: invitations, creator: { id: creators.id, name: creators.name, slug: creators.slug, branding: creators.branding } })
    .from(invitations)
    .innerJoin(creators, eq(creators.id, invitations.creatorId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())));
  return row ?? null;
}

/**
 * Accept: the signed-in user's email must be the invited address. Adds (or upgrades) their
 * membership and closes the invitation in one transaction; accepting twice is harmless.
 */
export async function acceptInvitation(tokenHash: string, accepting: { userId: string; email: string; emailVerified: boolean }) {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
      .for("update");
    if (!inv) throw new DomainError("not_found", "This invitation is no longer valid. Ask for a new one.");
    if (inv.email !== accepting.email.toLowerCase()) {
      throw new DomainError("forbidden", `This invitation was sent to ${inv.email}. Sign in with that address to accept it.`);
    }
    // Typing an address at sign-up proves nothing: the invitation goes to whoever owns the mailbox.
    if (!accepting.emailVerified) throw new DomainError("forbidden", `Confirm your email address first: we sent a link to ${inv.email}.`);
    // Serialize with other role changes of this tenant (see lockOwners).
    await tx.execute(sql`select id from ${creators} where ${creators.id} = ${inv.creatorId} for update`);
    // The invitation carries its inviter's authority, as it is now: still on the team, and an owner to make owners.
    const [inviter] = inv.invitedBy
      ? await tx
          .select({ role: creatorMembers.role })
          .from(creatorMembers)
          .where(and(eq(creatorMembers.creatorId, inv.creatorId), eq(creatorMembers.userId, inv.invitedBy)))
      : [];
    if (!inviter || inviter.role === "editor" || (inv.role === "owner" && inviter.role !== "owner")) {
      await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, inv.id));
      return { creatorSlug: null, revoked: true as const };
    }
    const [existing] = await tx
      .select()
      .from(creatorMembers)
      .where(and(eq(creatorMembers.creatorId, inv.creatorId), eq(creatorMembers.userId, accepting.userId)));
    if (!existing) {
      await tx.insert(creatorMembers).values({ creatorId: inv.creatorId, userId: accepting.userId, role: inv.role });
    } else if (ROLE_RANK[inv.role] > ROLE_RANK[existing.role]) {
      // Already on the team: the invitation raises the role, it never lowers it.
      await tx.update(creatorMembers).set({ role: inv.role }).where(eq(creatorMembers.id, existing.id));
      await tx.insert(auditLogs).values({
        creatorId: inv.creatorId,
        actorUserId: accepting.userId,
        action: "member.role_changed",
        targetType: "member",
        targetId: existing.id,
        data: { from: existing.role, to: inv.role, via: "invitation" },
      });
    }
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    await tx.insert(auditLogs).values({ creatorId: inv.creatorId, actorUserId: accepting.userId, action: "invitation.accepted", targetType: "invitation", targetId: inv.id });
    const [c] = await tx.select({ slug: creators.slug }).from(creators).where(eq(creators.id, inv.creatorId));
    return { creatorSlug: c!.slug, revoked: false as const };
  });
  if (result.revoked) throw new DomainError("not_found", "This invitation is no longer valid: whoever sent it can no longer invite. Ask the school for a new one.");
  return { creatorSlug: result.creatorSlug };
}

// ── Students ─────────────────────────────────────────────────────────────────

/**
 * Make the user a student of this tenant (idempotent). Never refused for the plan's student limit: a
 * school over its limit keeps taking students (see noteNewStudent in src/lib/plans/warnings.ts).
 * `created` is true only for the call that added the row.
 */
export async function ensureStudent(scope: TenantScope, userId: string): Promise<{ id: string; created: boolean }> {
  const db = await getDb();
  const [inserted] = await db
    .insert(students)
    .values({ creatorId: scope.creatorId, userId })
    .onConflictDoNothing({ target: [students.creatorId, students.userId] })
    .returning({ id: students.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return { id: existing!.id, created: false };
}

export async function findStudent(scope: TenantScope, userId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return row ?? null;
}

export async function countStudents(scope: TenantScope) {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(students).where(eq(students.creatorId, scope.creatorId));
  return r?.n ?? 0;
}

export async function listStudents(scope: TenantScope, limit = 50) {
  const db = await getDb();
  return db
    .select({ id: students.id, userId: user.id, name: user.name, email: user.email, status: students.status, createdAt: students.createdAt })
    .from(students)
    .innerJoin(user, eq(user.id, students.userId))
    .where(eq(students.creatorId, scope.creatorId))
    .orderBy(sql`${students.createdAt} desc`)
    .limit(limit);
}

/** The member's role in a tenant, looked up by tenant id (null when not a member). */
export async function memberRoleById(creatorId: string, userId: string): Promise<MemberRole | null> {
  const db = await getDb();
  const [m] = await db
    .select({ role: creatorMembers.role })
    .from(creatorMembers)
    .where(and(eq(creatorMembers.creatorId, creatorId), eq(creatorMembers.userId, userId)));
  return m?.role ?? null;
}
