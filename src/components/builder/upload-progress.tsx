"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { useState } from "react";
import { toast } from "sonner";
import { uploadFile, type Uploaded } from "./upload";

/**
 * Upload the file chosen in a file input (then clear the input so the same file can be picked
 * again), tracking progress; a refused or failed upload is a toast and resolves to null.
 */
export function useUpload(kind: "image" | "file") {
  const org = useOrg();
  const [progress, setProgress] = useState<number | null>(null);
  async function upload(input: HTMLInputElement): Promise<Uploaded | null> {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return null;
    setProgress(0);
    try {
      return await uploadFile({ org, kind, file, onProgress: setProgress });
    } catch (err) {
      toast.error(err instanceof Error ? err.message : "Upload failed", { duration: 8000 });
      return null;
    } finally {
      setProgress(null);
    }
  }
  return { progress, upload };
}

/** An upload's progress bar (fraction 0..1), announced as a progressbar; nothing when idle. */
export function UploadProgress({ progress, label }: { progress: number | null; label: string }) {
  if (progress === null) return null;
  const pct = Math.round(progress * 100);
  return (
    <div className="h-1.5 rounded-full bg-zinc-100" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className="h-1.5 rounded-full bg-zinc-900" style={{ width: `${pct}%` }} />
    </div>
  );
}
