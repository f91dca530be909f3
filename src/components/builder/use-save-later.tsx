"use client";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Save a setting shortly after the last change, like the lesson text: the latest change is the one saved,
 * a save pending when the panel closes (another lesson opened) is made then, and leaving the page with one
 * still pending asks first. For settings without versions (a lesson's title, its drip); the text and the
 * course details use the versioned autosave (use-autosave.tsx).
 */
export function useSaveLater(delayMs = 700) {
  const pending = useRef<null | (() => Promise<unknown>)>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [state, setState] = useState<"saved" | "dirty" | "saving">("saved");
  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const job = pending.current;
    pending.current = null;
    if (!job) return;
    setState("saving");
    await job();
    setState(pending.current ? "dirty" : "saved");
  }, []);
  const later = useCallback(
    (job: () => Promise<unknown>) => {
      pending.current = job;
      setState("dirty");
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [flush, delayMs],
  );
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (pending.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      void flush();
    };
  }, [flush]);
  return { later, flush, state };
}
