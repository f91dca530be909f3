import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { courses, lessons, mediaAssets } from "./courses";
import { createdAt, tenantId, updatedAt } from "./columns";
import { creators } from "./tenants";

export const offerType = pgEnum("offer_type", ["one_time", "subscription", "payment_plan", "free"]);
export const offerStatus = pgEnum("offer_status", ["draft", "active", "archived"]);

/** What a student buys. An offer grants one or more courses. */
export const offers = pgTable(
  "offers",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    name: text().notNull(),
    /** What the checkout page says about it (plain text). */
    description: text(),
    type: offerType().notNull(),
    status: offerStatus().notNull().default("draft"),
    /** The order bump: a second offer added with one tick on this offer's checkout page. */
    bumpOfferId: uuid().references((): AnyPgColumn => offers.id, { onDelete: "set null" }),
    bumpHeadline: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("offers_creator_idx").on(t.creatorId), check("offers_bump_not_self", sql`${t.bumpOfferId} is null or ${t.bumpOfferId} <> ${t.id}`)],
);

export const offerCourses = pgTable(
  "offer_courses",
  {
    creatorId: tenantId(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.courseId] }), index("offer_courses_creator_idx").on(t.creatorId)],
);

export const priceInterval = pgEnum("price_interval", ["month", "year"]);

/** Money in integer minor units with an ISO currency code. */
export const prices = pgTable(
  "prices",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    currency: text().notNull().default("usd"),
    amount: integer().notNull(),
    interval: priceInterval(),
    installments: integer(),
    stripePriceId: text(),
    createdAt: createdAt(),
  },
  (t) => [index("prices_creator_idx").on(t.creatorId), index("prices_offer_idx").on(t.offerId)],
);

/**
 * Discount codes. Exactly one of percent_off / amount_off (+ currency). `offer_ids` null = every offer.
 * `redeemed` counts paid and pending orders that hold a redemption; the conditional increment in
 * src/db/queries/coupons.ts never takes it past `max_redemptions` (a CHECK guards it too).
 */
export const coupons = pgTable(
  "coupons",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    code: text().notNull(),
    percentOff: integer(),
    amountOff: integer(),
    currency: text(),
    offerIds: uuid().array(),
    maxRedemptions: integer(),
    redeemed: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coupons_creator_code_uq").on(t.creatorId, sql`lower(${t.code})`),
    check("coupons_one_discount", sql`(${t.percentOff} is null) <> (${t.amountOff} is null)`),
    check("coupons_percent_range", sql`${t.percentOff} is null or (${t.percentOff} between 1 and 100)`),
    check("coupons_amount_currency", sql`${t.amountOff} is null or (${t.amountOff} > 0 and ${t.currency} is not null)`),
    check("coupons_redeemed_range", sql`${t.redeemed} >= 0 and (${t.maxRedemptions} is null or ${t.redeemed} <= ${t.maxRedemptions})`),
  ],
);

export const orderStatus = pgEnum("order_status", ["pending", "paid", "refunded", "failed"]);
export const paymentMode = pgEnum("payment_mode", ["stripe", "test", "free"]);

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text().references(() => user.id, { onDelete: "set null" }),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: "restrict" }),
    priceId: uuid().references(() => prices.id, { onDelete: "set null" }),
    status: orderStatus().notNull().default("pending"),
    /** Where the money went: Stripe (the creator's connected account), the labelled test-payment mode, or nowhere (free). */
    paymentMode: paymentMode().notNull().default("stripe"),
    /** The buyer's address as given at checkout (the account it belongs to is `user_id`). */
    email: text(),
    /** Bought while signed in on the school's host (else by the address typed, which proves nothing yet). */
    buyerSignedIn: boolean().notNull().default(false),
    bumpOfferId: uuid().references(() => offers.id, { onDelete: "restrict" }),
    couponId: uuid().references(() => coupons.id, { onDelete: "set null" }),
    currency: text().notNull(),
    /** Before the discount: the offer's price plus the bump's (`amount_bump`). */
    amountSubtotal: integer().notNull().default(0),
    amountBump: integer().notNull().default(0),
    amountDiscount: integer().notNull().default(0),
    amountTotal: integer().notNull(),
    amountRefunded: integer().notNull().default(0),
    platformFee: integer().notNull().default(0),
    stripeCheckoutSessionId: text(),
    stripePaymentIntentId: text(),
    createdAt: createdAt(),
    paidAt: timestamp({ withTimezone: true }),
    /** When fulfil-order gave the access (the library waits for it after a purchase). */
    fulfilledAt: timestamp({ withTimezone: true }),
    refundedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("orders_creator_created_idx").on(t.creatorId, t.createdAt),
    index("orders_creator_paid_idx").on(t.creatorId, t.paidAt),
    uniqueIndex("orders_checkout_session_uq").on(t.stripeCheckoutSessionId),
    check("orders_amounts", sql`${t.amountTotal} >= 0 and ${t.amountDiscount} >= 0 and ${t.amountRefunded} between 0 and ${t.amountTotal}`),
  ],
);

export const enrollmentSource = pgEnum("enrollment_source", ["order", "free", "manual"]);
export const enrollmentStatus = pgEnum("enrollment_status", ["active", "revoked"]);

export const enrollments = pgTable(
  "enrollments",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    source: enrollmentSource().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: "set null" }),
    status: enrollmentStatus().notNull().default("active"),
    enrolledAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Where the student left off (resume), and when. */
    lastLessonId: uuid().references(() => lessons.id, { onDelete: "set null" }),
    lastAccessedAt: timestamp({ withTimezone: true }),
    /** When every lesson of the course was complete (set once; the completion fact goes with it). */
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("enrollments_user_course_uq").on(t.creatorId, t.userId, t.courseId), index("enrollments_creator_course_idx").on(t.creatorId, t.courseId)],
);

/** A student's attempt at a quiz lesson: what they answered, the score, whether it passed. */
export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    answers: jsonb().$type<Record<string, unknown>>().notNull(),
    score: integer().notNull(),
    passed: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("quiz_attempts_user_lesson_attempt_uq").on(t.userId, t.lessonId, t.attempt),
    index("quiz_attempts_creator_lesson_idx").on(t.creatorId, t.lessonId, t.userId),
  ],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    lastPositionSeconds: integer().notNull().default(0),
    completedAt: timestamp({ withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lesson_progress_user_lesson_uq").on(t.userId, t.lessonId), index("lesson_progress_creator_course_idx").on(t.creatorId, t.courseId)],
);

/**
 * A school's own Stripe account (Stripe Connect, Express), where its students pay it directly with
 * Courseforge's fee taken by Stripe. The state is Stripe's, kept current by `account.updated` webhooks.
 * Disconnecting stops new checkouts; what was sold stays.
 */
export const stripeAccounts = pgTable(
  "stripe_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    stripeAccountId: text().notNull(),
    detailsSubmitted: boolean().notNull().default(false),
    chargesEnabled: boolean().notNull().default(false),
    payoutsEnabled: boolean().notNull().default(false),
    /** What Stripe still needs (requirements.currently_due), as Stripe names it. */
    requirementsDue: jsonb().$type<string[]>().notNull().default([]),
    disabledReason: text(),
    /** Stripe Tax computes and adds sales tax / VAT at checkout. */
    automaticTax: boolean().notNull().default(false),
    disconnectedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("stripe_accounts_creator_uq").on(t.creatorId), uniqueIndex("stripe_accounts_account_uq").on(t.stripeAccountId)],
);

/** Every webhook event received, recorded once (the unique key makes a redelivery a no-op). */
export const webhookEventsIn = pgTable(
  "webhook_events_in",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    /** The connected account the event is about (Stripe Connect), if any. */
    account: text(),
    creatorId: uuid().references(() => creators.id, { onDelete: "cascade" }),
    receivedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    processedAt: timestamp({ withTimezone: true }),
    error: text(),
  },
  (t) => [uniqueIndex("webhook_events_in_provider_event_uq").on(t.provider, t.eventId), index("webhook_events_in_creator_idx").on(t.creatorId, t.receivedAt)],
);

export const studentSubscriptionStatus = pgEnum("student_subscription_status", ["active", "past_due", "canceled", "completed"]);

/** A student's recurring offer or payment plan, mirrored from the connected account's subscription. */
export const studentSubscriptions = pgTable(
  "student_subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text().references(() => user.id, { onDelete: "set null" }),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: "restrict" }),
    orderId: uuid().references(() => orders.id, { onDelete: "set null" }),
    stripeSubscriptionId: text().notNull(),
    status: studentSubscriptionStatus().notNull().default("active"),
    /** Invoices paid so far (their count is the instalments paid; a redelivered invoice counts once). */
    paidInvoices: text().array().notNull().default([]),
    /** A payment plan's instalment count (null for an ongoing subscription). */
    installmentsTotal: integer(),
    currentPeriodEnd: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("student_subscriptions_stripe_uq").on(t.stripeSubscriptionId), index("student_subscriptions_creator_idx").on(t.creatorId)],
);

/**
 * How much of a lesson's video a student watched: seconds actually played (counted by the player, capped
 * by the wall clock on the server) and the furthest position reached, one row per student and lesson.
 * It resumes playback where they stopped, completes the lesson past the watched threshold, and feeds the
 * drop-off analytics.
 */
export const videoViews = pgTable(
  "video_views",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    mediaAssetId: uuid()
      .notNull()
      .references(() => mediaAssets.id, { onDelete: "cascade" }),
    secondsWatched: integer().notNull().default(0),
    furthestSeconds: integer().notNull().default(0),
    lastPositionSeconds: integer().notNull().default(0),
    durationSeconds: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("video_views_user_lesson_uq").on(t.creatorId, t.userId, t.lessonId), index("video_views_creator_lesson_idx").on(t.creatorId, t.lessonId)],
);
