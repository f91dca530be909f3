"use server";
import { z } from "zod";
import { acceptInvitation } from "@/db/queries/tenants";
import { userAction } from "@/lib/actions/safe-action";
import { hashToken } from "@/lib/tokens";

export const acceptInvitationAction = userAction("accept-invitation", z.object({ token: z.string().min(20).max(100) }), async (input, { user }) => {
  return acceptInvitation(hashToken(input.token), { userId: user.id, email: user.email, emailVerified: user.emailVerified });
});
