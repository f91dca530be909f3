import Stripe from "stripe";
import { pastDueSince } from "@/db/queries/platform-billing";
import { stripeBilling } from "@/lib/platform-billing/stripe";
import { PAST_DUE_GRACE_MS, syncSubscription } from "@/lib/platform-billing/stripe-events";
import { logger } from "@/lib/logger";
import { inngest } from "../client";

/**
 * Daily: a school whose subscription has been past_due for longer than the grace period falls back
 * to Free even if no webhook arrives. Each candidate is re-read from Stripe and applied through the
 * same path as the webhooks (syncSubscription: paid again → plan kept; still past_due → Free), so a
 * retried or repeated run changes nothing more. Nothing to do in test mode (no Stripe).
 */
export const pastDueGraceFunction = inngest.createFunction(
  { id: "past-due-grace", name: "End past-due grace periods", triggers: [{ cron: "30 4 * * *" }], retries: 3 },
  async ({ step }) => {
    const billing = stripeBilling();
    if (!billing) return { checked: 0, downgraded: 0 };
    const due = await step.run("list-past-due", async () =>
      (await pastDueSince(new Date(Date.now() - PAST_DUE_GRACE_MS))).map((s) => s.stripeSubscriptionId).filter((id): id is string => !!id),
    );
    let downgraded = 0;
    for (let i = 0; i < due.length; i += 50) {
      const batch = due.slice(i, i + 50);
      downgraded += await step.run(`check-${i / 50}`, async () => {
        let n = 0;
        for (const id of batch) {
          try {
            const r = await syncSubscription(billing, id);
            if (r.changed && r.plan === "free") n++;
          } catch (err) {
            // One subscription Stripe does not know (deleted, another account's) must not hold up the
            // others; anything else (Stripe unreachable) fails the step, which is retried.
            if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
            logger.warn("billing.past_due_check_failed", { subscription: id, code: err.code });
          }
        }
        return n;
      });
    }
    return { checked: due.length, downgraded };
  },
);
