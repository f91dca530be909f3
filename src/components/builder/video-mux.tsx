"use client";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { attachMuxVideoAction } from "@/actions/media/attach-mux-video";
import { importMuxVideoAction } from "@/actions/media/import-mux-video";
import { useOrg } from "@/components/dashboard/org-context";

/** "Attach from Mux": an asset or playback ID of the school's Mux account (or, unconnected, a public playback ID). */
export function MuxAttach({ lessonId, connected }: { lessonId: string; connected: boolean }) {
  const org = useOrg();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (!open)
    return (
      <button type="button" className="text-sm text-zinc-600 underline" onClick={() => setOpen(true)}>
        or attach a video you host on Mux
      </button>
    );
  return (
    <form
      className="flex w-full max-w-md flex-col gap-1 text-left"
      onSubmit={async (e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get("muxId") ?? "");
        setBusy(true);
        const r = await attachMuxVideoAction({ org, lessonId, id: value });
        setBusy(false);
        if (r.ok) {
          toast.success(r.data.verified ? "Mux video attached" : "Mux playback ID attached", {
            description: r.data.verified ? undefined : "Connect your Mux account in Settings → Video to check IDs and use signed playback.",
          });
          router.refresh();
        } else toast.error(r.message);
      }}
    >
      <label htmlFor={id} className="text-sm font-medium text-zinc-800">
        {connected ? "Mux asset ID or playback ID" : "Mux public playback ID"}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name="muxId"
          required
          autoComplete="off"
          className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 font-mono text-sm"
        />
        <button type="submit" disabled={busy} className="rounded-md bg-zinc-900 px-3 text-sm font-medium text-white disabled:opacity-50">
          Attach
        </button>
      </div>
      {!connected ? <p className="text-xs text-zinc-500">Connect your Mux account in Settings → Video to attach by asset ID and play signed videos.</p> : null}
    </form>
  );
}

/** "Import into Courseforge": the Mux video is copied into our own streaming (the lesson switches once it is ready). */
export function MuxImport({ videoId, connected }: { videoId: string; connected: boolean }) {
  const org = useOrg();
  const [started, setStarted] = useState(false);
  if (!connected) return null;
  return (
    <button
      type="button"
      disabled={started}
      className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50 disabled:opacity-60"
      onClick={async () => {
        const r = await importMuxVideoAction({ org, videoId });
        if (r.ok) {
          setStarted(true);
          toast.success("Import started", { description: "The lesson keeps playing from Mux until the copy is ready, then switches by itself." });
        } else toast.error(r.message);
      }}
    >
      <Upload aria-hidden className="size-4" /> {started ? "Importing…" : "Import into Courseforge"}
    </button>
  );
}
