"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { buyCreditsAction } from "@/actions/platform-billing/buy-credits";
import { changePlanAction } from "@/actions/platform-billing/change-plan";
import { openBillingPortalAction } from "@/actions/platform-billing/open-portal";
import { Button } from "@/components/ui/button";

type PlanCard = { id: string; name: string; price: number; highlights: string[] };

export function PlanPicker({ current, plans, canChange }: { current: string; plans: PlanCard[]; canChange: boolean }) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {plans.map((p) => (
        <div
          key={p.id}
          className={`flex flex-col gap-2 rounded-lg border p-4 ${p.id === current ? "border-zinc-900 ring-1 ring-zinc-900" : "border-zinc-200"}`}
          data-testid={`plan-${p.id}`}
        >
          <div className="flex items-baseline justify-between">
            <span className="font-semibold">{p.name}</span>
            <span className="text-sm text-zinc-500">${p.price}/mo</span>
          </div>
          <ul className="flex-1 text-xs text-zinc-600">
            {p.highlights.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
          {p.id === current ? (
            <span className="text-sm font-medium">Current plan</span>
          ) : canChange ? (
            <Button
              size="sm"
              variant="outline"
              disabled={busy !== null}
              onClick={async () => {
                setBusy(p.id);
                const r = await changePlanAction({ org, plan: p.id as never, requestId: crypto.randomUUID() });
                setBusy(null);
                if (!r.ok) toast.error(r.message, { duration: 10_000 });
                else if (r.data.redirectUrl) window.location.assign(r.data.redirectUrl);
                else {
                  toast.success(`You are on ${p.name} now`);
                  router.refresh();
                }
              }}
            >
              {busy === p.id ? "Switching…" : `Switch to ${p.name}`}
            </Button>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export function BuyCredits({ packs }: { packs: { id: "small" | "medium" | "large"; label: string; price: string }[] }) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      {packs.map((p) => (
        <Button
          key={p.id}
          variant="outline"
          size="sm"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const r = await buyCreditsAction({ org, pack: p.id, requestId: crypto.randomUUID() });
            setBusy(false);
            if (!r.ok) toast.error(r.message);
            else if ("redirectUrl" in r.data) window.location.assign(r.data.redirectUrl);
            else {
              toast.success(`${p.label} added`);
              router.refresh();
            }
          }}
        >
          Buy {p.label} · {p.price}
        </Button>
      ))}
    </div>
  );
}

export function ManageBilling() {
  const org = useOrg();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      variant="outline"
      className="self-start"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        const r = await openBillingPortalAction({ org });
        if (!r.ok) {
          setBusy(false);
          toast.error(r.message);
        } else window.location.assign(r.data.redirectUrl);
      }}
    >
      {busy ? "Opening Stripe…" : "Manage billing (cards, invoices, cancel)"}
    </Button>
  );
}
