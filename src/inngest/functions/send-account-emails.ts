import { systemScope } from "@/db/scope";
import { renderTemplate } from "@/emails/registry";
import { brandOf } from "@/inngest/brand";
import { sendEmail } from "@/lib/email/send-email";
import { inngest } from "../client";
import { openEventLink } from "../links";
import type { EventData } from "../events";

/**
 * The mail an account fact calls for, composed here (branding of the school the person asked on, or
 * the platform's): a password reset, an address to confirm, a sign-in link. One step each, so a sent
 * email is never sent again on a retry of the run.
 */
const options = { retries: 5, concurrency: { limit: 10, key: "event.data.creatorId" } } as const;

export const sendPasswordResetEmailFunction = inngest.createFunction(
  { id: "send-password-reset-email", name: "Email a password reset link", triggers: [{ event: "auth/password-reset.requested" }], ...options },
  async ({ event, step }) => {
    const d = event.data as EventData<"auth/password-reset.requested">;
    return step.run("send", async () => {
      const { subject, element } = renderTemplate("reset-password", { brand: await brandOf(d.creatorId), name: d.name, url: openEventLink(d.sealedUrl) });
      return sendEmail({ to: d.email, subject, react: element, tag: "reset-password", scope: d.creatorId ? systemScope(d.creatorId) : null });
    });
  },
);

export const sendVerificationEmailFunction = inngest.createFunction(
  { id: "send-verification-email", name: "Email an address confirmation link", triggers: [{ event: "auth/email-verification.requested" }], ...options },
  async ({ event, step }) => {
    const d = event.data as EventData<"auth/email-verification.requested">;
    return step.run("send", async () => {
      const { subject, element } = renderTemplate("verify-email", { brand: await brandOf(d.creatorId), name: d.name, url: openEventLink(d.sealedUrl) });
      return sendEmail({ to: d.email, subject, react: element, tag: "verify-email", scope: d.creatorId ? systemScope(d.creatorId) : null });
    });
  },
);

export const sendMagicLinkEmailFunction = inngest.createFunction(
  { id: "send-magic-link-email", name: "Email a sign-in link", triggers: [{ event: "auth/magic-link.requested" }], ...options },
  async ({ event, step }) => {
    const d = event.data as EventData<"auth/magic-link.requested">;
    return step.run("send", async () => {
      const { subject, element } = renderTemplate("magic-link", { brand: await brandOf(d.creatorId), url: openEventLink(d.sealedUrl) });
      return sendEmail({ to: d.email, subject, react: element, tag: "magic-link", scope: d.creatorId ? systemScope(d.creatorId) : null });
    });
  },
);

export const sendTeamInvitationEmailFunction = inngest.createFunction(
  { id: "send-team-invitation-email", name: "Email a team invitation", triggers: [{ event: "team/invitation.created" }], ...options },
  async ({ event, step }) => {
    const d = event.data as EventData<"team/invitation.created">;
    return step.run("send", async () => {
      const brand = await brandOf(d.creatorId);
      const { subject, element } = renderTemplate("team-invite", {
        brand,
        inviterName: d.inviterName,
        schoolName: brand.name,
        role: d.role,
        url: openEventLink(d.sealedUrl),
      });
      return sendEmail({ to: d.email, subject, react: element, tag: "team-invite", scope: systemScope(d.creatorId) });
    });
  },
);
