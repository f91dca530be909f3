import type { ReactElement } from "react";
import type { EMAIL_TEMPLATES, EmailCommand } from "@/inngest/events";
import { CourseComplete, type CourseCompleteProps } from "./course-complete";
import { LimitWarning, type LimitWarningProps } from "./limit-warning";
import { MagicLink, type MagicLinkProps } from "./magic-link";
import { OrderReceipt, type OrderReceiptProps } from "./order-receipt";
import { PaymentFailed, type PaymentFailedProps } from "./payment-failed";
import { ResetPassword, type ResetPasswordProps } from "./reset-password";
import { TeamInvite, type TeamInviteProps } from "./team-invite";
import { VerifyEmail, type VerifyEmailProps } from "./verify-email";

export type TemplateName = (typeof EMAIL_TEMPLATES)[number];

type Props = {
  "verify-email": VerifyEmailProps;
  "reset-password": ResetPasswordProps;
  "magic-link": MagicLinkProps;
  "team-invite": TeamInviteProps;
  "limit-warning": LimitWarningProps;
  "order-receipt": OrderReceiptProps;
  "payment-failed": PaymentFailedProps;
  "course-complete": CourseCompleteProps;
};

/** Template name → subject and element, so a queued email can carry plain JSON props. */
export const EMAIL_REGISTRY: { [K in TemplateName]: (p: Props[K]) => { subject: string; element: ReactElement } } = {
  "verify-email": (p) => ({ subject: `Confirm your email for ${p.brand.name}`, element: <VerifyEmail {...p} /> }),
  "reset-password": (p) => ({ subject: `Reset your ${p.brand.name} password`, element: <ResetPassword {...p} /> }),
  "magic-link": (p) => ({ subject: `Your sign-in link for ${p.brand.name}`, element: <MagicLink {...p} /> }),
  "team-invite": (p) => ({ subject: `${p.inviterName} invited you to ${p.schoolName} on Courseforge`, element: <TeamInvite {...p} /> }),
  "limit-warning": (p) => ({ subject: `${p.schoolName}: ${p.used} of ${p.limit} ${p.metricLabel} used`, element: <LimitWarning {...p} /> }),
  "order-receipt": (p) => ({ subject: `Your receipt from ${p.schoolName}`, element: <OrderReceipt {...p} /> }),
  "payment-failed": (p) => ({ subject: `Your payment to ${p.schoolName} did not go through`, element: <PaymentFailed {...p} /> }),
  "course-complete": (p) => ({ subject: `You completed ${p.courseTitle} — your certificate is ready`, element: <CourseComplete {...p} /> }),
};

export type TemplateProps<K extends TemplateName> = Props[K];

export function renderTemplate<K extends TemplateName>(name: K, props: Props[K]) {
  return (EMAIL_REGISTRY[name] as (p: Props[K]) => { subject: string; element: ReactElement })(props);
}

/** Render an `email/send.requested` command: the template named, with its own props (narrowed, not cast). */
export function renderEmailCommand(c: EmailCommand) {
  switch (c.template) {
    case "verify-email":
      return renderTemplate("verify-email", c.props);
    case "reset-password":
      return renderTemplate("reset-password", c.props);
    case "magic-link":
      return renderTemplate("magic-link", c.props);
    case "team-invite":
      return renderTemplate("team-invite", c.props);
    case "limit-warning":
      return renderTemplate("limit-warning", c.props);
    case "order-receipt":
      return renderTemplate("order-receipt", c.props);
    case "payment-failed":
      return renderTemplate("payment-failed", c.props);
    case "course-complete":
      return renderTemplate("course-complete", c.props);
  }
}
