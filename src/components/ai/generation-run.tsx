"use client";
import { BookOpen, Loader2, Sparkles } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { approveOutlineAction } from "@/actions/ai/approve-outline";
import { cancelGenerationAction } from "@/actions/ai/cancel-generation";
import { useOrg } from "@/components/dashboard/org-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { GenerationSnapshot } from "@/lib/ai/course/snapshot";
import { OutlineEditor } from "./outline-editor";
import { OutlineStream } from "./outline-stream";
import { PiecesProgress } from "./pieces-progress";
import { useGeneration } from "./use-generation";

const STATUS: Record<GenerationSnapshot["status"], string> = {
  outlining: "Writing the outline",
  outline_ready: "Review the outline",
  generating: "Writing the course",
  completed: "Draft ready",
  failed: "Failed",
  canceled: "Canceled",
};

/** One AI run, live: the outline streaming in, the review, the pieces' progress, then the draft course to open. */
export function GenerationRun({ initial, available, mayEdit }: { initial: GenerationSnapshot; available: number; mayEdit: boolean }) {
  const org = useOrg();
  const [watch, setWatch] = useState(0);
  const [snap, setSnap] = useGeneration(initial, org, watch);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const active = snap.status === "outlining" || snap.status === "outline_ready" || snap.status === "generating";
  const restart = () => setWatch((w) => w + 1);
  const est = snap.approveEstimate;
  const short = est ? est.hold > available : false;

  async function cancel() {
    if (!window.confirm("Cancel this run? Work not finished is not charged; what is finished stays in the draft.")) return;
    const r = await cancelGenerationAction({ org, generationId: snap.id });
    if (!r.ok) return void toast.error(r.message);
    toast.success("Canceled. Credits not used come back.");
    restart();
  }

  async function approve() {
    setBusy(true);
    const r = await approveOutlineAction({ org, generationId: snap.id, expectedVersion: snap.outlineVersion });
    setBusy(false);
    if (!r.ok) return void toast.error(r.message, /credits/i.test(r.message) ? { duration: 10_000 } : undefined);
    setSnap({ ...snap, status: "generating" });
    restart();
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{snap.outline?.title ?? snap.brief.topic}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-500">
            <Badge variant={snap.status === "failed" ? "danger" : snap.status === "completed" ? "success" : "info"} data-testid="generation-status">
              {STATUS[snap.status]}
            </Badge>
            {snap.sample ? <Badge variant="warning">Sample content</Badge> : null}
            {snap.brief.modules} modules × {snap.brief.lessonsPerModule} lessons · {snap.brief.audience}
          </p>
        </div>
        {active && mayEdit ? (
          <Button type="button" variant="outline" onClick={() => void cancel()}>
            Cancel run
          </Button>
        ) : null}
      </div>

      {snap.sample ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          Made by the sample provider (recorded answers, not written for this brief). Configure an AI provider to generate real content.
        </p>
      ) : null}

      {snap.status === "outlining" ? <OutlineStream draft={snap.outlineDraft} /> : null}

      {snap.status === "outline_ready" && snap.outline ? (
        <>
          {mayEdit ? (
            <OutlineEditor
              org={org}
              generationId={snap.id}
              outline={snap.outline}
              version={snap.outlineVersion}
              pendingParts={snap.pendingParts}
              onSaved={(version) => setSnap((s) => ({ ...s, outlineVersion: version }))}
              onStarted={restart}
              onDirty={setSaving}
            />
          ) : null}
          <div className="sticky bottom-0 flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm" data-testid="approve-estimate">
              {est ? (
                <>
                  Writing this course: about <strong>{est.typical.toLocaleString("en-US")} credits</strong> (up to {est.hold.toLocaleString("en-US")} held; you
                  have {available.toLocaleString("en-US")}).
                  {short ? (
                    <span className="text-red-700">
                      {" "}
                      Not enough:{" "}
                      <Link href={`/${org}/settings/billing`} className="font-medium underline">
                        buy credits
                      </Link>{" "}
                      or remove lessons.
                    </span>
                  ) : null}
                </>
              ) : (
                "The outline is ready. Nothing is written until you approve it."
              )}
            </p>
            <Button type="button" onClick={() => void approve()} disabled={!mayEdit || busy || saving || snap.pendingParts.length > 0 || short}>
              {busy ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Sparkles className="h-4 w-4" aria-hidden />}
              Approve and write the course
            </Button>
          </div>
        </>
      ) : null}

      {snap.courseId && (snap.status === "completed" || snap.status === "canceled") ? (
        <div className="flex flex-col gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-emerald-900">
            {snap.status === "completed"
              ? "Your draft course is ready. Nothing is published until you publish it."
              : "The pieces finished before you canceled are in the draft course."}
          </p>
          <Button asChild>
            <Link href={`/${org}/courses/${snap.courseId}`}>
              <BookOpen className="h-4 w-4" aria-hidden /> Open in the builder
            </Link>
          </Button>
        </div>
      ) : null}

      {snap.items.length ? <PiecesProgress org={org} snap={snap} mayEdit={mayEdit} onStarted={restart} /> : null}

      {snap.status === "failed" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          {snap.error ?? "This run failed."} Nothing was charged for it.{" "}
          <Link href={`/${org}/courses/generate`} className="font-medium underline">
            Try a new brief
          </Link>
        </p>
      ) : null}
      {snap.status === "canceled" && !snap.courseId ? (
        <p className="text-sm text-zinc-600">
          This run was canceled.{" "}
          <Link href={`/${org}/courses/generate`} className="underline">
            Start a new brief
          </Link>
        </p>
      ) : null}

      <p className="text-xs text-zinc-500" data-testid="run-credits">
        Credits: {snap.credits.captured.toLocaleString("en-US")} used
        {snap.credits.held
          ? ` · ${snap.credits.held.toLocaleString("en-US")} held ${snap.status === "outline_ready" ? "until you approve or cancel" : "while it runs"}`
          : ""}
        {snap.credits.released ? ` · ${snap.credits.released.toLocaleString("en-US")} returned` : ""}
      </p>
    </div>
  );
}
