import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { auditLogs, creatorMembers, creators, invitations, type MemberRole } from "../schema";
import { ROLE_RANK, type TenantScope } from "../scope";
import { sealEventLink } from "@/inngest/links";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { assertWithinLimit } from "./limits";
import { recordFact } from "./outbox";

/** Invitations to a school's team: sent by email with a one-time token, accepted by the invited address. */
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
      .where(
        and(eq(invitations.creatorId, scope.creatorId), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      );
    // a pending invitation holds a team seat
    await assertWithinLimit(tx, scope, { metric: "teamSeats", amount: 1 });
    const [row] = await tx
      .insert(invitations)
      .values({ creatorId: scope.creatorId, ...input })
      .returning();
    await writeAudit(tx, scope, {
      actorUserId: input.invitedBy,
      action: "invitation.created",
      targetType: "invitation",
      targetId: row!.id,
      data: { email: input.email, role: input.role },
    });
    if (announce) {
      await recordFact(tx, {
        name: "team/invitation.created",
        data: {
          creatorId: scope.creatorId,
          invitationId: row!.id,
          email: input.email,
          role: input.role,
          inviterName: announce.inviterName,
          sealedUrl: sealEventLink(announce.url),
        },
      });
    }
    return row!;
  });
}

export async function listOpenInvitations(scope: TenantScope) {
  const db = await getDb();
  return db
    .select()
    .from(invitations)
    .where(
      and(eq(invitations.creatorId, scope.creatorId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())),
    )
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
      await tx
        .insert(auditLogs)
        .values({
          creatorId: inv.creatorId,
          actorUserId: accepting.userId,
          action: "member.role_changed",
          targetType: "member",
          targetId: existing.id,
          data: { from: existing.role, to: inv.role, via: "invitation" },
        });
    }
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    await tx
      .insert(auditLogs)
      .values({ creatorId: inv.creatorId, actorUserId: accepting.userId, action: "invitation.accepted", targetType: "invitation", targetId: inv.id });
    const [c] = await tx.select({ slug: creators.slug }).from(creators).where(eq(creators.id, inv.creatorId));
    return { creatorSlug: c!.slug, revoked: false as const };
  });
  if (result.revoked)
    throw new DomainError("not_found", "This invitation is no longer valid: whoever sent it can no longer invite. Ask the school for a new one.");
  return { creatorSlug: result.creatorSlug };
}
