import { bigint, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantId, updatedAt } from "./columns";

/**
 * Metered usage: facts recorded by the features (an email sent, bytes stored, video minutes
 * transcoded, AI credits spent), each with an idempotency key so a retried job counts once.
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    metric: text().notNull(),
    quantity: bigint({ mode: "number" }).notNull(),
    idempotencyKey: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex("usage_events_idem_uq").on(t.creatorId, t.idempotencyKey),
    index("usage_events_creator_metric_time_idx").on(t.creatorId, t.metric, t.occurredAt),
  ],
);

/** Per-period totals derived from usage_events (by the rollup function, or on demand). */
export const usageCounters = pgTable(
  "usage_counters",
  { creatorId: tenantId(), metric: text().notNull(), periodStart: date().notNull(), quantity: bigint({ mode: "number" }).notNull(), updatedAt: updatedAt() },
  (t) => [primaryKey({ columns: [t.creatorId, t.metric, t.periodStart] })],
);

/** The 80% warning email goes out once per tenant, metric and period (YYYY-MM). */
export const limitWarnings = pgTable(
  "limit_warnings",
  { creatorId: tenantId(), metric: text().notNull(), period: text().notNull(), sentAt: timestamp({ withTimezone: true }).defaultNow().notNull() },
  (t) => [primaryKey({ columns: [t.creatorId, t.metric, t.period] })],
);
