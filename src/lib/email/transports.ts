import "server-only";
import { Resend } from "resend";
import { env } from "@/lib/env";

export type OutgoingMail = { from: string; to: string; subject: string; html: string; text: string; replyTo?: string; headers?: Record<string, string> };

export interface EmailTransport {
  name: "outbox" | "resend" | "smtp";
  /** Deliver; returns the provider's message id (null for the outbox). Throws on failure. */
  send(mail: OutgoingMail): Promise<string | null>;
}

/** Local default: the message row in email_messages is the delivery (see /dev/outbox). */
const outbox: EmailTransport = { name: "outbox", send: async () => null };

function resendTransport(): EmailTransport {
  const e = env();
  // RESEND_BASE_URL points the real SDK at a local fake in tests.
  const client = new Resend(e.RESEND_API_KEY, e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL } : undefined);
  return {
    name: "resend",
    async send(mail) {
      const { data, error } = await client.emails.send({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        replyTo: mail.replyTo,
        headers: mail.headers,
      });
      if (error) throw new Error(`${error.name}: ${error.message}`);
      return data?.id ?? null;
    },
  };
}

function smtpTransport(): EmailTransport {
  let transporter: import("nodemailer").Transporter | undefined;
  return {
    name: "smtp",
    async send(mail) {
      if (!transporter) {
        const nodemailer = await import("nodemailer");
        transporter = nodemailer.createTransport(env().SMTP_URL);
      }
      const info = await transporter.sendMail(mail);
      return info.messageId ?? null;
    },
  };
}

let current: EmailTransport | undefined;

export function getTransport(): EmailTransport {
  if (current) return current;
  const kind = env().emailTransport;
  current = kind === "resend" ? resendTransport() : kind === "smtp" ? smtpTransport() : outbox;
  return current;
}
