"use server";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { orgAction } from "@/lib/actions/chain";
import { billingPortalUrl } from "@/lib/platform-billing/checkout";
import { stripeBilling } from "@/lib/platform-billing/stripe";

/** The Stripe customer portal (cards, invoices, plan, cancellation) of the school's own Stripe customer, for its owners. */
export const openBillingPortalAction = orgAction(
  { name: "open-billing-portal", schema: z.object({}), minRole: "owner" },
  async (_input, { scope, creator }) => {
    const billing = stripeBilling();
    if (!billing) throw new DomainError("unavailable", "Billing runs in test mode here: there is no Stripe customer portal.");
    return { redirectUrl: await billingPortalUrl(scope, { slug: creator.slug, name: creator.name }, billing) };
  },
);
