import { PaymentsPanel } from "@/components/commerce/payments-panel";
import { getStripeAccount, updateStripeAccountState } from "@/db/queries/stripe-accounts";
import { requireOrg } from "@/lib/auth/session";
import { studentPaymentsMode } from "@/lib/commerce/payments";
import { accountState, stripeConnect } from "@/lib/commerce/stripe-connect";
import { planOf } from "@/lib/platform-billing/plans";

export const metadata = { title: "Payments" };

/**
 * Settings → Payments: the school's own Stripe account (Stripe Connect) — connect, finish onboarding, see
 * what Stripe still needs, automatic tax, disconnect. Coming back from Stripe's onboarding, the account's
 * state is read from Stripe at once (webhooks keep it current after that).
 */
export default async function PaymentsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ connect?: string }> }) {
  const { org } = await params;
  const { connect: back } = await searchParams;
  const { scope, role, creator } = await requireOrg(org);
  const connect = stripeConnect();
  let account = await getStripeAccount(scope);
  if (connect && account && (back === "return" || back === "refresh")) {
    const a = await connect.client.accounts.retrieve(account.stripeAccountId).catch(() => null);
    if (a) account = (await updateStripeAccountState(scope, { stripeAccountId: a.id, state: accountState(a) })) ?? account;
  }
  const feeBps = planOf(creator.plan).limits.transactionFeeBps;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Payments</h1>
        <p className="text-sm text-zinc-500">
          Students pay {creator.name} directly, on your own Stripe account. Courseforge&apos;s fee on your {planOf(creator.plan).name} plan is {feeBps / 100}%
          of each sale.
        </p>
      </div>
      <PaymentsPanel
        configured={!!connect}
        testMode={studentPaymentsMode() === "test"}
        canManage={role === "owner"}
        account={
          account
            ? {
                id: account.stripeAccountId,
                detailsSubmitted: account.detailsSubmitted,
                chargesEnabled: account.chargesEnabled,
                payoutsEnabled: account.payoutsEnabled,
                requirementsDue: account.requirementsDue,
                automaticTax: account.automaticTax,
                disconnected: !!account.disconnectedAt,
              }
            : null
        }
      />
    </div>
  );
}
