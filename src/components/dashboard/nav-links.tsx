"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { BookOpen, CreditCard, Film, Globe, Home, Landmark, Palette, Receipt, Tag, Users, UserSquare } from "lucide-react";
import { usePathname } from "next/navigation";
import { NavItem, ScrollStrip } from "@/components/dashboard/scroll-strip";

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
  { href: "/settings/video", label: "Video", icon: Film },
  { href: "/settings/billing", label: "Billing", icon: CreditCard },
] as const;

/** Only areas that exist are listed; later issues add theirs here. */
export function NavLinks() {
  const org = useOrg();
  const pathname = usePathname();
  return (
    <ScrollStrip label="Dashboard">
      {ITEMS.map(({ href, label, icon }) => {
        const full = `/${org}${href}`;
        return <NavItem key={label} href={full} label={label} icon={icon} active={href === "" ? pathname === full : pathname.startsWith(full)} />;
      })}
    </ScrollStrip>
  );
}
