"use server";
import { z } from "zod";
import { revokeInvitation } from "@/db/queries/invitations";
import { orgAction } from "@/lib/actions/chain";

export const revokeInvitationAction = orgAction(
  { name: "revoke-invitation", schema: z.object({ invitationId: z.string().uuid() }), minRole: "admin" },
  async (input, { scope, user }) => {
    await revokeInvitation(scope, user.id, input.invitationId);
    return null;
  },
);
