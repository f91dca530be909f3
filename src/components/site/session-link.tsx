"use client";
import Link from "next/link";
import { useEffect, useState } from "react";

/**
 * The header's last link on a school's public pages, which are cached for everyone: "Sign in" as rendered,
 * and "Account" once the browser finds it is signed in on this host (one small request after the page
 * has loaded, so the cached page and its first paint stay the same for every visitor).
 */
export function SessionLink() {
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    fetch("/api/auth/get-session", { credentials: "same-origin", cache: "no-store", signal: ctrl.signal })
      .then((r) => (r.ok ? r.json() : null))
      .then((s: { user?: unknown } | null) => setSignedIn(!!s?.user))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);
  return signedIn ? (
    <Link href="/account" className="hover:underline" data-testid="session-link">
      Account
    </Link>
  ) : (
    <Link href="/sign-in" className="rounded-md bg-brand px-3 py-1.5 font-medium text-white" data-testid="session-link">
      Sign in
    </Link>
  );
}
