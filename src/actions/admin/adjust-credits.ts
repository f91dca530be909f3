"use server";
import { z } from "zod";
import { adjustCredits, InsufficientCreditsError, LedgerError } from "@/db/queries/credits";
import { findSchoolForAdmin } from "@/db/queries/platform-admin";
import { systemScope } from "@/db/scope";
import { isPlatformAdmin } from "@/lib/admin/platform-admin";
import { ActionError } from "@/lib/actions/result";
import { userAction } from "@/lib/actions/safe-action";

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
export const adjustCreditsAction = userAction("adjust-credits", input, async ({ creatorId, amount, reason, requestId }, { user }) => {
  if (!isPlatformAdmin(user)) throw new ActionError("not_found", "Not found.");
  const school = await findSchoolForAdmin(creatorId);
  if (!school) throw new ActionError("not_found", "That school no longer exists.");
  try {
    await adjustCredits(systemScope(school.id), amount, `admin-adjust:${requestId}`, reason, user.id);
  } catch (err) {
    if (err instanceof InsufficientCreditsError) throw new ActionError("conflict", `${school.name} has ${err.available} credits available; a removal cannot take the balance below zero.`);
    if (err instanceof LedgerError) throw new ActionError("invalid", err.message);
    throw err;
  }
  return { creatorId: school.id, amount };
});
