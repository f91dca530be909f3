import { revokeForOrder, enrollForOrder } from "@/db/queries/enrollments";
import { getOrder } from "@/db/queries/orders";
import { getCreatorOrThrow } from "@/db/queries/tenants";
import { recordUsage } from "@/db/queries/usage";
import { ensureStudent } from "@/db/queries/students";
import { findUserById, revokeUnprovenAccess } from "@/db/queries/users";
import { noteNewStudent } from "@/lib/platform-billing/warnings";
import { findSiteRecord, systemScope } from "@/db/scope";
import { renderTemplate } from "@/emails/registry";
import { brandOf } from "@/inngest/brand";
import { formatMoney } from "@/lib/commerce/pricing";
import { sendEmail } from "@/lib/email/send-email";
import { getAuthForHost } from "@/lib/auth/auth";
import { afterSignIn } from "@/lib/tenant/account-host";
import { tenantUrl } from "@/lib/env";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * What follows a paid order, one durable step each so a retry never repeats a finished one: the buyer is
 * enrolled in every course of the offer (and its bump), the school's branded receipt goes out, the sale is
 * metered. Delivered once per order (the event id is the order's outbox row), and each step is idempotent
 * besides (enrollForOrder changes nothing the second time; the usage key is the order's).
 */
export const fulfilOrderFunction = inngest.createFunction(
  {
    id: "fulfil-order",
    name: "Fulfil a paid order",
    triggers: [{ event: "commerce/order.paid" }],
    retries: 8,
    concurrency: { limit: 20, key: "event.data.creatorId" },
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"commerce/order.paid">;
    const scope = systemScope(d.creatorId);
    // Paid: the buyer is the school's student now (metered past the plan's limit, as any sign-up). Bought
    // signed out by an address nobody has proven yet: whatever access that account had (a password, sessions)
    // was set up by whoever typed the address, so it goes; the mailbox owner gets in with the emailed link.
    await step.run("student", async () => {
      const found = await getOrder(scope, d.orderId);
      const buyer = await findUserById(d.studentUserId);
      if (!found || !buyer) return { student: null };
      if (!found.order.buyerSignedIn && !buyer.emailVerified) await revokeUnprovenAccess(buyer.id);
      const student = await ensureStudent(scope, buyer.id);
      if (student.created) {
        const school = await getCreatorOrThrow(scope);
        await noteNewStudent(scope, { studentId: student.id, schoolName: school.name, slug: school.slug });
      }
      return { student: student.id };
    });
    const enrolled = await step.run("enroll", async () => (await enrollForOrder(scope, d.orderId)).enrolled);
    await step.run("receipt", async () => {
      const found = await getOrder(scope, d.orderId);
      const to = found?.order.email;
      if (!found || !to) return { sent: false };
      const { order } = found;
      const school = await getCreatorOrThrow(scope);
      const site = await findSiteRecord({ kind: "subdomain", slug: school.slug });
      const items = [{ name: found.offerName, amount: formatMoney(order.amountSubtotal - order.amountBump, order.currency) }];
      if (found.bumpName) items.push({ name: found.bumpName, amount: formatMoney(order.amountBump, order.currency) });
      const paid = found.history.find((h) => h.action === "order.paid")?.data as { payment?: string } | null;
      const { subject, element } = renderTemplate("order-receipt", {
        brand: await brandOf(d.creatorId),
        schoolName: school.name,
        orderRef: order.id.slice(0, 8).toUpperCase(),
        items,
        discount: order.amountDiscount ? formatMoney(order.amountDiscount, order.currency) : null,
        total: order.amountTotal ? formatMoney(order.amountTotal, order.currency) : "Free",
        paidWith: paid?.payment ?? null,
        libraryUrl: tenantUrl(site?.customDomain ?? school.slug, "/library"),
      });
      await sendEmail({ to, subject, react: element, tag: "order-receipt", scope });
      return { sent: true };
    });
    // A buyer who has never proven their address (checked out by email) gets a sign-in link with the
    // receipt, on the school's host: sessions are per host, and the link opens their library there.
    await step.run("sign-in-link", async () => {
      const [buyer, found] = await Promise.all([findUserById(d.studentUserId), getOrder(scope, d.orderId)]);
      // Signed in at checkout: they are in already (a password or a link they used); no second way in is mailed.
      if (!buyer || buyer.emailVerified || found?.order.buyerSignedIn) return { sent: false };
      const school = await getCreatorOrThrow(scope);
      const site = await findSiteRecord({ kind: "subdomain", slug: school.slug });
      // The link is used on the school's subdomain (one-time links never go to a custom domain, whose DNS is
      // the school's: src/lib/tenant/account-host.ts) and hands the session on to its custom domain if it has one.
      const host = new URL(tenantUrl(school.slug)).host;
      const auth = await getAuthForHost(host);
      const callbackURL = tenantUrl(school.slug, afterSignIn({ customDomain: site?.customDomain ?? null, next: "/library" }));
      try {
        await auth.api.signInMagicLink({ body: { email: buyer.email, callbackURL }, headers: new Headers({ host }) });
      } catch (err) {
        // Not a reason to fail the order: the sign-in page sends another link on request.
        return { sent: false, reason: err instanceof Error ? err.message : String(err) };
      }
      return { sent: true };
    });
    await step.run("meter", () => recordUsage(scope, { metric: "orders", quantity: 1, key: `order:${d.orderId}` }));
    return { enrolled: enrolled.length };
  },
);

/** A full refund, or a subscription that ended unpaid, takes back the access the order gave (a partial refund keeps it). */
export const revokeRefundedAccessFunction = inngest.createFunction(
  {
    id: "revoke-refunded-access",
    name: "Revoke the access of a refunded order or an ended subscription",
    triggers: [{ event: "commerce/order.refunded" }, { event: "commerce/subscription.ended" }],
    retries: 8,
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"commerce/order.refunded">;
    return step.run("revoke", () => revokeForOrder(systemScope(d.creatorId), d.orderId));
  },
);

/** Dunning: an instalment or renewal failed; the student gets the school's email with Stripe's page to pay it. */
export const sendPaymentFailedEmailFunction = inngest.createFunction(
  { id: "send-payment-failed-email", name: "Email a failed payment", triggers: [{ event: "commerce/payment.failed" }], retries: 5 },
  async ({ event, step }) => {
    const d = event.data as EventData<"commerce/payment.failed">;
    return step.run("send", async () => {
      const scope = systemScope(d.creatorId);
      const school = await getCreatorOrThrow(scope);
      const { subject, element } = renderTemplate("payment-failed", {
        brand: await brandOf(d.creatorId),
        schoolName: school.name,
        offerName: d.offerName,
        amount: formatMoney(d.amount.amountMinor, d.amount.currency),
        fixUrl: d.fixUrl,
      });
      return sendEmail({ to: d.email, subject, react: element, tag: "payment-failed", scope });
    });
  },
);
