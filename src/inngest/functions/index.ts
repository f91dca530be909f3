import { abortStaleUploadsFunction } from "./abort-stale-uploads";
import { courseCompletedFunction } from "./course-completed";
import { generateCourseFunction } from "./generate-course";
import { generateOutlineFunction } from "./generate-outline";
import { regenerateAiPieceFunction } from "./regenerate-ai-piece";
import { regenerateOutlinePartFunction } from "./regenerate-outline-part";
import { settleCanceledGenerationFunction } from "./settle-canceled-generation";
import { fulfilOrderFunction, revokeRefundedAccessFunction, sendPaymentFailedEmailFunction } from "./fulfil-order";
import { importMuxVideoFunction } from "./import-mux-video";
import { grantMonthlyCreditsFunction } from "./grant-monthly-credits";
import { grantSchoolCreditsFunction } from "./grant-school-credits";
import { pastDueGraceFunction } from "./past-due-grace";
import { processVideoFunction } from "./process-video";
import { renderAvatarVideoFunction } from "./render-avatar-video";
import { rollupUsageFunction } from "./rollup-usage";
import {
  sendMagicLinkEmailFunction,
  sendPasswordResetEmailFunction,
  sendTeamInvitationEmailFunction,
  sendVerificationEmailFunction,
} from "./send-account-emails";
import { sendEmailFunction } from "./send-email";
import { recheckDomainsFunction, verifyDomainFunction } from "./verify-domain";

/** Every durable function of the product (served at /api/inngest; the embedded executor learns them by sync). */
export const functions = [
  sendEmailFunction,
  sendPasswordResetEmailFunction,
  sendVerificationEmailFunction,
  sendMagicLinkEmailFunction,
  sendTeamInvitationEmailFunction,
  grantMonthlyCreditsFunction,
  grantSchoolCreditsFunction,
  rollupUsageFunction,
  pastDueGraceFunction,
  fulfilOrderFunction,
  revokeRefundedAccessFunction,
  sendPaymentFailedEmailFunction,
  courseCompletedFunction,
  verifyDomainFunction,
  recheckDomainsFunction,
  processVideoFunction,
  abortStaleUploadsFunction,
  importMuxVideoFunction,
  generateOutlineFunction,
  regenerateOutlinePartFunction,
  generateCourseFunction,
  regenerateAiPieceFunction,
  settleCanceledGenerationFunction,
  renderAvatarVideoFunction,
];
