import Link from "next/link";
import type { CSSProperties, ReactNode } from "react";
import type { SiteRecord } from "@/db/scope";
import { SessionLink } from "./session-link";

/** The tenant's branded frame: colours and font from the creator's branding, used by (sites) and (portal). */
export function TenantShell({ site, children, nav }: { site: SiteRecord; children: ReactNode; nav?: ReactNode }) {
  const b = site.branding;
  const style = { "--brand": b.primaryColor, "--brand-accent": b.accentColor } as CSSProperties;
  return (
    <div style={style} className={`font-brand-${b.font} flex min-h-screen flex-col bg-white`} data-tenant={site.slug}>
      <header className="border-b border-zinc-200">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold" style={{ color: b.primaryColor }}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            {b.logoUrl ? <img src={b.logoUrl} alt={site.name} className="h-8 w-auto" /> : <span className="text-lg">{site.name}</span>}
          </Link>
          <nav className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm *:whitespace-nowrap">{nav}</nav>
        </div>
      </header>
      <div className="flex-1">{children}</div>
      <footer className="border-t border-zinc-200">
        <div className="mx-auto max-w-5xl px-4 py-6 text-xs text-zinc-500">© {site.name} · Powered by Courseforge</div>
      </footer>
    </div>
  );
}

export function PublicNav() {
  return (
    <>
      <Link href="/" className="hover:underline">
        Courses
      </Link>
      <Link href="/library" className="hover:underline">
        My library
      </Link>
      <SessionLink />
    </>
  );
}
