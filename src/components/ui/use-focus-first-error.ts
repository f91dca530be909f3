"use client";
import { useEffect, useRef } from "react";

/**
 * After a refused submit, move keyboard focus to the first field marked invalid in the form (screen
 * readers then read its error), instead of leaving it on the button or the page. `errors` is whatever
 * changes when the server answers (a new object each time).
 */
export function useFocusFirstError<T extends HTMLElement>(errors: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!errors) return;
    const el = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, [errors]);
  return ref;
}
