"use client";
import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

/**
 * A navigation that is a column on wide screens and a strip that scrolls sideways on a phone. On the phone the
 * current item is scrolled into view, and an edge fades where more items are hidden, so the strip reads as
 * scrollable rather than cut off.
 */
export function ScrollStrip({ label, children }: { label: string; children: React.ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setMore({ left: el.scrollLeft > 4, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 4 });
    el.querySelector<HTMLElement>("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "center" });
    measure();
    el.addEventListener("scroll", measure, { passive: true });
    window.addEventListener("resize", measure);
    return () => {
      el.removeEventListener("scroll", measure);
      window.removeEventListener("resize", measure);
    };
  }, []);
  return (
    <div className="relative">
      <nav ref={ref} aria-label={label} className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
        {children}
      </nav>
      {more.left ? <span aria-hidden className="pointer-events-none absolute inset-y-0 left-0 w-8 bg-gradient-to-r from-white md:hidden" /> : null}
      {more.right ? (
        <span aria-hidden data-testid="scroll-more" className="pointer-events-none absolute inset-y-0 right-0 w-10 bg-gradient-to-l from-white md:hidden" />
      ) : null}
    </div>
  );
}

/** One item of a dashboard navigation: its icon and label, marked as the current page when it is. */
export function NavItem({ href, label, icon: Icon, active }: { href: string; label: string; icon: LucideIcon; active: boolean }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100",
        active && "bg-zinc-900 text-white hover:bg-zinc-800",
      )}
    >
      <Icon className="h-4 w-4" aria-hidden />
      {label}
    </Link>
  );
}
