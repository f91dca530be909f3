import { format } from "date-fns";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ORDER_STATUS } from "@/components/commerce/order-status";
import { RefundForm } from "@/components/commerce/refund-form";
import { Badge } from "@/components/ui/badge";
import { getOrder } from "@/db/queries/orders";
import { requireOrg } from "@/lib/auth/session";
import { formatAmount } from "@/lib/commerce/pricing";

export const metadata = { title: "Order" };

const EVENT = {
  "order.paid": "Paid",
  "order.fulfilled": "Access given",
  "order.partially_refunded": "Partly refunded",
  "order.refunded": "Refunded",
  "order.access_revoked": "Access ended",
} as Record<string, string>;

export default async function OrderPage({ params }: { params: Promise<{ org: string; orderId: string }> }) {
  const { org, orderId } = await params;
  const { scope, role } = await requireOrg(org);
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  const found = await getOrder(scope, orderId);
  if (!found) notFound();
  const { order: o } = found;
  const money = (n: number) => formatAmount(n, o.currency);
  const left = o.amountTotal - o.amountRefunded;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <Link href={`/${org}/orders`} className="text-sm text-zinc-500 hover:underline">
        ← Orders
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Order {o.id.slice(0, 8).toUpperCase()}</h1>
        <Badge variant={ORDER_STATUS[o.status].variant}>{ORDER_STATUS[o.status].label}</Badge>
        {o.paymentMode === "test" ? <Badge variant="warning">Test payment</Badge> : null}
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-lg border border-zinc-200 bg-white p-5 text-sm">
        <dt className="text-zinc-500">Buyer</dt>
        <dd>
          {found.buyerName ?? "—"} · {o.email}
        </dd>
        <dt className="text-zinc-500">Offer</dt>
        <dd>
          {found.offerName} ({money(o.amountSubtotal - o.amountBump)})
        </dd>
        {found.bumpName ? (
          <>
            <dt className="text-zinc-500">Order bump</dt>
            <dd>
              {found.bumpName} ({money(o.amountBump)})
            </dd>
          </>
        ) : null}
        {o.amountDiscount ? (
          <>
            <dt className="text-zinc-500">Coupon</dt>
            <dd>
              {found.couponCode?.toUpperCase() ?? "—"} (−{money(o.amountDiscount)})
            </dd>
          </>
        ) : null}
        <dt className="text-zinc-500">Total</dt>
        <dd className="font-semibold">{money(o.amountTotal)}</dd>
        {o.amountRefunded ? (
          <>
            <dt className="text-zinc-500">Refunded</dt>
            <dd>{money(o.amountRefunded)}</dd>
          </>
        ) : null}
        <dt className="text-zinc-500">Platform fee</dt>
        <dd>{money(o.platformFee)}</dd>
      </dl>
      <section aria-labelledby="history-h" className="flex flex-col gap-2">
        <h2 id="history-h" className="font-semibold">
          History
        </h2>
        <ol className="flex flex-col gap-1 border-l-2 border-zinc-200 pl-4 text-sm">
          {found.history.map((h, i) => (
            <li key={i}>
              <span className="font-medium">{EVENT[h.action] ?? h.action}</span> <span className="text-zinc-500">{format(h.at, "d MMM yyyy, HH:mm")}</span>
              {h.data && typeof h.data === "object" && "amount" in h.data ? (
                <span className="text-zinc-500"> · {money(Number((h.data as { amount: number }).amount))}</span>
              ) : null}
              {h.data && typeof h.data === "object" && "reason" in h.data ? (
                <span className="text-zinc-500"> · “{String((h.data as { reason: string }).reason)}”</span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {o.status === "paid" && left > 0 && role !== "editor" && o.paymentMode !== "stripe" ? (
        <RefundForm orderId={o.id} left={left} currency={o.currency} />
      ) : null}
    </div>
  );
}
