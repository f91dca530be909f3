import { format } from "date-fns";
import Link from "next/link";
import { ORDER_STATUS } from "@/components/commerce/order-status";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyState, FilterBar, FilterSearch, FilterSelect } from "@/components/ui/filters";
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
      <FilterBar>
        <FilterSearch label="Search by buyer" defaultValue={sp.q} />
        <FilterSelect
          name="status"
          label="Status"
          any="All statuses"
          defaultValue={status}
          options={STATUSES.map((s) => ({ value: s, label: ORDER_STATUS[s].label }))}
        />
        <FilterSelect name="offer" label="Offer" any="All offers" defaultValue={offerId} options={offers.map((o) => ({ value: o.id, label: o.name }))} />
      </FilterBar>
      {orders.length === 0 ? (
        <EmptyState>{filtered ? "No orders match these filters." : "No orders yet. Put an offer on sale and share its checkout page."}</EmptyState>
      ) : (
        <DataTable columns={["Buyer", "Offer", "Amount", "Coupon", "Status", "Date"]}>
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
        </DataTable>
      )}
    </div>
  );
}
