"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { setOfferStatusAction } from "@/actions/commerce/set-offer-status";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";

const LABEL = { active: "Put on sale", draft: "Back to draft", archived: "Archive" } as const;
const DONE = { active: "On sale", draft: "Back to draft", archived: "Archived: no new sales; buyers keep their access" } as const;

/** Put an offer on sale, take it off, archive it. */
export function OfferStatusButtons({ offerId, status }: { offerId: string; status: "draft" | "active" | "archived" }) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const next: ("active" | "draft" | "archived")[] = status === "draft" ? ["active", "archived"] : status === "active" ? ["draft", "archived"] : ["draft"];
  return (
    <div className="flex flex-wrap gap-2">
      {next.map((s) => (
        <Button
          key={s}
          size="sm"
          variant={s === "active" ? "default" : "outline"}
          disabled={busy}
          onClick={async () => {
            if (s === "archived" && !window.confirm("Archive this offer? It stops selling; buyers keep their access.")) return;
            setBusy(true);
            const r = await setOfferStatusAction({ org, offerId, status: s });
            setBusy(false);
            if (!r.ok) toast.error(r.message, { duration: 8000 });
            else {
              toast.success(DONE[s]);
              router.refresh();
            }
          }}
        >
          {LABEL[s]}
        </Button>
      ))}
    </div>
  );
}
