"use server";
import { z } from "zod";
import { listMembers, removeMember } from "@/db/queries/tenants";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";

/** Remove someone from the team, or leave yourself (any role). The last owner cannot leave. */
export const removeMemberAction = orgAction("remove-member", { schema: z.object({ memberId: z.string().uuid() }), minRole: "editor" }, async (input, { scope, user, role, memberId }) => {
  const self = input.memberId === memberId;
  if (!self) {
    const target = (await listMembers(scope)).find((m) => m.id === input.memberId);
    if (!target) throw new ActionError("not_found", "Team member not found.");
    if (role === "editor") throw new ActionError("forbidden", "Only owners and admins can remove team members.");
    if (target.role === "owner" && role !== "owner") throw new ActionError("forbidden", "Only owners can remove an owner.");
  }
  await removeMember(scope, user.id, input.memberId);
  return { left: self };
});
