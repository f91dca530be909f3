"use server";
import { z } from "zod";
import { orgAction } from "@/lib/actions/safe-action";
import { creditPackCheckoutUrl } from "@/lib/billing/checkout";
import { fulfilCreditPack } from "@/lib/billing/plan-sync";
import { stripeBilling } from "@/lib/billing/stripe";

/**
 * Buy a top-up pack. With Stripe: returns the Checkout page (paid by the school's Stripe customer);
 * the `checkout.session.completed` webhook adds the credits. Test mode: no card, the credits arrive
 * through the same path. `requestId` makes a double click count once.
 */
export const buyCreditsAction = orgAction(
  "buy-credits",
  { schema: z.object({ pack: z.enum(["small", "medium", "large"]), requestId: z.string().uuid() }), minRole: "admin" },
  async ({ pack, requestId }, { scope, creator }) => {
    const billing = stripeBilling();
    if (billing) return { redirectUrl: await creditPackCheckoutUrl(scope, { school: { slug: creator.slug, name: creator.name }, pack, requestId }, billing) };
    return fulfilCreditPack(scope, pack, requestId, "test-mode");
  },
);
