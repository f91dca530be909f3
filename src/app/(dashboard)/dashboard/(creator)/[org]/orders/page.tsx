import { format } from "date-fns";
import Link from "next/link";
import { ORDER_STATUS } from "@/components/commerce/order-status";
import { Badge } from "@/components/ui/badge";
import { listOffers } from "@/db/queries/offers";
import { listOrders, orderTotals } from "@/db/queries/orders";
import { requireOrg } from "@/lib/auth/session";
import { formatAmount } from "@/lib/commerce/pricing";

export const metadata = { title: "Orders" };

const STATUSES = ["paid", "refunded", "pending", "failed"] as const;

export default async function OrdersPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ q?: string; status?: string; offer?: string }>;
}) {
  const { org } = await params;
  const sp = await searchParams;
  const { scope } = await requireOrg(org);
  const status = (STATUSES as readonly string[]).includes(sp.status ?? "") ? (sp.status as (typeof STATUSES)[number]) : undefined;
  const offerId = /^[0-9a-f-]{36}$/i.test(sp.offer ?? "") ? sp.offer : undefined;
  const [orders, offers, totals] = await Promise.all([
    listOrders(scope, { status, offerId, q: sp.q?.slice(0, 100) || undefined }),
    listOffers(scope),
    orderTotals(scope),
  ]);
  const filtered = !!(status || offerId || sp.q);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Orders</h1>
        <p className="text-sm text-zinc-500">
          {totals.length ? totals.map((t) => `${t.paid} paid · ${formatAmount(t.revenue, t.currency)} net`).join(" · ") : "What students bought, and refunds."}
        </p>
      </div>
      <form className="flex flex-wrap gap-2" role="search">
        <input
          type="search"
          name="q"
          defaultValue={sp.q}
          placeholder="Search by buyer"
          aria-label="Search by buyer"
          className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm sm:max-w-xs"
        />
        <select name="status" defaultValue={status ?? ""} aria-label="Status" className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm">
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {ORDER_STATUS[s].label}
            </option>
          ))}
        </select>
        <select name="offer" defaultValue={offerId ?? ""} aria-label="Offer" className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm">
          <option value="">All offers</option>
          {offers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <button type="submit" className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-50">
          Filter
        </button>
      </form>
      {orders.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          {filtered ? "No orders match these filters." : "No orders yet. Put an offer on sale and share its checkout page."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-zinc-50 text-left text-zinc-500">
              <tr>
                <th className="px-4 py-2 font-medium">Buyer</th>
                <th className="px-4 py-2 font-medium">Offer</th>
                <th className="px-4 py-2 font-medium">Amount</th>
                <th className="px-4 py-2 font-medium">Coupon</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Date</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200">
              {orders.map(({ order: o, offerName, buyerName, couponCode }) => (
                <tr key={o.id} data-testid="order-row">
                  <td className="px-4 py-2">
                    <Link href={`/${org}/orders/${o.id}`} className="font-medium underline-offset-2 hover:underline">
                      {buyerName ?? o.email ?? "—"}
                    </Link>
                    <div className="text-xs text-zinc-500">{o.email}</div>
                  </td>
                  <td className="px-4 py-2">{offerName}</td>
                  <td className="px-4 py-2">
                    {formatAmount(o.amountTotal, o.currency)}
                    {o.paymentMode === "test" ? <span className="ml-1 text-xs text-amber-700">(test)</span> : null}
                  </td>
                  <td className="px-4 py-2">{couponCode?.toUpperCase() ?? "—"}</td>
                  <td className="px-4 py-2">
                    <Badge variant={ORDER_STATUS[o.status].variant}>{ORDER_STATUS[o.status].label}</Badge>
                  </td>
                  <td className="px-4 py-2 text-zinc-500">{format(o.createdAt, "d MMM yyyy, HH:mm")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
