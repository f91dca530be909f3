"use client";
import { Briefcase, Home, Inbox, School } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ScrollStrip } from "@/components/dashboard/scroll-strip";
import { cn } from "@/lib/utils";

const ITEMS = [
  { href: "/admin", label: "Admin home", icon: Home, exact: true },
  { href: "/admin/schools", label: "Schools", icon: School, exact: false },
  { href: "/jobs", label: "Jobs", icon: Briefcase, exact: false },
  { href: "/dev/outbox", label: "Outbox", icon: Inbox, exact: false },
] as const;

/** The platform-admin pages' navigation (app host), in the admin shell. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <ScrollStrip label="Platform admin">
      {ITEMS.map(({ href, label, icon: Icon, exact }) => {
        const active = exact ? pathname === href : pathname.startsWith(href);
        return (
          <Link
            key={href}
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
      })}
    </ScrollStrip>
  );
}
