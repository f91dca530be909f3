"use server";
import { z } from "zod";
import { disconnectStripeAccount } from "@/db/queries/stripe-accounts";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Owners stop new checkouts through the school's Stripe account; access already sold stays. */
export const disconnectStripeAction = orgAction({ name: "disconnect-stripe", schema: z.object({}), minRole: "owner" }, async (_input, { scope, user }) => {
  const row = await disconnectStripeAccount(scope, { actorUserId: user.id });
  if (!row) throw new DomainError("not_found", "No Stripe account is connected.");
  return { disconnected: true };
});
