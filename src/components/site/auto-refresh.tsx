"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-render the page every `ms` while it is shown (a purchase is being set up), up to `times` times. */
export function AutoRefresh({ ms = 1000, times = 20 }: { ms?: number; times?: number }) {
  const router = useRouter();
  useEffect(() => {
    let n = 0;
    const t = setInterval(() => {
      if (++n > times) clearInterval(t);
      else router.refresh();
    }, ms);
    return () => clearInterval(t);
  }, [router, ms, times]);
  return null;
}
