import { format } from "date-fns";
import { ArchiveCouponButton, CopyLinkButton, CouponForm } from "@/components/commerce/coupon-form";
import { SalesTabs } from "@/components/commerce/sales-tabs";
import { Badge } from "@/components/ui/badge";
import { couponProblem, listCoupons } from "@/db/queries/coupons";
import { listOffers } from "@/db/queries/offers";
import { requireOrg } from "@/lib/auth/session";
import { formatMoney } from "@/lib/commerce/pricing";
import { tenantUrl } from "@/lib/env";

export const metadata = { title: "Coupons" };

export default async function CouponsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, creator, role } = await requireOrg(org);
  const [coupons, offers] = await Promise.all([listCoupons(scope), listOffers(scope)]);
  const canEdit = role !== "editor";
  const onSale = offers.filter((o) => o.status === "active" && o.type !== "free");
  const name = new Map(offers.map((o) => [o.id, o.name]));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Offers</h1>
        <p className="text-sm text-zinc-500">Discount codes for your offers, with links that apply them.</p>
      </div>
      <SalesTabs org={org} current="coupons" />
      {canEdit ? <CouponForm offers={offers.filter((o) => o.status !== "archived" && o.type !== "free").map((o) => ({ id: o.id, name: o.name }))} /> : null}
      {coupons.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">No coupons yet.</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {coupons.map((c) => {
            const problem = c.archivedAt
              ? "Archived"
              : c.expiresAt && c.expiresAt <= new Date()
                ? "Expired"
                : c.maxRedemptions !== null && c.redeemed >= c.maxRedemptions
                  ? "Used up"
                  : null;
            const targets = onSale.filter((o) => !couponProblem({ ...c, archivedAt: null, expiresAt: null, maxRedemptions: null }, { offerId: o.id }));
            return (
              <li key={c.id} className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4" data-testid="coupon-row">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <code className="rounded bg-zinc-100 px-2 py-0.5 font-semibold">{c.code.toUpperCase()}</code>
                    <span className="text-sm">{c.percentOff ? `${c.percentOff}% off` : `${formatMoney(c.amountOff ?? 0, c.currency ?? "usd")} off`}</span>
                    <Badge variant={problem ? "warning" : "success"}>{problem ?? "Active"}</Badge>
                  </div>
                  {canEdit && !c.archivedAt ? <ArchiveCouponButton couponId={c.id} code={c.code} /> : null}
                </div>
                <p className="text-xs text-zinc-500">
                  Used {c.redeemed}
                  {c.maxRedemptions !== null ? ` of ${c.maxRedemptions}` : ""} ·{" "}
                  {c.offerIds ? c.offerIds.map((id) => name.get(id) ?? "a removed offer").join(", ") : "every offer"}
                  {c.expiresAt ? ` · until ${format(c.expiresAt, "d MMM yyyy")}` : ""}
                </p>
                {!problem && targets.length ? (
                  <ul className="flex flex-col gap-1">
                    {targets.map((o) => {
                      const url = tenantUrl(creator.slug, `/checkout/${o.id}?coupon=${encodeURIComponent(c.code)}`);
                      return (
                        <li key={o.id} className="flex flex-wrap items-center gap-2 text-xs">
                          <span className="text-zinc-500">{o.name}:</span>
                          <a href={url} target="_blank" rel="noreferrer" className="break-all underline">
                            {url}
                          </a>
                          <CopyLinkButton url={url} />
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
