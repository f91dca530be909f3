import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creators } from "./tenants";

/**
 * Creator subscriptions to Courseforge, as Better Auth's Stripe plugin (@better-auth/stripe 1.7)
 * expects its `subscription` model. `referenceId` is the creator (the school pays, its owner is
 * the Stripe customer). The plugin mirrors Stripe here; `creators.plan` stays the single source the
 * limits read, set only by src/lib/billing/plan-sync.ts.
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
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("subscription_reference_idx").on(t.referenceId), uniqueIndex("subscription_stripe_id_uq").on(t.stripeSubscriptionId)],
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
