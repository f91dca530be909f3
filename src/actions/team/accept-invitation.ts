"use server";
import { z } from "zod";
import { acceptInvitation } from "@/db/queries/invitations";
import { authedAction } from "@/lib/actions/chain";
import { hashToken } from "@/lib/tokens";

export const acceptInvitationAction = authedAction(
  { name: "accept-invitation", schema: z.object({ token: z.string().min(20).max(100) }) },
  async (input, { user }) => {
    return acceptInvitation(hashToken(input.token), { userId: user.id, email: user.email, emailVerified: user.emailVerified });
  },
);
