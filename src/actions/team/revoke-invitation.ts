"use server";
import { z } from "zod";
import { revokeInvitation } from "@/db/queries/tenants";
import { orgAction } from "@/lib/actions/safe-action";

export const revokeInvitationAction = orgAction("revoke-invitation", { schema: z.object({ invitationId: z.string().uuid() }), minRole: "admin" }, async (input, { scope, user }) => {
  await revokeInvitation(scope, user.id, input.invitationId);
  return null;
});
