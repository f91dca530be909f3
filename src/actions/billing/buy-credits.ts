"use server";
import { z } from "zod";
import { purchaseCredits } from "@/db/queries/credits";
import { orgAction } from "@/lib/actions/safe-action";
import { CREDIT_PACKS } from "@/lib/plans/credits";

/** Buy a top-up pack (test mode: no card is charged). `requestId` makes a double click count once. */
export const buyCreditsAction = orgAction(
  "buy-credits",
  { schema: z.object({ pack: z.enum(["small", "medium", "large"]), requestId: z.string().uuid() }), minRole: "admin" },
  async ({ pack, requestId }, { scope }) => {
    const p = CREDIT_PACKS[pack];
    await purchaseCredits(scope, p.credits, `purchase:${requestId}`, `Top-up: ${p.label} (test mode)`);
    return { credits: p.credits };
  },
);
