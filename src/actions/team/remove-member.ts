"use server";
import { z } from "zod";
import { removeMember } from "@/db/queries/members";
import { orgAction } from "@/lib/actions/chain";

/** Remove someone from the team, or leave yourself (any role). The rules are judged in removeMember's transaction. */
export const removeMemberAction = orgAction(
  { name: "remove-member", schema: z.object({ memberId: z.string().uuid() }), minRole: "editor" },
  async (input, { scope, user, memberId }) => {
    await removeMember(scope, { actorUserId: user.id, memberId: input.memberId });
    return { left: input.memberId === memberId };
  },
);
