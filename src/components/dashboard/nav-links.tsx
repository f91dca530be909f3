"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { BookOpen, CreditCard, Globe, Home, Landmark, Palette, Receipt, Tag, Users, UserSquare } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ScrollStrip } from "@/components/dashboard/scroll-strip";
import { cn } from "@/lib/utils";

const ITEMS = [
  { href: "", label: "Home", icon: Home },
  { href: "/courses", label: "Courses", icon: BookOpen },
  { href: "/offers", label: "Offers", icon: Tag },
  { href: "/orders", label: "Orders", icon: Receipt },
  { href: "/students", label: "Students", icon: UserSquare },
  { href: "/settings/branding", label: "Branding", icon: Palette },
  { href: "/settings/domains", label: "Domains", icon: Globe },
  { href: "/settings/team", label: "Team", icon: Users },
  { href: "/settings/payments", label: "Payments", icon: Landmark },
  { href: "/settings/billing", label: "Billing", icon: CreditCard },
] as const;

/** Only areas that exist are listed; later issues add theirs here. */
export function NavLinks() {
  const org = useOrg();
  const pathname = usePathname();
  return (
    <ScrollStrip label="Dashboard">
      {ITEMS.map(({ href, label, icon: Icon }) => {
        const full = `/${org}${href}`;
        const active = href === "" ? pathname === full : pathname.startsWith(full);
        return (
          <Link
            key={label}
            href={full}
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
