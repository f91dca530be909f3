"use client";
import { Toaster as Sonner } from "sonner";

/**
 * Toasts top-center: clear of the header's actions on the right (e.g. the builder's "Preview as
 * student") and of the forms and buttons low in the side panels.
 */
export function Toaster() {
  return <Sonner position="top-center" richColors closeButton />;
}
