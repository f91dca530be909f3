import { sql } from "drizzle-orm";
import { bigint, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt, tenantId } from "./columns";
import { creators } from "./tenants";

/**
 * The double-entry credit ledger. Every transaction's postings sum to zero — enforced by a deferred
 * constraint trigger in the database (drizzle/0003_ledger_invariants.sql), not only by code.
 * Creator accounts (available, held) can never go negative (CHECK on the cached balance, which is
 * updated in the same transaction as the postings). Platform accounts are shared by every tenant;
 * their balance column stays 0 and their balance is derived from postings (no hot row).
 */
export const creditAccountKind = pgEnum("credit_account_kind", [
  "available",
  "held",
  "platform_grants",
  "platform_sales",
  "platform_consumption",
  "platform_adjustments",
]);

export const creditAccounts = pgTable(
  "credit_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid().references(() => creators.id, { onDelete: "cascade" }),
    kind: creditAccountKind().notNull(),
    balance: bigint({ mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_accounts_creator_kind_uq")
      .on(t.creatorId, t.kind)
      .where(sql`${t.creatorId} is not null`),
    uniqueIndex("credit_accounts_platform_kind_uq")
      .on(t.kind)
      .where(sql`${t.creatorId} is null`),
    check("credit_accounts_owner_kind", sql`(${t.creatorId} is null) = (${t.kind}::text like 'platform_%')`),
    check("credit_accounts_creator_nonnegative", sql`${t.creatorId} is null or ${t.balance} >= 0`),
  ],
);

export const creditTxKind = pgEnum("credit_tx_kind", ["grant", "purchase", "hold", "capture", "release", "refund", "adjustment", "purchase_reversal"]);

export const creditTransactions = pgTable(
  "credit_transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    kind: creditTxKind().notNull(),
    idempotencyKey: text().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    holdId: uuid(),
    /** What this transaction gives back: a refund → the capture it refunds; a purchase reversal → the purchase. */
    reversesId: uuid().references((): AnyPgColumn => creditTransactions.id),
    reason: text(),
    actorUserId: text().references(() => user.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_transactions_idem_uq").on(t.creatorId, t.idempotencyKey),
    index("credit_transactions_creator_created_idx").on(t.creatorId, t.createdAt),
    index("credit_transactions_reverses_idx")
      .on(t.reversesId)
      .where(sql`${t.reversesId} is not null`),
  ],
);

export const creditPostings = pgTable(
  "credit_postings",
  {
    id: uuid().primaryKey().defaultRandom(),
    transactionId: uuid()
      .notNull()
      .references(() => creditTransactions.id, { onDelete: "cascade" }),
    accountId: uuid()
      .notNull()
      .references(() => creditAccounts.id, { onDelete: "cascade" }),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    index("credit_postings_tx_idx").on(t.transactionId),
    index("credit_postings_account_idx").on(t.accountId),
    check("credit_postings_nonzero", sql`${t.amount} <> 0`),
  ],
);

export const creditHoldStatus = pgEnum("credit_hold_status", ["open", "settled"]);

/** A reservation of credits for a job: captured (spent) and released (returned) parts. */
export const creditHolds = pgTable(
  "credit_holds",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    amount: bigint({ mode: "number" }).notNull(),
    captured: bigint({ mode: "number" }).notNull().default(0),
    released: bigint({ mode: "number" }).notNull().default(0),
    status: creditHoldStatus().notNull().default("open"),
    reason: text().notNull(),
    createdAt: createdAt(),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("credit_holds_creator_status_idx").on(t.creatorId, t.status),
    check("credit_holds_reconcile", sql`${t.amount} > 0 and ${t.captured} >= 0 and ${t.released} >= 0 and ${t.captured} + ${t.released} <= ${t.amount}`),
  ],
);
