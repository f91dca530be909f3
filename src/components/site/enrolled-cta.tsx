"use client";
import Link from "next/link";
import { useEffect, useState } from "react";

/**
 * On a sales page (cached for everyone): once the browser finds its student is enrolled in this course, the
 * way in — "Continue the course" — instead of leaving them to buy what they have. One small request after load.
 */
export function EnrolledCta({ courseSlug }: { courseSlug: string }) {
  const [enrolled, setEnrolled] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    fetch(`/api/enrolment?course=${encodeURIComponent(courseSlug)}`, { credentials: "same-origin", cache: "no-store", signal: ctrl.signal })
      .then((r) => (r.ok ? r.json() : null))
      .then((s: { enrolled?: boolean } | null) => setEnrolled(!!s?.enrolled))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [courseSlug]);
  if (!enrolled) return null;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3"
      data-testid="enrolled-cta"
    >
      <span className="text-sm text-emerald-900">You are enrolled in this course.</span>
      <Link href={`/learn/${courseSlug}`} className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white">
        Continue the course
      </Link>
    </div>
  );
}
