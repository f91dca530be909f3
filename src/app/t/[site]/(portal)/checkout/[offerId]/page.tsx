import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckoutForm } from "@/components/commerce/checkout-form";
import Form from "next/form";
import { ownsEveryCourseOf } from "@/db/queries/enrollments";
import { findOfferForCheckout } from "@/db/queries/offers";
import { quoteCheckout } from "@/db/queries/orders";
import { siteScopeFor } from "@/db/scope";
import { headers } from "next/headers";
import { beforeCouponTry } from "@/lib/auth/rate-limit";
import { getSessionUser } from "@/lib/auth/session";
import { requestClientIp } from "@/lib/net/request-ip";
import { studentPaymentsMode } from "@/lib/commerce/payments";
import { describePrice, formatMoney, OFFER_TYPE_LABEL } from "@/lib/commerce/pricing";
import { planOf } from "@/lib/platform-billing/plans";
import { requireSite } from "@/lib/site/portal";

export const metadata: Metadata = { title: "Checkout" };

type Props = { params: Promise<{ site: string; offerId: string }>; searchParams: Promise<{ coupon?: string; currency?: string }> };

/**
 * The checkout of one offer on the school's own host: what is included, the price with a coupon applied
 * (`?coupon=CODE` — the shareable link — or the Apply button, a plain GET form), the order bump, and the
 * payment form. Works without JavaScript: every control is a form.
 */
export default async function CheckoutPage({ params, searchParams }: Props) {
  const { site: key, offerId } = await params;
  const { coupon: rawCoupon, currency: rawCurrency } = await searchParams;
  const site = await requireSite(key);
  if (!/^[0-9a-f-]{36}$/i.test(offerId)) notFound();
  const scope = siteScopeFor(site);
  let couponCode = rawCoupon?.trim().slice(0, 64) || null;
  // Looking codes up is rate limited per visitor: enough for typos, not for guessing private codes.
  const couponWait = couponCode ? await beforeCouponTry(requestClientIp(await headers())) : null;
  if (couponWait !== null) couponCode = null;
  const currency = /^[a-z]{3}$/i.test(rawCurrency ?? "") ? rawCurrency!.toLowerCase() : null;
  const found = await findOfferForCheckout(scope, offerId);
  if (!found) notFound();
  const currencies = found.offer.prices.map((p) => p.currency);
  const chosen = currency && currencies.includes(currency) ? currency : (currencies[0] ?? "usd");
  const q = await quoteCheckout(scope, { offerId, currency: chosen, withBump: true, couponCode, feeBps: planOf(site.plan).limits.transactionFeeBps });
  const user = await getSessionUser();
  const owned = user ? await ownsEveryCourseOf(scope, { userId: user.id, offerId: found.offer.id }) : false;
  const { offer, bump, price, bumpPrice } = q;
  const free = offer.type === "free";
  const mode = studentPaymentsMode();
  const base = formatMoney(price?.amount ?? 0, q.quote.currency);
  return (
    <main className="mx-auto grid max-w-5xl gap-8 px-4 py-10 md:grid-cols-[1fr_380px]">
      <section className="flex flex-col gap-5" aria-labelledby="offer-h">
        <Link href="/" className="text-sm text-zinc-500 hover:underline">
          ← {site.name}
        </Link>
        <div>
          <p className="text-sm text-zinc-500">{OFFER_TYPE_LABEL[offer.type]}</p>
          <h1 id="offer-h" className="text-2xl font-bold tracking-tight">
            {offer.name}
          </h1>
          {offer.description ? <p className="mt-2 whitespace-pre-line text-zinc-600">{offer.description}</p> : null}
        </div>
        <div className="rounded-lg border border-zinc-200 p-4">
          <h2 className="mb-2 text-sm font-medium text-zinc-500">Included</h2>
          <ul className="flex flex-col gap-1">
            {offer.courses
              .filter((c) => c.status === "published")
              .map((c) => (
                <li key={c.courseId} className="text-sm">
                  ✓ {c.title}
                </li>
              ))}
          </ul>
        </div>
        {currencies.length > 1 ? (
          <p className="flex flex-wrap gap-2 text-sm" aria-label="Currency">
            Pay in:
            {currencies.map((c) => (
              <Link
                key={c}
                href={`?${new URLSearchParams({ currency: c, ...(couponCode ? { coupon: couponCode } : {}) })}`}
                aria-current={c === chosen ? "true" : undefined}
                className={c === chosen ? "font-semibold underline" : "underline"}
              >
                {c.toUpperCase()}
              </Link>
            ))}
          </p>
        ) : null}
        {!free ? (
          <Form action="" className="flex flex-wrap items-end gap-2" aria-label="Coupon">
            <input type="hidden" name="currency" value={chosen} />
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">Coupon code</span>
              <input name="coupon" defaultValue={couponCode ?? ""} className="h-10 rounded-md border border-zinc-300 px-3 uppercase" autoComplete="off" />
            </label>
            <button type="submit" className="h-10 rounded-md border border-zinc-300 bg-white px-4 text-sm hover:bg-zinc-50">
              Apply
            </button>
            {couponWait !== null ? (
              <p role="alert" className="w-full text-sm text-red-700">
                Too many codes tried from here. Try again in {Math.ceil(couponWait / 60)} minutes.
              </p>
            ) : q.couponError ? (
              <p role="alert" className="w-full text-sm text-red-700">
                {q.couponError}
              </p>
            ) : q.coupon ? (
              <p role="status" className="w-full text-sm text-emerald-700">
                {q.coupon.code.toUpperCase()} applied:{" "}
                {q.coupon.percentOff ? `${q.coupon.percentOff}% off` : `${formatMoney(q.coupon.amountOff ?? 0, q.coupon.currency ?? "usd")} off`}
              </p>
            ) : null}
          </Form>
        ) : null}
      </section>
      <aside className="flex flex-col gap-4 rounded-xl border border-zinc-200 p-5 md:sticky md:top-6 md:self-start">
        {mode === "test" && !free ? (
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <strong>Test payments:</strong> no money moves. Pay with the test card 4242 4242 4242 4242, any future expiry and any CVC.
          </p>
        ) : null}
        {owned ? (
          <div role="status" className="flex flex-col gap-2 text-sm">
            <p className="font-medium">You already have everything in this offer.</p>
            <Link href="/library" className="inline-flex justify-center rounded-md bg-brand px-4 py-2.5 font-medium text-white">
              Go to my library
            </Link>
          </div>
        ) : mode === "unavailable" && !free ? (
          <p role="alert" className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700">
            {site.name} is not taking payments yet. Check back soon.
          </p>
        ) : (
          <CheckoutForm
            offerId={offer.id}
            currency={q.quote.currency}
            coupon={q.coupon ? q.coupon.code : null}
            free={free}
            signedInAs={user ? user.email : null}
            priceLabel={price ? describePrice(price, offer.type) : "Free"}
            base={{ amount: price?.amount ?? 0, label: base }}
            bump={
              bump && bumpPrice
                ? {
                    name: bump.name,
                    headline: offer.bumpHeadline ?? `Add ${bump.name}`,
                    amount: bumpPrice.amount,
                    label: formatMoney(bumpPrice.amount, q.quote.currency),
                  }
                : null
            }
            discount={q.coupon ? { percentOff: q.coupon.percentOff, amountOff: q.coupon.amountOff, currency: q.coupon.currency } : null}
          />
        )}
      </aside>
    </main>
  );
}
