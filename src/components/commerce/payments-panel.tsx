"use client";
import { CheckCircle2, CircleDashed } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { connectStripeAction } from "@/actions/commerce/connect-stripe";
import { disconnectStripeAction } from "@/actions/commerce/disconnect-stripe";
import { setAutomaticTaxAction } from "@/actions/commerce/set-automatic-tax";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";

type Account = {
  id: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirementsDue: string[];
  automaticTax: boolean;
  disconnected: boolean;
};

const READABLE: Record<string, string> = {
  external_account: "a bank account for payouts",
  "tos_acceptance.date": "accepting Stripe's terms",
  "business_profile.url": "your website",
  "individual.verification.document": "an identity document",
};

export function PaymentsPanel({
  configured,
  testMode,
  canManage,
  account,
}: {
  configured: boolean;
  testMode: boolean;
  canManage: boolean;
  account: Account | null;
}) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function run<T>(call: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, done: (data: T) => void) {
    setBusy(true);
    const r = await call();
    setBusy(false);
    if (!r.ok) toast.error(r.message, { duration: 8000 });
    else done(r.data);
  }
  if (!configured) {
    return (
      <div className="rounded-lg border border-zinc-200 bg-white p-5 text-sm">
        <p className="font-medium">Stripe is not set up on this Courseforge.</p>
        <p className="mt-1 text-zinc-600">
          {testMode
            ? "Paid offers check out in the labelled test-payment mode (test cards, no money moves) so you can try everything end to end."
            : "Paid offers cannot be bought until Stripe is configured; free offers work."}
        </p>
      </div>
    );
  }
  const connectButton = (label: string) =>
    canManage ? (
      <Button
        disabled={busy}
        onClick={() =>
          run(
            () => connectStripeAction({ org }),
            (d) => (window.location.href = d.redirectUrl),
          )
        }
      >
        {label}
      </Button>
    ) : (
      <p className="text-sm text-zinc-500">Only owners can connect Stripe.</p>
    );
  if (!account || account.disconnected) {
    return (
      <div className="flex flex-col items-start gap-3 rounded-lg border border-zinc-200 bg-white p-5">
        <p className="text-sm text-zinc-600">
          {account?.disconnected
            ? "Stripe is disconnected: new checkouts are off. Students keep what they bought."
            : "Connect a Stripe account to sell paid offers. It takes a few minutes on Stripe."}
        </p>
        {connectButton(account?.disconnected ? "Reconnect Stripe" : "Connect with Stripe")}
      </div>
    );
  }
  const row = (ok: boolean, label: string) => (
    <li className="flex items-center gap-2 text-sm">
      {ok ? <CheckCircle2 className="h-4 w-4 text-emerald-600" aria-hidden /> : <CircleDashed className="h-4 w-4 text-zinc-400" aria-hidden />}
      <span>{label}</span>
      <span className="sr-only">{ok ? "(done)" : "(not yet)"}</span>
    </li>
  );
  return (
    <div className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-5">
      <p className="text-sm">
        Connected account <code className="rounded bg-zinc-100 px-1">{account.id}</code>
      </p>
      <ul className="flex flex-col gap-1.5" aria-label="Account status">
        {row(account.detailsSubmitted, "Details submitted")}
        {row(account.chargesEnabled, "Payments enabled")}
        {row(account.payoutsEnabled, "Payouts enabled")}
      </ul>
      {account.requirementsDue.length ? (
        <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">Stripe still needs:</p>
          <ul className="list-disc pl-5">
            {account.requirementsDue.map((r) => (
              <li key={r}>{READABLE[r] ?? r.replaceAll("_", " ").replaceAll(".", " › ")}</li>
            ))}
          </ul>
          <div className="mt-2">{connectButton("Finish on Stripe")}</div>
        </div>
      ) : null}
      {canManage ? (
        <>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={account.automaticTax}
              disabled={busy}
              onChange={(e) =>
                run(
                  () => setAutomaticTaxAction({ org, enabled: e.target.checked }),
                  (d) => (toast.success(d.enabled ? "Automatic tax on" : "Automatic tax off"), router.refresh()),
                )
              }
            />
            Calculate sales tax and VAT automatically at checkout (Stripe Tax)
          </label>
          <Button
            variant="outline"
            className="self-start"
            disabled={busy}
            onClick={() => {
              if (!window.confirm("Disconnect Stripe? New checkouts stop; students keep what they bought.")) return;
              void run(
                () => disconnectStripeAction({ org }),
                () => (toast.success("Stripe disconnected"), router.refresh()),
              );
            }}
          >
            Disconnect
          </Button>
        </>
      ) : null}
    </div>
  );
}
