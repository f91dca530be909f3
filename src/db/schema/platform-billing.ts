import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creators } from "./tenants";

/**
 * Creator subscriptions to Courseforge: our mirror of Stripe, written by our webhook handler
 * (src/lib/platform-billing/stripe-events.ts, upsert by Stripe subscription id, state re-read from Stripe).
 * `referenceId` is the school (creator); its Stripe customer is the school's (`creators.stripe_customer_id`;
 * rows from before schools had their own customer may name a person's). The shape is the one Better
 * Auth's Stripe plugin used for this table. `creators.plan` stays the single source the limits read,
 * set only by src/lib/platform-billing/plan-sync.ts.
 */
export const subscription = pgTable(
  "subscription",
  {
    id: text().primaryKey(),
    plan: text().notNull(),
    referenceId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    stripeCustomerId: text(),
    stripeSubscriptionId: text(),
    status: text().notNull().default("incomplete"),
    periodStart: timestamp({ withTimezone: true }),
    periodEnd: timestamp({ withTimezone: true }),
    trialStart: timestamp({ withTimezone: true }),
    trialEnd: timestamp({ withTimezone: true }),
    cancelAtPeriodEnd: boolean().default(false),
    cancelAt: timestamp({ withTimezone: true }),
    canceledAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    seats: integer(),
    billingInterval: text(),
    stripeScheduleId: text(),
    /** When we first saw the subscription past_due (null otherwise): the paid plan is kept for a grace period from then. */
    pastDueSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index("subscription_reference_idx").on(t.referenceId),
    uniqueIndex("subscription_stripe_id_uq").on(t.stripeSubscriptionId),
    index("subscription_past_due_idx")
      .on(t.pastDueSince)
      .where(sql`${t.status} = 'past_due'`),
  ],
);

/**
 * Stripe events already processed (by event id), so a replayed delivery changes nothing. A row is
 * written only after the event's effects committed; a failed attempt leaves no row and Stripe retries.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    creatorId: uuid().references(() => creators.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    processedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("stripe_events_creator_idx").on(t.creatorId)],
);
