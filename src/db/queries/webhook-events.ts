import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../client";
import { webhookEventsIn } from "../schema";

/**
 * Incoming webhook events (Stripe Connect now; HeyGen and Mux next), recorded once by provider and event
 * id. A redelivery finds the row and changes nothing; an event whose handling failed is recorded with its
 * error and handled again when the provider retries it.
 */
export type WebhookEventIn = typeof webhookEventsIn.$inferSelect;

/** Record an event; `fresh` is false when it was already handled (a redelivery). */
export async function recordWebhookEvent(e: {
  provider: string;
  eventId: string;
  type: string;
  account: string | null;
  creatorId: string | null;
}): Promise<{ id: string; state: "fresh" | "done" | "in_progress" }> {
  const db = await getDb();
  const [inserted] = await db
    .insert(webhookEventsIn)
    .values(e)
    .onConflictDoNothing({ target: [webhookEventsIn.provider, webhookEventsIn.eventId] })
    .returning({ id: webhookEventsIn.id });
  if (inserted) return { id: inserted.id, state: "fresh" };
  // Handled before: a no-op. Failed before (or abandoned by a crash a while ago): handled again now.
  // Being handled by a concurrent delivery right now: "in_progress" (the caller answers so that it is retried).
  const [row] = await db
    .update(webhookEventsIn)
    .set({ receivedAt: new Date(), error: null })
    .where(
      and(
        eq(webhookEventsIn.provider, e.provider),
        eq(webhookEventsIn.eventId, e.eventId),
        isNull(webhookEventsIn.processedAt),
        sql`(${webhookEventsIn.error} is not null or ${webhookEventsIn.receivedAt} < now() - interval '60 seconds')`,
      ),
    )
    .returning({ id: webhookEventsIn.id });
  if (row) return { id: row.id, state: "fresh" };
  const [existing] = await db
    .select({ id: webhookEventsIn.id, processedAt: webhookEventsIn.processedAt })
    .from(webhookEventsIn)
    .where(and(eq(webhookEventsIn.provider, e.provider), eq(webhookEventsIn.eventId, e.eventId)));
  return { id: existing!.id, state: existing!.processedAt ? "done" : "in_progress" };
}

export async function markWebhookEvent(id: string, outcome: { error: string | null }): Promise<void> {
  const db = await getDb();
  await db
    .update(webhookEventsIn)
    .set(outcome.error ? { error: outcome.error.slice(0, 1000) } : { processedAt: new Date(), error: null })
    .where(eq(webhookEventsIn.id, id));
}
