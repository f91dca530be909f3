"use server";
import { z } from "zod";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";
import { billingPortalUrl } from "@/lib/billing/checkout";
import { stripeBilling } from "@/lib/billing/stripe";

/** The Stripe customer portal (cards, invoices, plan, cancellation) of the school's own Stripe customer, for its owners. */
export const openBillingPortalAction = orgAction("open-billing-portal", { schema: z.object({}), minRole: "owner" }, async (_input, { scope, creator }) => {
  const billing = stripeBilling();
  if (!billing) throw new ActionError("unavailable", "Billing runs in test mode here: there is no Stripe customer portal.");
  return { redirectUrl: await billingPortalUrl(scope, { slug: creator.slug, name: creator.name }, billing) };
});
