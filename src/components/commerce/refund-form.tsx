"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { refundOrderAction } from "@/actions/commerce/refund-order";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { formatMoney } from "@/lib/commerce/pricing";

/** Refund what is left of an order, or part of it. A full refund ends the buyer's access to what it bought. */
export function RefundForm({ orderId, left, currency }: { orderId: string; left: number; currency: string }) {
  const org = useOrg();
  const router = useRouter();
  const [amount, setAmount] = useState((left / 100).toFixed(2));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cents = Math.round(Number(amount.replace(",", ".")) * 100);
  const full = cents === left;
  return (
    <form
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-5"
      onSubmit={async (e) => {
        e.preventDefault();
        const question = full
          ? `Refund ${formatMoney(left, currency)}? The buyer loses access to what this order gave.`
          : `Refund ${formatMoney(cents, currency)} of this order? The buyer keeps their access.`;
        if (!window.confirm(question)) return;
        setBusy(true);
        const r = await refundOrderAction({ org, orderId, amount: Number.isFinite(cents) ? cents : -1, reason });
        setBusy(false);
        if (!r.ok) {
          setError(r.message);
          return;
        }
        setError(null);
        toast.success(r.data.status === "refunded" ? "Refunded in full: access ended" : `Refunded ${formatMoney(cents, currency)}`);
        router.refresh();
      }}
    >
      <h2 className="font-semibold">Refund</h2>
      <Field
        id="refund-amount"
        label={`Amount (${currency.toUpperCase()})`}
        error={error ?? undefined}
        hint={`Up to ${formatMoney(left, currency)}. A partial refund keeps the access.`}
      >
        <Input id="refund-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} className="w-40" />
      </Field>
      <Field id="refund-reason" label="Reason (optional, kept in the history)">
        <Input id="refund-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} />
      </Field>
      <Button type="submit" variant="destructive" disabled={busy} className="self-start">
        {busy ? "Refunding…" : full ? "Refund in full" : "Refund part"}
      </Button>
    </form>
  );
}
