"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { manageJobRunAction } from "@/actions/jobs/manage-job-run";
import { Button } from "@/components/ui/button";

export function RunActions({ runId, status }: { runId: string; status: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const act = async (op: "retry" | "cancel") => {
    setBusy(true);
    const r = await manageJobRunAction({ runId, op });
    setBusy(false);
    if (!r.ok) toast.error(r.message);
    else toast.success(op === "retry" ? "Run queued again" : "Run cancelled");
    router.refresh();
  };
  const active = ["queued", "running", "sleeping", "waiting"].includes(status);
  return (
    <div className="flex gap-2">
      {status === "failed" || status === "cancelled" ? (
        <Button size="sm" onClick={() => act("retry")} disabled={busy}>
          Retry
        </Button>
      ) : null}
      {active ? (
        <Button size="sm" variant="outline" onClick={() => act("cancel")} disabled={busy}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

/** Refresh the page every few seconds while something is still running. */
export function AutoRefresh({ active, everyMs = 3000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs, router]);
  return null;
}
