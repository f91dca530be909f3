import type { ReactElement } from "react";
import type { EMAIL_TEMPLATES } from "@/inngest/events";
import { LimitWarning, type LimitWarningProps } from "./limit-warning";
import { MagicLink, type MagicLinkProps } from "./magic-link";
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
};

/** Template name → subject and element, so a queued email can carry plain JSON props. */
export const EMAIL_REGISTRY: { [K in TemplateName]: (p: Props[K]) => { subject: string; element: ReactElement } } = {
  "verify-email": (p) => ({ subject: `Confirm your email for ${p.brand.name}`, element: <VerifyEmail {...p} /> }),
  "reset-password": (p) => ({ subject: `Reset your ${p.brand.name} password`, element: <ResetPassword {...p} /> }),
  "magic-link": (p) => ({ subject: `Your sign-in link for ${p.brand.name}`, element: <MagicLink {...p} /> }),
  "team-invite": (p) => ({ subject: `${p.inviterName} invited you to ${p.schoolName} on Courseforge`, element: <TeamInvite {...p} /> }),
  "limit-warning": (p) => ({ subject: `${p.schoolName}: ${p.used} of ${p.limit} ${p.metricLabel} used`, element: <LimitWarning {...p} /> }),
};

export type TemplateProps<K extends TemplateName> = Props[K];

export function renderTemplate<K extends TemplateName>(name: K, props: Props[K]) {
  return (EMAIL_REGISTRY[name] as (p: Props[K]) => { subject: string; element: ReactElement })(props);
}
