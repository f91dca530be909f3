import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { creators } from "./tenants";

export const emailStatus = pgEnum("email_status", ["sent", "failed"]);

/**
 * Every email the platform sends, whatever the transport. With the local "outbox"
 * transport this table *is* the delivery: the mail viewer at app.<root>/dev/outbox reads it.
 * creator_id is null for platform mail (e.g. a creator's own sign-up verification).
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid().references(() => creators.id, { onDelete: "cascade" }),
    transport: text().notNull(),
    toAddress: text().notNull(),
    fromAddress: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    tag: text().notNull(),
    status: emailStatus().notNull(),
    providerMessageId: text(),
    error: text(),
    meta: jsonb().$type<Record<string, string>>(),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("email_messages_to_created_idx").on(t.toAddress, t.createdAt), index("email_messages_creator_idx").on(t.creatorId, t.createdAt)],
);
