import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { recordEmailMessage } from "@/db/queries/email";
import { recordUsage } from "@/db/queries/usage";
import type { TenantScope } from "@/db/scope";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getTransport } from "./transports";

export type SendEmailInput = {
  to: string;
  subject: string;
  react: ReactElement;
  /** What kind of mail this is (verify-email, magic-link, broadcast, …) — for filtering and metrics. */
  tag: string;
  /** The tenant the mail is sent for; null for platform mail. */
  scope: TenantScope | null;
  from?: string;
  replyTo?: string;
  headers?: Record<string, string>;
};

export type SendEmailResult = { id: string; status: "sent" | "failed"; providerMessageId: string | null };

/**
 * The one path every email takes: render the React Email template, hand it to the configured
 * transport (outbox, Resend or SMTP) and record it. Delivery failures are recorded and rethrown
 * so the caller's job can retry.
 */
export async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
  const html = await render(input.react);
  const text = await render(input.react, { plainText: true });
  const from = input.from ?? env().EMAIL_FROM;
  const transport = getTransport();
  let providerMessageId: string | null = null;
  let error: string | null = null;
  try {
    providerMessageId = await transport.send({ from, to: input.to, subject: input.subject, html, text, replyTo: input.replyTo, headers: input.headers });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const row = await recordEmailMessage(input.scope, {
    transport: transport.name,
    toAddress: input.to.toLowerCase(),
    fromAddress: from,
    subject: input.subject,
    html,
    text,
    tag: input.tag,
    status: error ? "failed" : "sent",
    providerMessageId,
    error,
  });
  if (error) {
    logger.error("email.send_failed", { tag: input.tag, transport: transport.name, error });
    throw new Error(`Email could not be sent (${transport.name}): ${error}`);
  }
  // Metered per tenant (emails per month); the message id makes a retried send count once.
  if (input.scope) await recordUsage(input.scope, { metric: "emails", quantity: 1, key: `email:${row.id}` });
  return { id: row.id, status: "sent", providerMessageId };
}
