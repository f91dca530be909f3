"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useActionState, useState, useSyncExternalStore } from "react";
import { placeOrderAction } from "@/actions/commerce/place-order";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { formatMoney, quote, type Discount } from "@/lib/commerce/pricing";

// Stripe.js loads only when a Stripe payment starts, not with the page.
const EmbeddedStripeCheckout = dynamic(() => import("./embedded-stripe-checkout"), {
  ssr: false,
  loading: () => <p className="text-sm text-zinc-500">Opening the secure payment form…</p>,
});

const noSubscribe = () => () => {};

type Props = {
  offerId: string;
  currency: string;
  coupon: string | null;
  free: boolean;
  signedInAs: string | null;
  priceLabel: string;
  base: { amount: number; label: string };
  bump: { name: string; headline: string; amount: number; label: string } | null;
  discount: Discount | null;
};

/**
 * The payment side of the checkout: the order summary (updated as the bump is ticked), the buyer's address
 * when nobody is signed in, the test card, and Pay. A plain form posting to placeOrderAction, so it works
 * before JavaScript loads; the server prices the order again and never trusts these figures.
 */
export function CheckoutForm(p: Props) {
  const [state, formAction, pending] = useActionState(placeOrderAction, null);
  const [withBump, setWithBump] = useState(false);
  // Controlled, so a declined card or a wrong field never clears what was typed (a form action resets the rest).
  const [v, setV] = useState({ email: "", name: "", cardNumber: "", expiry: "", cvc: "" });
  const bind = (k: keyof typeof v) => ({
    name: k,
    value: v[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setV((prev) => ({ ...prev, [k]: e.target.value })),
  });
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formRef = useFocusFirstError<HTMLFormElement>(state && !state.ok ? state : null);
  const q = quote({ currency: p.currency, amounts: [p.base.amount, withBump && p.bump ? p.bump.amount : 0], discount: p.discount, feeBps: 0 });

  // Present only once the page's script runs: a plain form post (no JavaScript) goes to Stripe's own page.
  const scripted = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );

  if (p.free && !p.signedInAs) {
    const next = encodeURIComponent(`/checkout/${p.offerId}`);
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm text-zinc-600">Free with an account: create yours (or sign in) and you are enrolled.</p>
        <Link href={`/sign-up?next=${next}`} className="inline-flex justify-center rounded-md bg-brand px-4 py-2.5 font-medium text-white">
          Create my account
        </Link>
        <Link href={`/sign-in?next=${next}`} className="text-center text-sm font-medium underline">
          I already have an account
        </Link>
      </div>
    );
  }

  if (state?.ok && state.data.kind === "embedded") {
    return (
      <EmbeddedStripeCheckout clientSecret={state.data.clientSecret} publishableKey={state.data.publishableKey} stripeAccount={state.data.stripeAccount} />
    );
  }

  if (state?.ok && state.data.kind === "paid") {
    return (
      <div role="status" className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">You&apos;re in!</h2>
        <p className="text-sm text-zinc-600">
          {state.data.total > 0 ? `We received your payment of ${formatMoney(state.data.total, state.data.currency)}. ` : ""}
          Your receipt and a sign-in link are on their way to <strong>{state.data.email}</strong>. Open the link to start learning.
        </p>
        <Link href="/sign-in" className="text-sm font-medium underline">
          Sign in with a password instead
        </Link>
      </div>
    );
  }

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="offerId" value={p.offerId} />
      {scripted ? <input type="hidden" name="js" value="1" /> : null}
      <input type="hidden" name="currency" value={p.currency} />
      {p.coupon ? <input type="hidden" name="coupon" value={p.coupon} /> : null}
      <dl className="flex flex-col gap-1 text-sm" aria-label="Order summary">
        <div className="flex justify-between">
          <dt>Price</dt>
          <dd>{p.priceLabel}</dd>
        </div>
        {p.bump && withBump ? (
          <div className="flex justify-between">
            <dt>{p.bump.name}</dt>
            <dd>{p.bump.label}</dd>
          </div>
        ) : null}
        {q.discount ? (
          <div className="flex justify-between text-emerald-700">
            <dt>Discount</dt>
            <dd>−{formatMoney(q.discount, p.currency)}</dd>
          </div>
        ) : null}
        <div className="flex justify-between border-t border-zinc-200 pt-2 text-base font-semibold">
          <dt>Total today</dt>
          <dd data-testid="checkout-total">{q.total ? formatMoney(q.total, p.currency) : "Free"}</dd>
        </div>
      </dl>
      {p.bump ? (
        <label className="flex items-start gap-3 rounded-md border-2 border-dashed border-amber-400 bg-amber-50 p-3 text-sm">
          <input type="checkbox" name="withBump" className="mt-1" checked={withBump} onChange={(e) => setWithBump(e.target.checked)} />
          <span>
            <strong>{p.bump.headline}</strong> — {p.bump.name} for {p.bump.label}
          </span>
        </label>
      ) : null}
      {p.signedInAs ? (
        <p className="text-sm text-zinc-600">
          Buying as <strong>{p.signedInAs}</strong>
        </p>
      ) : (
        <>
          <Field id="email" label="Email" error={errors.email?.[0]} hint="Your access and receipt go here.">
            <Input id="email" {...bind("email")} type="email" autoComplete="email" required aria-invalid={!!errors.email} />
          </Field>
          <Field id="name" label="Name" error={errors.name?.[0]}>
            <Input id="name" {...bind("name")} autoComplete="name" />
          </Field>
        </>
      )}
      {!p.free ? (
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium">Card (test mode)</legend>
          <Field id="cardNumber" label="Card number" error={errors.cardNumber?.[0]}>
            <Input
              id="cardNumber"
              {...bind("cardNumber")}
              inputMode="numeric"
              autoComplete="cc-number"
              placeholder="4242 4242 4242 4242"
              aria-invalid={!!errors.cardNumber}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field id="expiry" label="Expiry" error={errors.expiry?.[0]}>
              <Input id="expiry" {...bind("expiry")} autoComplete="cc-exp" placeholder="MM / YY" aria-invalid={!!errors.expiry} />
            </Field>
            <Field id="cvc" label="CVC" error={errors.cvc?.[0]}>
              <Input id="cvc" {...bind("cvc")} inputMode="numeric" autoComplete="cc-csc" placeholder="123" aria-invalid={!!errors.cvc} />
            </Field>
          </div>
        </fieldset>
      ) : null}
      {state && !state.ok && !state.fieldErrors ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state && !state.ok && state.fieldErrors?.coupon ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" variant="brand" size="lg" disabled={pending}>
        {pending ? "Processing…" : p.free ? "Enroll for free" : `Pay ${q.total ? formatMoney(q.total, p.currency) : ""}`.trim()}
      </Button>
    </form>
  );
}
