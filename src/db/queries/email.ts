import { and, desc, eq, ilike, sql } from "drizzle-orm";
import { getDb } from "../client";
import { emailMessages } from "../schema";
import type { TenantScope } from "../scope";

export type EmailMessage = typeof emailMessages.$inferSelect;
export type NewEmailMessage = typeof emailMessages.$inferInsert;

/** Record a message (platform mail has scope null). */
export async function recordEmailMessage(scope: TenantScope | null, msg: Omit<NewEmailMessage, "creatorId" | "id" | "createdAt">) {
  const db = await getDb();
  const [row] = await db
    .insert(emailMessages)
    .values({ ...msg, creatorId: scope?.creatorId ?? null })
    .returning();
  return row!;
}

/** A tenant's own sent mail. */
export async function listTenantEmails(scope: TenantScope, limit = 50) {
  const db = await getDb();
  return db.select().from(emailMessages).where(eq(emailMessages.creatorId, scope.creatorId)).orderBy(desc(emailMessages.createdAt)).limit(limit);
}

/**
 * The local outbox viewer (only active with the outbox transport, on the app host).
 * It is a developer tool over the whole outbox, like a local MailHog.
 */
export async function listOutbox(filter: { to?: string; limit?: number } = {}) {
  const db = await getDb();
  const conds = [eq(emailMessages.transport, "outbox")];
  if (filter.to) conds.push(ilike(emailMessages.toAddress, filter.to));
  return db
    .select({
      id: emailMessages.id,
      to: emailMessages.toAddress,
      subject: emailMessages.subject,
      tag: emailMessages.tag,
      createdAt: emailMessages.createdAt,
      creatorId: emailMessages.creatorId,
    })
    .from(emailMessages)
    .where(and(...conds))
    .orderBy(desc(emailMessages.createdAt))
    .limit(filter.limit ?? 100);
}

/** How many messages the local outbox holds, and how many arrived in the last 24 hours (the admin home). */
export async function countOutbox(): Promise<{ total: number; lastDay: number }> {
  const db = await getDb();
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, lastDay: sql<number>`count(*) filter (where ${emailMessages.createdAt} > now() - interval '1 day')::int` })
    .from(emailMessages)
    .where(eq(emailMessages.transport, "outbox"));
  return { total: row?.total ?? 0, lastDay: row?.lastDay ?? 0 };
}

export async function findOutboxMessage(id: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.id, id), eq(emailMessages.transport, "outbox")));
  return row ?? null;
}
