import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { courses, lessons } from "./courses";
import { createdAt, tenantId, updatedAt } from "./columns";

export const offerType = pgEnum("offer_type", ["one_time", "subscription", "payment_plan", "free"]);
export const offerStatus = pgEnum("offer_status", ["draft", "active", "archived"]);

/** What a student buys. An offer grants one or more courses. */
export const offers = pgTable(
  "offers",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    name: text().notNull(),
    type: offerType().notNull(),
    status: offerStatus().notNull().default("draft"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("offers_creator_idx").on(t.creatorId)],
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

export const orderStatus = pgEnum("order_status", ["pending", "paid", "refunded", "failed"]);

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
    currency: text().notNull(),
    amountTotal: integer().notNull(),
    platformFee: integer().notNull().default(0),
    stripeCheckoutSessionId: text(),
    stripePaymentIntentId: text(),
    createdAt: createdAt(),
    paidAt: timestamp({ withTimezone: true }),
    refundedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("orders_creator_created_idx").on(t.creatorId, t.createdAt), uniqueIndex("orders_checkout_session_uq").on(t.stripeCheckoutSessionId)],
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
  },
  (t) => [uniqueIndex("enrollments_user_course_uq").on(t.creatorId, t.userId, t.courseId), index("enrollments_creator_course_idx").on(t.creatorId, t.courseId)],
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
