"use client";
import { Printer } from "lucide-react";

/** Print the page (or save it as a PDF from the print dialog). */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="inline-flex items-center gap-2 rounded-md border border-zinc-300 px-3 py-1.5 text-sm print:hidden"
    >
      <Printer aria-hidden className="size-4" /> Print
    </button>
  );
}
