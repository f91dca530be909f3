"use client";
import { Ban, Check, Circle, Loader2, RefreshCw, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { regenerateAiPieceAction } from "@/actions/ai/regenerate-ai-piece";
import { Button } from "@/components/ui/button";
import type { GenerationSnapshot } from "@/lib/ai/course/snapshot";

const ICON = {
  pending: <Circle className="h-4 w-4 text-zinc-300" aria-hidden />,
  running: <Loader2 className="h-4 w-4 animate-spin text-sky-600" aria-hidden />,
  done: <Check className="h-4 w-4 text-emerald-600" aria-hidden />,
  failed: <X className="h-4 w-4 text-red-600" aria-hidden />,
  canceled: <Ban className="h-4 w-4 text-zinc-400" aria-hidden />,
};
const WORD = { pending: "Waiting", running: "Writing…", done: "Done", failed: "Failed", canceled: "Canceled" };

/** Step 3: every piece of the course with its progress; a failed one (or any finished one) can be written again alone, with a note. */
export function PiecesProgress({ org, snap, mayEdit, onStarted }: { org: string; snap: GenerationSnapshot; mayEdit: boolean; onStarted: () => void }) {
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const total = snap.items.length;
  const written = snap.items.filter((i) => i.status === "done").length;
  const canceled = snap.items.filter((i) => i.status === "canceled").length;
  const failed = snap.items.filter((i) => i.status === "failed").length;
  const percent = total ? Math.round(((written + failed) / total) * 100) : 0;
  const canRewrite = mayEdit && (snap.status === "completed" || snap.status === "generating");

  async function again(itemId: string) {
    const item = snap.items.find((i) => i.id === itemId);
    if (
      item?.status === "done" &&
      !window.confirm(
        `Write “${item.title}” again? ${item.kind === "cover" ? "The new cover replaces the current one." : "The new text replaces what is in the lesson now, including any edits you made in the builder."} It uses credits.`,
      )
    )
      return;
    const r = await regenerateAiPieceAction({ org, generationId: snap.id, itemId, note });
    if (!r.ok) return void toast.error(r.message, /credits/i.test(r.message) ? { duration: 10_000 } : undefined);
    setNoteFor(null);
    setNote("");
    toast.success("Writing it again");
    onStarted();
  }

  return (
    <section className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-5" aria-labelledby="pieces-heading">
      <div className="flex items-center justify-between gap-2">
        <h2 id="pieces-heading" className="font-semibold">
          Lessons, quizzes and cover
        </h2>
        <span className="text-sm text-zinc-500" data-testid="pieces-count">
          {written} of {total} written{failed ? ` · ${failed} failed` : ""}
          {canceled ? ` · ${canceled} canceled` : ""}
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded bg-zinc-100"
        role="progressbar"
        aria-label="Course generation"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="h-full bg-emerald-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <ul className="divide-y divide-zinc-100">
        {snap.items.map((i) => (
          <li key={i.id} className="py-2" data-testid="piece" data-status={i.status}>
            <div className="flex items-center gap-3">
              {ICON[i.status]}
              <span className="min-w-0 flex-1 truncate text-sm">{i.title}</span>
              <span className="text-xs text-zinc-500">{WORD[i.status]}</span>
              {canRewrite && (i.status === "failed" || i.status === "done") ? (
                <Button
                  type="button"
                  size="sm"
                  variant={i.status === "failed" ? "default" : "ghost"}
                  onClick={() => setNoteFor(noteFor === i.id ? null : i.id)}
                  aria-expanded={noteFor === i.id}
                >
                  <RefreshCw className="h-3.5 w-3.5" aria-hidden /> Write again
                </Button>
              ) : null}
            </div>
            {i.status === "failed" && i.error ? <p className="pt-1 pl-7 text-xs text-red-700">{i.error}</p> : null}
            {noteFor === i.id ? (
              <div className="mt-2 flex flex-col gap-2 pl-7 sm:flex-row sm:items-start">
                <label htmlFor={`piece-note-${i.id}`} className="sr-only">
                  What should change?
                </label>
                <textarea
                  id={`piece-note-${i.id}`}
                  autoFocus
                  rows={2}
                  maxLength={2000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="What should change? (optional)"
                  className="flex-1 rounded-md border border-zinc-300 px-3 py-2 text-sm"
                />
                <Button type="button" size="sm" onClick={() => void again(i.id)}>
                  Write it again
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
