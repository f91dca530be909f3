import { ExternalLink, Pencil, Plus } from "lucide-react";
import Link from "next/link";
import { OfferStatusButtons } from "@/components/commerce/offer-status-buttons";
import { SalesTabs } from "@/components/commerce/sales-tabs";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { listOffers } from "@/db/queries/offers";
import { requireOrg } from "@/lib/auth/session";
import { describePrice, OFFER_TYPE_LABEL } from "@/lib/commerce/pricing";
import { tenantUrl } from "@/lib/env";

export const metadata = { title: "Offers" };

const STATUS = {
  active: { label: "On sale", variant: "success" },
  draft: { label: "Draft", variant: "default" },
  archived: { label: "Archived", variant: "warning" },
} as const;

export default async function OffersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, creator, role } = await requireOrg(org);
  const offers = await listOffers(scope);
  const canEdit = role !== "editor";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Offers</h1>
          <p className="text-sm text-zinc-500">How your courses are sold: one-time, subscription, payment plan or free — alone or as a bundle.</p>
        </div>
        {canEdit ? (
          <Link href={`/${org}/offers/new`} className={buttonVariants()}>
            <Plus className="h-4 w-4" aria-hidden /> New offer
          </Link>
        ) : null}
      </div>
      <SalesTabs org={org} current="offers" />
      {offers.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          No offers yet. Create one to put a price on a course (or give it away) and get a checkout page.
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {offers.map((o) => (
            <li
              key={o.id}
              className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 md:flex-row md:items-center md:justify-between"
              data-testid="offer-row"
            >
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h2 className="font-semibold">{o.name}</h2>
                  <Badge variant={STATUS[o.status].variant}>{STATUS[o.status].label}</Badge>
                </div>
                <p className="text-sm text-zinc-600">
                  {o.type === "free" ? "Free" : `${OFFER_TYPE_LABEL[o.type]} · ${o.prices.map((p) => describePrice(p, o.type)).join(" or ") || "no price yet"}`}
                </p>
                <p className="truncate text-xs text-zinc-500">{o.courses.map((c) => c.title).join(", ") || "No course yet"}</p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/${org}/offers/${o.id}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
                  <Pencil className="h-4 w-4" aria-hidden /> {canEdit ? "Edit" : "View"}
                </Link>
                {o.status === "active" ? (
                  <a
                    href={tenantUrl(creator.slug, `/checkout/${o.id}`)}
                    target="_blank"
                    rel="noreferrer"
                    className={buttonVariants({ variant: "ghost", size: "sm" })}
                  >
                    <ExternalLink className="h-4 w-4" aria-hidden /> Checkout page
                  </a>
                ) : null}
                {canEdit ? <OfferStatusButtons offerId={o.id} status={o.status} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
