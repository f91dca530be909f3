import { timestamp, uuid } from "drizzle-orm/pg-core";
import { creators } from "./tenants";

/**
 * Column helpers shared by every tenant table (see docs/data-model.md conventions).
 * `tenantId()` is the non-null `creator_id` that scopes a row to one creator; deleting the creator
 * deletes its rows. Index it in the table's own index list (usually first in a composite index).
 */
export const tenantId = () =>
  uuid()
    .notNull()
    .references(() => creators.id, { onDelete: "cascade" });

/** `created_at timestamptz not null default now()` */
export const createdAt = () => timestamp({ withTimezone: true }).defaultNow().notNull();
/** `updated_at timestamptz not null default now()` (set it in every update) */
export const updatedAt = () => timestamp({ withTimezone: true }).defaultNow().notNull();
