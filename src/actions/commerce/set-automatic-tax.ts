"use server";
import { z } from "zod";
import { setAutomaticTax } from "@/db/queries/stripe-accounts";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Stripe Tax's automatic tax at checkout, per school (owners). */
export const setAutomaticTaxAction = orgAction(
  { name: "set-automatic-tax", schema: z.object({ enabled: z.boolean() }), minRole: "owner" },
  async ({ enabled }, { scope, user }) => {
    const row = await setAutomaticTax(scope, { actorUserId: user.id, enabled });
    if (!row) throw new DomainError("not_found", "Connect Stripe first.");
    return { enabled: row.automaticTax };
  },
);
