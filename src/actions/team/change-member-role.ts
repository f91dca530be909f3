"use server";
import { z } from "zod";
import { listMembers, updateMemberRole } from "@/db/queries/tenants";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";

export const changeMemberRoleAction = orgAction(
  "change-member-role",
  { schema: z.object({ memberId: z.string().uuid(), role: z.enum(["owner", "admin", "editor"]) }), minRole: "admin" },
  async (input, { scope, user, role }) => {
    const target = (await listMembers(scope)).find((m) => m.id === input.memberId);
    if (!target) throw new ActionError("not_found", "Team member not found.");
    if ((target.role === "owner" || input.role === "owner") && role !== "owner") throw new ActionError("forbidden", "Only owners can grant or take away the owner role.");
    await updateMemberRole(scope, user.id, input.memberId, input.role);
    return null;
  },
);
