import { format } from "date-fns";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/account/print-button";
import { receiptOf } from "@/db/queries/student-orders";
import { formatMoney } from "@/lib/commerce/pricing";
import { requireStudent } from "@/lib/site/portal";

export const metadata = { title: "Receipt" };

/** A student's receipt for one of their own orders, ready to print or save as PDF from the browser. */
export default async function ReceiptPage({ params }: { params: Promise<{ site: string; orderId: string }> }) {
  const { site: key, orderId } = await params;
  const { site, scope, user } = await requireStudent(key, `/account/orders/${orderId}`);
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  const found = await receiptOf(scope, { orderId, userId: user.id });
  if (!found) notFound();
  const { order } = found;
  const paid = found.history.find((h) => h.action === "order.paid");
  const paidWith = (paid?.data as { payment?: string } | null)?.payment ?? null;
  const money = (n: number) => formatMoney(n, order.currency);
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 px-4 py-10">
      <Link href="/account" className="text-sm text-zinc-600 hover:underline print:hidden">
        ← Account
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Receipt</h1>
          <p className="text-sm text-zinc-600">
            {site.name} · Order {order.id.slice(0, 8).toUpperCase()} · {format(order.createdAt, "d MMMM yyyy")}
          </p>
        </div>
        <PrintButton />
      </div>
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-2 rounded-lg border border-zinc-200 p-5 text-sm" data-testid="receipt">
        <dt>{found.offerName}</dt>
        <dd className="text-right">{money(order.amountSubtotal - order.amountBump)}</dd>
        {found.bumpName ? (
          <>
            <dt>{found.bumpName}</dt>
            <dd className="text-right">{money(order.amountBump)}</dd>
          </>
        ) : null}
        {order.amountDiscount ? (
          <>
            <dt className="text-emerald-700">Discount{found.couponCode ? ` (${found.couponCode})` : ""}</dt>
            <dd className="text-right text-emerald-700">−{money(order.amountDiscount)}</dd>
          </>
        ) : null}
        <dt className="border-t border-zinc-200 pt-2 font-semibold">Total</dt>
        <dd className="border-t border-zinc-200 pt-2 text-right font-semibold">{order.amountTotal ? money(order.amountTotal) : "Free"}</dd>
        {order.amountRefunded ? (
          <>
            <dt>Refunded</dt>
            <dd className="text-right">−{money(order.amountRefunded)}</dd>
          </>
        ) : null}
      </dl>
      <p className="text-sm text-zinc-600">
        Billed to {user.name} ({order.email ?? user.email}){paidWith ? ` · paid with ${paidWith}` : ""}
      </p>
    </main>
  );
}
