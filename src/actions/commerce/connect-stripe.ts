"use server";
import { z } from "zod";
import { getStripeAccount, saveStripeAccount } from "@/db/queries/stripe-accounts";
import { orgAction } from "@/lib/actions/chain";
import { accountState, stripeConnect } from "@/lib/commerce/stripe-connect";
import { appUrl, tenantUrl } from "@/lib/env";
import { DomainError } from "@/lib/errors";

/**
 * Owners connect the school's own Stripe account (Express): created once for the school (idempotent by
 * school), then Stripe's onboarding (an Account Link) finishes it. The answer is the onboarding page to
 * open; coming back, the payments page reads the account's state from Stripe.
 */
export const connectStripeAction = orgAction({ name: "connect-stripe", schema: z.object({}), minRole: "owner" }, async (_input, { scope, creator, user }) => {
  const connect = stripeConnect();
  if (!connect) throw new DomainError("unavailable", "Stripe is not configured on this Courseforge: paid offers use the test-payment mode.");
  let account = await getStripeAccount(scope);
  if (!account) {
    const a = await connect.client.accounts.create(
      {
        type: "express",
        email: user.email,
        business_profile: { name: creator.name, url: tenantUrl(creator.slug) },
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        metadata: { creatorId: creator.id },
      },
      { idempotencyKey: `connect-account:${creator.id}` },
    );
    account = await saveStripeAccount(scope, { actorUserId: user.id, stripeAccountId: a.id, state: accountState(a) });
  } else if (account.disconnectedAt) {
    const a = await connect.client.accounts.retrieve(account.stripeAccountId);
    account = await saveStripeAccount(scope, { actorUserId: user.id, stripeAccountId: a.id, state: accountState(a) });
  }
  const back = (state: string) => appUrl(`/${creator.slug}/settings/payments?connect=${state}`);
  const link = await connect.client.accountLinks.create({
    account: account.stripeAccountId,
    type: "account_onboarding",
    return_url: back("return"),
    refresh_url: back("refresh"),
  });
  return { redirectUrl: link.url };
});
