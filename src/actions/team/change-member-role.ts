"use server";
import { z } from "zod";
import { updateMemberRole } from "@/db/queries/members";
import { orgAction } from "@/lib/actions/chain";

/** Admins and owners change roles; the rules (owner role, last owner) are judged in updateMemberRole's transaction. */
export const changeMemberRoleAction = orgAction(
  { name: "change-member-role", schema: z.object({ memberId: z.string().uuid(), role: z.enum(["owner", "admin", "editor"]) }), minRole: "admin" },
  async (input, { scope, user, role }) => {
    await updateMemberRole(scope, { actorUserId: user.id, actorRole: role, memberId: input.memberId, role: input.role });
    return null;
  },
);
