"use client";
import { Briefcase, Home, Inbox, School } from "lucide-react";
import { usePathname } from "next/navigation";
import { NavItem, ScrollStrip } from "@/components/dashboard/scroll-strip";

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
      {ITEMS.map(({ href, label, icon, exact }) => (
        <NavItem key={href} href={href} label={label} icon={icon} active={exact ? pathname === href : pathname.startsWith(href)} />
      ))}
    </ScrollStrip>
  );
}
