import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { user } from "./auth";

export const memberRole = pgEnum("member_role", ["owner", "admin", "editor"]);
export type MemberRole = (typeof memberRole.enumValues)[number];

export type Branding = {
  primaryColor: string;
  accentColor: string;
  font: "system" | "serif" | "rounded" | "mono";
  logoUrl: string | null;
  faviconUrl: string | null;
  tagline: string | null;
  /** "About" on the school's home page (plain text, paragraphs by blank lines). */
  about?: string | null;
};

export const DEFAULT_BRANDING: Branding = { primaryColor: "#4f46e5", accentColor: "#f59e0b", font: "system", logoUrl: null, faviconUrl: null, tagline: null };

/** A tenant: one creator's school. Every tenant-owned row elsewhere points here. */
export const creators = pgTable(
  "creators",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    branding: jsonb().$type<Branding>().notNull().default(DEFAULT_BRANDING),
    plan: text().notNull().default("free"),
    /** The school's Stripe customer for its Courseforge plan and credit packs (one per school; created on first need). */
    stripeCustomerId: text(),
    /** Editors may run AI course generation (spending the school's credits); owners and admins always may. Set by an owner. */
    aiForEditors: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex("creators_slug_uq").on(t.slug),
    uniqueIndex("creators_stripe_customer_uq").on(t.stripeCustomerId),
    check("creators_slug_format", sql`${t.slug} ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'`),
  ],
);

/** Creator team: who may work in a tenant's dashboard, and as what. */
export const creatorMembers = pgTable(
  "creator_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [uniqueIndex("creator_members_creator_user_uq").on(t.creatorId, t.userId), index("creator_members_user_idx").on(t.userId)],
);

/** Pending team invitations. Only a hash of the token is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedBy: text().references(() => user.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index("invitations_creator_idx").on(t.creatorId),
    uniqueIndex("invitations_token_uq").on(t.tokenHash),
    // one open invitation per address and tenant
    uniqueIndex("invitations_open_uq")
      .on(t.creatorId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * Custom domains; a domain serves a tenant only once verified. A domain added as an apex or `www.` name
 * brings its twin (`www.example.com` ↔ `example.com`) as a row with `parentId`: verified and removed with
 * it, and redirecting to the school's canonical host. Several schools may claim a name while it is
 * unverified; only one can ever hold it verified (partial unique index), which is what serving looks up.
 */
export const domains = pgTable(
  "domains",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    hostname: text().notNull(),
    parentId: uuid().references((): AnyPgColumn => domains.id, { onDelete: "cascade" }),
    /** The school's canonical host among its verified domains (at most one per school). */
    isPrimary: boolean().default(false).notNull(),
    verificationToken: text().notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    lastCheckedAt: timestamp({ withTimezone: true }),
    /** What the last DNS check found missing, in words a creator can act on. */
    lastCheckError: text(),
    /** A verified domain whose records have been missing since then (the daily re-check); cleared when they are back. */
    failingSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex("domains_verified_hostname_uq")
      .on(t.hostname)
      .where(sql`${t.verifiedAt} is not null`),
    uniqueIndex("domains_creator_hostname_uq").on(t.creatorId, t.hostname),
    uniqueIndex("domains_primary_uq")
      .on(t.creatorId)
      .where(sql`${t.isPrimary}`),
    index("domains_hostname_idx").on(t.hostname),
  ],
);

export const studentStatus = pgEnum("student_status", ["active", "blocked"]);

/** A person's membership of a tenant as a student (one per tenant). */
export const students = pgTable(
  "students",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: studentStatus().notNull().default("active"),
    /** The creator's labels for this student (segments, imports, cohorts). */
    tags: text().array().notNull().default([]),
    /** Last seen on the school's student pages (updated at most hourly). */
    lastActiveAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [uniqueIndex("students_creator_user_uq").on(t.creatorId, t.userId), index("students_user_idx").on(t.userId)],
);

/** Who did what, per tenant. Written in the same transaction as the change. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: uuid()
      .notNull()
      .references(() => creators.id, { onDelete: "cascade" }),
    actorUserId: text().references(() => user.id, { onDelete: "set null" }),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("audit_logs_creator_created_idx").on(t.creatorId, t.createdAt)],
);
