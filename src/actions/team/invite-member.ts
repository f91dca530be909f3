"use server";
import { z } from "zod";
import { createInvitation } from "@/db/queries/invitations";
import { findMemberByEmail } from "@/db/queries/members";
import { DomainError } from "@/lib/errors";
import { orgAction } from "@/lib/actions/chain";
import { appUrl } from "@/lib/env";
import { warnIfNearLimit } from "@/lib/platform-billing/warnings";
import { newToken } from "@/lib/tokens";

const inviteMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  role: z.enum(["owner", "admin", "editor"]),
});

export const inviteMemberAction = orgAction(
  { name: "invite-member", schema: inviteMemberSchema, minRole: "admin" },
  async (input, { scope, user, role, creator }) => {
    if (input.role === "owner" && role !== "owner") throw new DomainError("forbidden", "Only owners can invite another owner.");
    if (await findMemberByEmail(scope, input.email)) {
      throw new DomainError("conflict", `${input.email} is already on the team.`, { fieldErrors: { email: ["Already on the team."] } });
    }
    const { token, hash } = newToken();
    const inv = await createInvitation(
      scope,
      { email: input.email, role: input.role, tokenHash: hash, invitedBy: user.id, expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000) },
      { inviterName: user.name, url: appUrl(`/invite/${token}`) },
    );
    await warnIfNearLimit(scope, { metric: "teamSeats", school: creator });
    return { id: inv.id };
  },
);
