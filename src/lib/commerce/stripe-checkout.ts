import "server-only";
import type Stripe from "stripe";
import type { Order, quoteCheckout } from "@/db/queries/orders";
import type { StripeAccount } from "@/db/queries/stripe-accounts";
import type { StripeConnect } from "./stripe-connect";

type Quoted = Awaited<ReturnType<typeof quoteCheckout>>;

/**
 * The Stripe Checkout Session for a pending order, created on the school's own connected account (a
 * direct charge: the school is the merchant of record) with Courseforge's fee from its plan —
 * `application_fee_amount` on a one-time payment, `application_fee_percent` on a subscription or payment
 * plan. The coupon becomes a one-off Stripe coupon on that account (once for a subscription, on every
 * instalment of a payment plan) so Stripe's receipt shows the same discount. Embedded, it opens inside the
 * school's own checkout page (its host, its branding around it); hosted, the buyer goes to Stripe and back. Every call is idempotent by
 * the order's id: a retried request opens the same session.
 */
export async function createStudentCheckoutSession(c: {
  connect: StripeConnect;
  account: StripeAccount;
  order: Order;
  q: Quoted;
  feeBps: number;
  buyer: { userId: string; email: string };
  origin: string;
  /** Where the buyer lands after paying (their library when signed in here; sign-in with a link otherwise). */
  successPath: string;
  /** Embedded in the school's checkout page (the buyer stays on its host), else Stripe's hosted page. */
  embedded: boolean;
}): Promise<Stripe.Checkout.Session> {
  const { connect, account, order, q } = c;
  const on = { stripeAccount: account.stripeAccountId };
  const recurring = q.offer.type === "subscription" || q.offer.type === "payment_plan";
  const interval = q.offer.type === "payment_plan" ? "month" : (q.price?.interval ?? "month");
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [
    {
      quantity: 1,
      price_data: {
        currency: q.quote.currency,
        unit_amount: q.price?.amount ?? 0,
        product_data: { name: q.offer.name },
        ...(recurring ? { recurring: { interval } } : {}),
      },
    },
  ];
  if (q.bumpPrice && q.bump)
    lineItems.push({ quantity: 1, price_data: { currency: q.quote.currency, unit_amount: q.bumpPrice.amount, product_data: { name: q.bump.name } } });

  let discounts: Stripe.Checkout.SessionCreateParams.Discount[] | undefined;
  if (q.coupon && q.quote.discount > 0) {
    const coupon = await connect.client.coupons.create(
      {
        ...(q.coupon.percentOff ? { percent_off: q.coupon.percentOff } : { amount_off: q.coupon.amountOff!, currency: q.coupon.currency! }),
        duration: q.offer.type === "payment_plan" ? "forever" : "once",
        max_redemptions: 1,
        name: q.coupon.code.toUpperCase(),
      },
      { ...on, idempotencyKey: `order-coupon:${order.id}` },
    );
    discounts = [{ coupon: coupon.id }];
  }

  const metadata = { orderId: order.id, creatorId: order.creatorId };
  return connect.client.checkout.sessions.create(
    {
      mode: recurring ? "subscription" : "payment",
      line_items: lineItems,
      ...(discounts ? { discounts } : {}),
      customer_email: c.buyer.email,
      client_reference_id: order.id,
      metadata,
      ...(c.embedded
        ? { ui_mode: "embedded_page" as const, return_url: `${c.origin}${c.successPath}` }
        : { success_url: `${c.origin}${c.successPath}`, cancel_url: `${c.origin}/checkout/${q.offer.id}` }),
      automatic_tax: { enabled: account.automaticTax },
      // Stripe's shortest: an abandoned checkout gives its coupon use back after half an hour, not a day.
      expires_at: Math.floor(Date.now() / 1000) + 30 * 60,
      ...(recurring
        ? {
            subscription_data: {
              application_fee_percent: c.feeBps / 100,
              metadata: {
                ...metadata,
                offerId: q.offer.id,
                offerName: q.offer.name.slice(0, 400),
                userId: c.buyer.userId,
                ...(q.offer.type === "payment_plan" ? { installments: String(q.price?.installments ?? 0) } : {}),
              },
            },
          }
        : { payment_intent_data: { application_fee_amount: q.quote.platformFee, metadata } }),
    },
    { ...on, idempotencyKey: `order-checkout:${order.id}` },
  );
}
