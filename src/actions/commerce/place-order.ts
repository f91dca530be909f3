"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { attachCheckoutSession, failPendingOrder, placePaidOrder, placePendingOrder, quoteCheckout } from "@/db/queries/orders";
import { chargeableStripeAccount } from "@/db/queries/stripe-accounts";
import { ensureStudent } from "@/db/queries/students";
import { ensureBuyerAccount } from "@/db/queries/users";
import { siteAction } from "@/lib/actions/chain";
import { getAuthForHost } from "@/lib/auth/auth";
import { beforeCheckout } from "@/lib/auth/rate-limit";
import { studentPaymentsMode } from "@/lib/commerce/payments";
import { createStudentCheckoutSession } from "@/lib/commerce/stripe-checkout";
import { stripeConnect } from "@/lib/commerce/stripe-connect";
import { chargeTestCard } from "@/lib/commerce/test-cards";
import { logger } from "@/lib/logger";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { requestClientIp } from "@/lib/net/request-ip";
import { noteNewStudent } from "@/lib/platform-billing/warnings";
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
  name: optional(200),
  cardNumber: optional(40),
  expiry: optional(10),
  cvc: optional(8),
});
export type PlaceOrderInput = z.input<typeof schema>;

export const placeOrderAction = siteAction({ name: "place-order", schema }, async (input, { site, scope, user }) => {
  const h = await headers();
  const wait = await beforeCheckout(requestClientIp(h));
  if (wait !== null) throw new DomainError("rate_limited", `Too many checkouts from here. Try again in ${Math.ceil(wait / 60)} minutes.`);

  let buyer: { userId: string; email: string };
  if (user) buyer = { userId: user.id, email: user.email };
  else {
    if (!input.email)
      throw new DomainError("invalid", "Enter your email address: your access and receipt go there.", { fieldErrors: { email: ["Required."] } });
    const account = await ensureBuyerAccount({ email: input.email, name: input.name ?? input.email.split("@")[0]! });
    buyer = { userId: account.userId, email: input.email };
  }

  const feeBps = planOf(site.plan).limits.transactionFeeBps;
  const choice = { offerId: input.offerId, currency: input.currency, withBump: input.withBump, couponCode: input.coupon };
  const q = await quoteCheckout(scope, { ...choice, feeBps });
  const here = `${env().protocol}://${(h.get("host") ?? "").toLowerCase()}`;
  // The school's own Stripe account, when it has connected one: the buyer pays on Stripe Checkout.
  const connect = stripeConnect();
  const account = q.quote.total > 0 && connect ? await chargeableStripeAccount(scope) : null;
  if (connect && account) {
    const { order } = await placePendingOrder(scope, { ...choice, feeBps, buyer });
    let url: string | null;
    try {
      const successPath = user
        ? `/library?order=${order.id}`
        : `/sign-in?next=${encodeURIComponent(`/library?order=${order.id}`)}&email=${encodeURIComponent(buyer.email)}`;
      const session = await createStudentCheckoutSession({ connect, account, order, q, feeBps, buyer, origin: here, successPath });
      await attachCheckoutSession(scope, { orderId: order.id, sessionId: session.id });
      url = session.url;
    } catch (err) {
      await failPendingOrder(scope, order.id);
      logger.error("checkout.stripe_failed", { error: err instanceof Error ? err.message : String(err) });
      throw new DomainError("unavailable", "Payments are not available right now. Please try again in a moment.");
    }
    if (!url) throw new DomainError("unavailable", "Stripe did not open a checkout page. Please try again.");
    await ensureStudent(scope, buyer.userId);
    redirect(url);
  }
  let paymentNote: string | null = null;
  if (q.quote.total > 0) {
    if (studentPaymentsMode() !== "test") throw new DomainError("unavailable", `${site.name} cannot take payments yet.`);
    const charge = chargeTestCard({ number: input.cardNumber ?? "", expiry: input.expiry ?? "", cvc: input.cvc ?? "" });
    if (!charge.ok) throw new DomainError("invalid", charge.message, { fieldErrors: { [charge.field]: [charge.message] } });
    paymentNote = `test ${charge.brand} •••• ${charge.last4}`;
  }
  const order = await placePaidOrder(scope, { ...choice, feeBps, buyer, paymentMode: q.quote.total > 0 ? "test" : "free", paymentNote });

  const student = await ensureStudent(scope, buyer.userId);
  if (student.created) await noteNewStudent(scope, { studentId: student.id, schoolName: site.name, slug: site.slug });
  if (user) redirect(`/library?order=${order.id}`);
  // Not signed in here: a sign-in link goes to the address (its owner opens the library with it).
  // The school host's own auth instance: it builds links for this host (see getAuthForHost).
  const auth = await getAuthForHost(h.get("host"));
  // Absolute, on this very host: the link signs them in here (sessions are per host), into their library.
  await auth.api.signInMagicLink({ body: { email: buyer.email, callbackURL: `${here}/library` }, headers: h });
  return { orderId: order.id, email: buyer.email, total: order.amountTotal, currency: order.currency };
});
