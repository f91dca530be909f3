"use client";
import { useEffect, useState } from "react";
import type { GenerationSnapshot } from "@/lib/ai/course/snapshot";

const ENDED = new Set(["completed", "failed", "canceled"]);
export const isSettled = (s: GenerationSnapshot) => ENDED.has(s.status) && !s.items.some((i) => i.status === "pending" || i.status === "running");

/**
 * The run as it is now, kept live by its event stream (/api/ai/generations/<id>/events). The stream is
 * reopened by the browser after a drop, and again whenever `watch` changes (after an action starts work).
 */
export function useGeneration(initial: GenerationSnapshot, org: string, watch: number) {
  const [snap, setSnap] = useState(initial);
  const settled = isSettled(snap);
  useEffect(() => {
    if (settled && watch === 0) return;
    const source = new EventSource(`/api/ai/generations/${initial.id}/events?org=${encodeURIComponent(org)}`);
    source.addEventListener("snapshot", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as GenerationSnapshot;
      setSnap(next);
      if (isSettled(next)) source.close();
    });
    return () => source.close();
    // `settled` only matters for whether to open the stream at all.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial.id, org, watch]);
  return [snap, setSnap] as const;
}
