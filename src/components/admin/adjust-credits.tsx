"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { adjustCreditsAction } from "@/actions/admin/adjust-credits";
import { Button } from "@/components/ui/button";

/** "Adjust credits" for one school: a signed amount and a reason, posted once per submission. */
export function AdjustCredits({ creatorId, schoolName }: { creatorId: string; schoolName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!open)
    return (
      <Button size="sm" variant="outline" className="self-start" onClick={() => setOpen(true)} aria-label={`Adjust credits of ${schoolName}`}>
        Adjust credits
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      aria-label={`Adjust credits of ${schoolName}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const n = Number(amount);
        const r = await adjustCreditsAction({ creatorId, amount: amount.trim() === "" || !Number.isFinite(n) ? Number.NaN : n, reason, requestId });
        setBusy(false);
        if (!r.ok) {
          setErrors(Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k, v[0] ?? ""])));
          toast.error(r.message, { duration: 8000 });
          return;
        }
        toast.success(`${n > 0 ? "Added" : "Removed"} ${Math.abs(n).toLocaleString("en")} credits ${n > 0 ? "to" : "from"} ${schoolName}`);
        setAmount("");
        setReason("");
        setErrors({});
        setRequestId(crypto.randomUUID());
        setOpen(false);
        router.refresh();
      }}
    >
      <label className="flex flex-col gap-1 text-xs">
        Credits (+ adds, − removes)
        <input
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="numeric"
          aria-invalid={!!errors.amount}
          className="h-8 w-28 rounded border border-zinc-300 px-2 text-sm aria-[invalid=true]:border-red-500"
          autoFocus
        />
        {errors.amount ? <span className="text-red-600">{errors.amount}</span> : null}
      </label>
      <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs">
        Reason (kept in the ledger)
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          aria-invalid={!!errors.reason}
          className="h-8 rounded border border-zinc-300 px-2 text-sm aria-[invalid=true]:border-red-500"
        />
        {errors.reason ? <span className="text-red-600">{errors.reason}</span> : null}
      </label>
      <div className="flex gap-1 self-end">
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? "Saving…" : "Apply"}
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
