"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ownsEveryCourseOf } from "@/db/queries/enrollments";
import { attachCheckoutSession, failPendingOrder, placePaidOrder, placePendingOrder, quoteCheckout } from "@/db/queries/orders";
import { chargeableStripeAccount } from "@/db/queries/stripe-accounts";
import { ensureBuyerAccount } from "@/db/queries/users";
import { siteAction } from "@/lib/actions/chain";
import { beforeCheckout } from "@/lib/auth/rate-limit";
import { studentPaymentsMode } from "@/lib/commerce/payments";
import { createStudentCheckoutSession } from "@/lib/commerce/stripe-checkout";
import { stripeConnect } from "@/lib/commerce/stripe-connect";
import { chargeTestCard } from "@/lib/commerce/test-cards";
import { logger } from "@/lib/logger";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { requestClientIp } from "@/lib/net/request-ip";
import { planOf } from "@/lib/platform-billing/plans";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

/**
 * The checkout form of a school's offer (src/app/t/[site]/(portal)/checkout): a plain form post, so it
 * works before JavaScript loads. The school is the host's; the buyer is whoever is signed in here, or the
 * account of the address typed (created if new: a sign-in link is emailed with the receipt). Paid offers
 * charge a test card in the labelled test-payment mode; free offers enroll without payment. The order and
 * its `commerce/order.paid` fact are written together; the fulfil-order job enrolls and sends the receipt.
 */
const schema = z.object({
  offerId: z.string().uuid("Unknown offer"),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/, "Unknown currency")
    .default("usd"),
  withBump: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
  coupon: optional(64),
  email: optional(254).pipe(z.string().email("Enter a valid email address").nullable()),
  name: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters")

    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Use letters, not control characters")
    .optional()
    .transform((v) => v || null),
  cardNumber: optional(40),
  expiry: optional(10),
  cvc: optional(8),
  /** Set by the page's script: Stripe Checkout can open embedded here (a plain form post goes to Stripe's page). */
  js: z.preprocess((v) => v === "1" || v === true, z.boolean()).default(false),
});
export type PlaceOrderInput = z.input<typeof schema>;

export const placeOrderAction = siteAction({ name: "place-order", schema }, async (input, { site, scope, user }) => {
  const h = await headers();
  const wait = await beforeCheckout(requestClientIp(h));
  if (wait !== null) throw new DomainError("rate_limited", `Too many checkouts from here. Try again in ${Math.ceil(wait / 60)} minutes.`);

  const feeBps = planOf(site.plan).limits.transactionFeeBps;
  const choice = { offerId: input.offerId, currency: input.currency, withBump: input.withBump, couponCode: input.coupon };
  const q = await quoteCheckout(scope, { ...choice, feeBps });
  const free = q.offer.type === "free";
  // A free offer is for someone signed in here (an address typed by a stranger makes nobody a student).
  if (free && !user) throw new DomainError("unauthenticated", "Sign in or create your account to enroll.");

  if (user && (await ownsEveryCourseOf(scope, { userId: user.id, offerId: q.offer.id }))) {
    throw new DomainError("conflict", "You already have every course of this offer: open your library.");
  }

  let buyer: { userId: string; email: string; signedIn: boolean };
  if (user) buyer = { userId: user.id, email: user.email, signedIn: true };
  else {
    if (!input.email)
      throw new DomainError("invalid", "Enter your email address: your access and receipt go there.", { fieldErrors: { email: ["Required."] } });
    const account = await ensureBuyerAccount({ email: input.email, name: input.name ?? input.email.split("@")[0]! });
    buyer = { userId: account.userId, email: input.email, signedIn: false };
  }

  const here = `${env().protocol}://${(h.get("host") ?? "").toLowerCase()}`;
  // Anything not free is paid — even when a coupon brings today's total to 0 (a subscription keeps renewing):
  // on the school's own Stripe account when it has connected one, else in the labelled test-payment mode.
  const connect = free ? null : stripeConnect();
  const account = connect ? await chargeableStripeAccount(scope) : null;
  if (connect && account) {
    const { order } = await placePendingOrder(scope, { ...choice, feeBps, buyer });
    const publishableKey = env().STRIPE_PUBLISHABLE_KEY;
    const embedded = input.js && !!publishableKey;
    let url: string | null;
    let clientSecret: string | null = null;
    try {
      const successPath = user
        ? `/library?order=${order.id}`
        : `/sign-in?next=${encodeURIComponent(`/library?order=${order.id}`)}&email=${encodeURIComponent(buyer.email)}`;
      const session = await createStudentCheckoutSession({ connect, account, order, q, feeBps, buyer, origin: here, successPath, embedded });
      await attachCheckoutSession(scope, { orderId: order.id, sessionId: session.id });
      url = session.url;
      clientSecret = session.client_secret;
    } catch (err) {
      await failPendingOrder(scope, order.id);
      logger.error("checkout.stripe_failed", { error: err instanceof Error ? err.message : String(err) });
      throw new DomainError("unavailable", "Payments are not available right now. Please try again in a moment.");
    }
    if (embedded && clientSecret) return { kind: "embedded" as const, clientSecret, publishableKey: publishableKey!, stripeAccount: account.stripeAccountId };
    if (!url) throw new DomainError("unavailable", "Stripe did not open a checkout page. Please try again.");
    redirect(url);
  }
  let paymentNote: string | null = null;
  if (!free) {
    if (studentPaymentsMode() !== "test") throw new DomainError("unavailable", `${site.name} cannot take payments yet.`);
    const charge = chargeTestCard({ number: input.cardNumber ?? "", expiry: input.expiry ?? "", cvc: input.cvc ?? "" });
    if (!charge.ok) throw new DomainError("invalid", charge.message, { fieldErrors: { [charge.field]: [charge.message] } });
    paymentNote = `test ${charge.brand} •••• ${charge.last4}`;
  }
  // The buyer becomes the school's student when the order is paid (fulfil-order), as with Stripe.
  const order = await placePaidOrder(scope, { ...choice, feeBps, buyer, paymentMode: free ? "free" : "test", paymentNote });
  if (user) redirect(`/library?order=${order.id}`);
  // Not signed in here: the receipt and a sign-in link go to the address (fulfil-order sends both).
  return { kind: "paid" as const, orderId: order.id, email: buyer.email, total: order.amountTotal, currency: order.currency };
});
