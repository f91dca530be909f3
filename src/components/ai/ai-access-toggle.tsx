"use client";
import { useState } from "react";
import { toast } from "sonner";
import { setAiAccessAction } from "@/actions/ai/set-ai-access";
import { useOrg } from "@/components/dashboard/org-context";

/** Owners only: whether editors may run AI generation (it spends the school's credits). */
export function AiAccessToggle({ initial }: { initial: boolean }) {
  const org = useOrg();
  const [on, setOn] = useState(initial);
  const [busy, setBusy] = useState(false);
  return (
    <label className="flex items-center gap-2 text-sm text-zinc-700">
      <input
        type="checkbox"
        checked={on}
        disabled={busy}
        onChange={async (e) => {
          const next = e.target.checked;
          setBusy(true);
          const r = await setAiAccessAction({ org, editorsMayGenerate: next });
          setBusy(false);
          if (!r.ok) return void toast.error(r.message);
          setOn(next);
          toast.success(next ? "Editors can now generate courses with AI" : "Only owners and admins can generate courses with AI");
        }}
        className="h-4 w-4"
      />
      Let editors use AI: course generation and avatar videos (they spend the school&apos;s credits)
    </label>
  );
}
