"use server";
import { z } from "zod";
import { adjustCredits, InsufficientCreditsError } from "@/db/queries/credits";
import { findSchoolForAdmin } from "@/db/queries/platform-admin";
import { platformAdminScope } from "@/db/scope";
import { DomainError } from "@/lib/errors";
import { adminAction } from "@/lib/actions/chain";

const input = z.object({
  creatorId: z.string().uuid(),
  amount: z
    .number({ message: "Enter a whole number of credits" })
    .int("Enter a whole number of credits")
    .min(-1_000_000, "At most 1,000,000 credits at a time")
    .max(1_000_000, "At most 1,000,000 credits at a time")
    .refine((n) => n !== 0, "Enter a number other than zero"),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(200, "At most 200 characters"),
  // One per form submission: a double click or a retried request posts once.
  requestId: z.string().uuid(),
});

/**
 * Platform admins (Courseforge support) add or remove a school's credits with a reason, e.g. a
 * goodwill grant after an outage. Posted as a ledger adjustment that records who and why; a removal
 * never takes the balance below zero.
 */
export const adjustCreditsAction = adminAction({ name: "adjust-credits", schema: input }, async ({ creatorId, amount, reason, requestId }, { user }) => {
  const school = await findSchoolForAdmin(creatorId);
  if (!school) throw new DomainError("not_found", "That school no longer exists.");
  try {
    await adjustCredits(platformAdminScope(school.id), { amount, key: `admin-adjust:${requestId}`, reason, actorUserId: user.id });
  } catch (err) {
    if (err instanceof InsufficientCreditsError)
      throw new DomainError("conflict", `${school.name} has ${err.available} credits available; a removal cannot take the balance below zero.`);
    throw err;
  }
  return { creatorId: school.id, amount };
});
