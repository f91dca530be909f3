import Link from "next/link";
import { cn } from "@/lib/utils";

/** Offers | Coupons, the two halves of what a school sells. */
export function SalesTabs({ org, current }: { org: string; current: "offers" | "coupons" }) {
  const tab = (href: string, label: string, on: boolean) => (
    <Link
      href={href}
      aria-current={on ? "page" : undefined}
      className={cn("border-b-2 px-3 py-2 text-sm", on ? "border-zinc-900 font-medium" : "border-transparent text-zinc-500 hover:text-zinc-900")}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Sales" className="flex gap-2 border-b border-zinc-200">
      {tab(`/${org}/offers`, "Offers", current === "offers")}
      {tab(`/${org}/offers/coupons`, "Coupons", current === "coupons")}
    </nav>
  );
}
