import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { creatorMembers, creators, invitations, user, type MemberRole } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";

/** A school's team: owners, admins and editors. */
export async function listMembers(scope: TenantScope) {
  const db = await getDb();
  return db
    .select({ id: creatorMembers.id, role: creatorMembers.role, userId: user.id, name: user.name, email: user.email, createdAt: creatorMembers.createdAt })
    .from(creatorMembers)
    .innerJoin(user, eq(user.id, creatorMembers.userId))
    .where(eq(creatorMembers.creatorId, scope.creatorId))
    .orderBy(asc(creatorMembers.createdAt));
}

export async function lockOwners(tx: DbOrTx, scope: TenantScope) {
  // Serialize owner changes of one tenant so two concurrent demotions cannot leave zero owners.
  await tx.execute(sql`select id from ${creators} where ${creators.id} = ${scope.creatorId} for update`);
  const [r] = await tx
    .select({ n: count() })
    .from(creatorMembers)
    .where(and(eq(creatorMembers.creatorId, scope.creatorId), eq(creatorMembers.role, "owner")));
  return r?.n ?? 0;
}

async function findMember(tx: DbOrTx, scope: TenantScope, memberId: string) {
  const [m] = await tx
    .select()
    .from(creatorMembers)
    .where(and(eq(creatorMembers.id, memberId), eq(creatorMembers.creatorId, scope.creatorId)));
  if (!m) throw new DomainError("not_found", "Team member not found");
  return m;
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
    const m = await findMember(tx, scope, memberId);
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
    const m = await findMember(tx, scope, memberId);
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
      .where(
        and(eq(invitations.creatorId, scope.creatorId), eq(invitations.invitedBy, m.userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      );
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

/** The member's role in a tenant, looked up by tenant id (null when not a member). */
export async function memberRoleById(creatorId: string, userId: string): Promise<MemberRole | null> {
  const db = await getDb();
  const [m] = await db
    .select({ role: creatorMembers.role })
    .from(creatorMembers)
    .where(and(eq(creatorMembers.creatorId, creatorId), eq(creatorMembers.userId, userId)));
  return m?.role ?? null;
}
