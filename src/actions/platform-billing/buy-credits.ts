"use server";
import { z } from "zod";
import { orgAction } from "@/lib/actions/chain";
import { creditPackCheckoutUrl } from "@/lib/platform-billing/checkout";
import { fulfilCreditPack } from "@/lib/platform-billing/plan-sync";
import { stripeBilling } from "@/lib/platform-billing/stripe";

/**
 * Buy a top-up pack. With Stripe: returns the Checkout page (paid by the school's Stripe customer);
 * the `checkout.session.completed` webhook adds the credits. Test mode: no card, the credits arrive
 * through the same path. `requestId` makes a double click count once.
 */
export const buyCreditsAction = orgAction(
  { name: "buy-credits", schema: z.object({ pack: z.enum(["small", "medium", "large"]), requestId: z.string().uuid() }), minRole: "admin" },
  async ({ pack, requestId }, { scope, creator }) => {
    const billing = stripeBilling();
    if (billing) return { redirectUrl: await creditPackCheckoutUrl(scope, { school: { slug: creator.slug, name: creator.name }, pack, requestId }, billing) };
    return fulfilCreditPack(scope, { pack, key: requestId, source: "test-mode" });
  },
);
