import { z } from "zod";
import { SEALED_PATTERN } from "@/lib/crypto/seal";

/**
 * The events catalogue. Most events are **facts** — what happened, `<domain>/<noun>.<past-verb>`, with a
 * strict schema — recorded in the transaction of the write that made them true (src/inngest/send.ts) and
 * delivered after commit. Functions subscribe to facts and compose what follows (an email's branding,
 * links and props are the subscriber's business, not the producer's). `email/send.requested` remains
 * the one command, for ad-hoc mail, with props typed per template. Every payload carries `creatorId`
 * (null only for platform-level work, such as a creator's own sign-up mail), which keys per-tenant
 * concurrency.
 */
const creatorId = z.string().uuid().nullable();
const schoolId = z.string().uuid();
const id = z.string().min(1).max(200);
const url = z.string().url().max(4000);
const email = z.string().email().max(254);
/** A one-time link sealed for the job that emails it (src/lib/crypto/seal.ts): rows and run pages never hold it readable. */
const sealedUrl = z.string().regex(SEALED_PATTERN, "must be sealed (src/lib/crypto/seal.ts), never a readable link").max(6000);
const money = z.object({ amountMinor: z.number().int(), currency: z.string().length(3) });

const brand = z.object({ name: z.string().max(200), primaryColor: z.string().max(20), logoUrl: z.string().max(2000).optional().nullable() }).strict();

/** Props of each React Email template (src/emails), checked when the command is sent. */
export const emailProps = {
  "verify-email": z.object({ brand, name: z.string().max(200), url }).strict(),
  "reset-password": z.object({ brand, name: z.string().max(200), url }).strict(),
  "magic-link": z.object({ brand, url }).strict(),
  "team-invite": z.object({ brand, inviterName: z.string().max(200), schoolName: z.string().max(200), role: z.string().max(20), url }).strict(),
  "limit-warning": z
    .object({
      brand,
      schoolName: z.string().max(200),
      metricLabel: z.string().max(100),
      used: z.number().int(),
      limit: z.number().int(),
      planName: z.string().max(50),
      upgradeUrl: url,
      overage: z.boolean().optional(),
    })
    .strict(),
  "payment-failed": z.object({ brand, schoolName: z.string().max(200), offerName: z.string().max(300), amount: z.string().max(40), fixUrl: url }).strict(),
  "course-complete": z
    .object({
      brand,
      schoolName: z.string().max(200),
      name: z.string().max(200),
      courseTitle: z.string().max(300),
      certificateUrl: url,
      serial: z.string().max(40),
      verifyUrl: url,
    })
    .strict(),
  "order-receipt": z
    .object({
      brand,
      schoolName: z.string().max(200),
      orderRef: z.string().max(40),
      items: z
        .array(z.object({ name: z.string().max(300), amount: z.string().max(40) }).strict())
        .min(1)
        .max(10),
      discount: z.string().max(40).nullable(),
      total: z.string().max(40),
      paidWith: z.string().max(100).nullable(),
      libraryUrl: url,
    })
    .strict(),
} as const;
export type EmailTemplate = keyof typeof emailProps;
export const EMAIL_TEMPLATES = Object.keys(emailProps) as EmailTemplate[];

/** `email/send.requested`: one variant per template, so the props are typed by the template named. */
const command = <T extends EmailTemplate>(template: T) =>
  z.object({ creatorId, to: email, template: z.literal(template), props: emailProps[template] }).strict();
const emailCommand = z.discriminatedUnion("template", [
  command("verify-email"),
  command("reset-password"),
  command("magic-link"),
  command("team-invite"),
  command("limit-warning"),
  command("order-receipt"),
  command("payment-failed"),
  command("course-complete"),
]);
export type EmailCommand = z.infer<typeof emailCommand>;

export const eventSchemas = {
  // ── commands ────────────────────────────────────────────────────────────────
  "email/send.requested": emailCommand,

  // ── facts: accounts and team ───────────────────────────────────────────────
  /** Someone asked to reset their password on a host (the school's, or the platform's when creatorId is null). */
  "auth/password-reset.requested": z.object({ creatorId, email, name: z.string().max(200), sealedUrl }).strict(),
  "auth/email-verification.requested": z.object({ creatorId, email, name: z.string().max(200), sealedUrl }).strict(),
  "auth/magic-link.requested": z.object({ creatorId, email, sealedUrl }).strict(),
  "team/invitation.created": z
    .object({
      creatorId: schoolId,
      invitationId: z.string().uuid(),
      email,
      role: z.enum(["owner", "admin", "editor"]),
      inviterName: z.string().max(200),
      sealedUrl,
    })
    .strict(),

  // ── facts: courses ─────────────────────────────────────────────────────────
  "course/published": z.object({ creatorId: schoolId, courseId: z.string().uuid(), title: z.string().max(300) }).strict(),
  "course/lesson.published": z.object({ creatorId: schoolId, courseId: z.string().uuid(), lessonId: z.string().uuid() }).strict(),

  // ── facts: custom domains ──────────────────────────────────────────────────
  /** A school added a custom domain: its DNS is checked now and again with backoff until verified. */
  "domains/domain.added": z.object({ creatorId: schoolId, domainId: z.string().uuid() }).strict(),
  /** A school removed a custom domain (stops its pending checks). */
  "domains/domain.removed": z.object({ creatorId: schoolId, domainId: z.string().uuid() }).strict(),

  // ── facts: plans ───────────────────────────────────────────────────────────
  /** A school is due its monthly AI credits for a period (fanned out by grant-monthly-credits). */
  "plans/monthly-grant.due": z.object({ creatorId: schoolId, period: z.string().regex(/^\d{4}-\d{2}$/) }).strict(),

  // ── facts the coming work emits (declared now so subscribers and producers share one schema) ──
  "commerce/order.paid": z.object({ creatorId: schoolId, orderId: z.string().uuid(), studentUserId: id, total: money }).strict(),
  "commerce/order.refunded": z.object({ creatorId: schoolId, orderId: z.string().uuid(), refunded: money }).strict(),
  /** A student's subscription ended without being paid off (canceled, unpaid): the access it gave goes. */
  "commerce/subscription.ended": z.object({ creatorId: schoolId, orderId: z.string().uuid() }).strict(),
  /** An instalment or renewal failed: the student is asked to fix their card (the link is Stripe's hosted invoice page). */
  "commerce/payment.failed": z.object({ creatorId: schoolId, email, offerName: z.string().max(300), amount: money, fixUrl: url }).strict(),
  "learning/enrollment.created": z.object({ creatorId: schoolId, enrollmentId: z.string().uuid(), courseId: z.string().uuid(), studentUserId: id }).strict(),
  "learning/lesson.completed": z.object({ creatorId: schoolId, courseId: z.string().uuid(), lessonId: z.string().uuid(), studentUserId: id }).strict(),
  "learning/course.completed": z.object({ creatorId: schoolId, courseId: z.string().uuid(), studentUserId: id }).strict(),
  "media/video.uploaded": z.object({ creatorId: schoolId, mediaAssetId: z.string().uuid(), storageKey: z.string().max(1000) }).strict(),
  /** The pipeline finished with a video: ready to play, or failed for good. */
  "media/video.processed": z.object({ creatorId: schoolId, mediaAssetId: z.string().uuid(), status: z.enum(["ready", "failed"]) }).strict(),
  /** A creator imports a Mux video into our own pipeline: its master file becomes `newAssetId`, which then replaces it in the lessons. */
  "media/mux.import-requested": z.object({ creatorId: schoolId, mediaAssetId: z.string().uuid(), newAssetId: z.string().uuid() }).strict(),

  // ── facts: avatar video ───────────────────────────────────────────────────
  /** A creator asked for an avatar video of a lesson (its credits held): its scenes are rendered, stitched and processed. */
  "avatar/render.requested": z.object({ creatorId: schoolId, renderId: z.string().uuid() }).strict(),
  /** HeyGen's signed webhook said a scene's clip finished (ok) or failed: the render waiting for it goes on. */
  "avatar/clip.finished": z.object({ creatorId: schoolId, clipId: z.string().uuid(), ok: z.boolean() }).strict(),

  // ── facts: AI course generation ────────────────────────────────────────────
  /** A creator submitted a brief (its credits held): the outline is written. */
  "ai/generation.requested": z.object({ creatorId: schoolId, generationId: z.string().uuid(), aiHoldId: z.string().uuid() }).strict(),
  /** A creator asked for one module or lesson of the outline again (its own hold is made). */
  "ai/outline-part.requested": z
    .object({
      creatorId: schoolId,
      generationId: z.string().uuid(),
      requestId: z.string().uuid(),
      moduleKey: z.string().max(20),
      lessonKey: z.string().max(20).nullable(),
      note: z.string().max(2000),
      aiHoldId: z.string().uuid(),
    })
    .strict(),
  /** The creator approved the outline (the generation's credits held): lessons, quizzes and the cover are written. */
  "ai/generation.approved": z.object({ creatorId: schoolId, generationId: z.string().uuid(), aiHoldId: z.string().uuid() }).strict(),
  /** One lesson, quiz or cover written again (after a failure, or on request), with its own hold. */
  "ai/item.regeneration-requested": z
    .object({
      creatorId: schoolId,
      generationId: z.string().uuid(),
      itemId: z.string().uuid(),
      run: z.number().int().min(1),
      note: z.string().max(2000),
      aiHoldId: z.string().uuid(),
    })
    .strict(),
  /** The creator canceled a generation: its runs stop, its holds are settled (delivered work only). */
  "ai/generation.canceled": z.object({ creatorId: schoolId, generationId: z.string().uuid() }).strict(),

  // ── used by the executor's own tests and benchmark ─────────────────────────
  "test/job.requested": z.object({ creatorId, n: z.number().int().optional(), key: z.string().optional() }).passthrough(),
  "test/signal.sent": z.object({ creatorId, key: z.string().optional() }).passthrough(),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventData<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;

export class InvalidEventError extends Error {
  constructor(name: string, issues: string) {
    super(`Event "${name}" is invalid: ${issues}`);
    this.name = "InvalidEventError";
  }
}

export function validateEvent<N extends EventName>(name: N, data: unknown): EventData<N> {
  const schema = Object.hasOwn(eventSchemas, name) ? eventSchemas[name] : undefined;
  if (!schema) throw new InvalidEventError(name, "unknown event name");
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(name, parsed.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; "));
  return parsed.data as EventData<N>;
}
