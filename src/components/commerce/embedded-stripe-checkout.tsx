"use client";
import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js";
import { useMemo } from "react";

/**
 * Stripe Checkout embedded in the school's own checkout page, on the school's connected account (a direct
 * charge). Loaded only when a Stripe payment starts (Stripe.js is not part of the page otherwise).
 */
export default function EmbeddedStripeCheckout({
  clientSecret,
  publishableKey,
  stripeAccount,
}: {
  clientSecret: string;
  publishableKey: string;
  stripeAccount: string;
}) {
  const stripe = useMemo(() => loadStripe(publishableKey, { stripeAccount }), [publishableKey, stripeAccount]);
  return (
    <div id="stripe-checkout" aria-label="Payment">
      <EmbeddedCheckoutProvider stripe={stripe} options={{ clientSecret }}>
        <EmbeddedCheckout />
      </EmbeddedCheckoutProvider>
    </div>
  );
}
