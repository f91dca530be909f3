"use server";
import { z } from "zod";
import { createInvitation, findMemberByEmail } from "@/db/queries/tenants";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";
import { appUrl } from "@/lib/env";
import { warnIfNearLimit } from "@/lib/plans/warnings";
import { newToken } from "@/lib/tokens";

const inviteMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  role: z.enum(["owner", "admin", "editor"]),
});

export const inviteMemberAction = orgAction("invite-member", { schema: inviteMemberSchema, minRole: "admin" }, async (input, { scope, user, role, creator }) => {
  if (input.role === "owner" && role !== "owner") throw new ActionError("forbidden", "Only owners can invite another owner.");
  if (await findMemberByEmail(scope, input.email)) {
    throw new ActionError("conflict", `${input.email} is already on the team.`, { email: ["Already on the team."] });
  }
  const { token, hash } = newToken();
  const inv = await createInvitation(
    scope,
    { email: input.email, role: input.role, tokenHash: hash, invitedBy: user.id, expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000) },
    { inviterName: user.name, url: appUrl(`/invite/${token}`) },
  );
  await warnIfNearLimit(scope, "teamSeats", creator.name, creator.slug);
  return { id: inv.id };
});
