import { z } from "zod";

/**
 * Every event the product sends, with its schema. Names are `<domain>/<noun>.<past-verb>`; every
 * payload carries `creatorId` (null only for platform-level work such as a creator's own sign-up
 * mail), which keys per-tenant concurrency and throttling.
 */
const creatorId = z.string().uuid().nullable();

export const EMAIL_TEMPLATES = ["verify-email", "reset-password", "magic-link", "team-invite", "limit-warning"] as const;

export const eventSchemas = {
  "email/send.requested": z.object({
    creatorId,
    to: z.string().email().max(254),
    template: z.enum(EMAIL_TEMPLATES),
    /** Props of the React Email template (validated again by the template registry). */
    props: z.record(z.string(), z.unknown()),
  }),
  /** Used by the runner's own tests and benchmark. */
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
  const schema = eventSchemas[name];
  if (!schema) throw new InvalidEventError(name, "unknown event name");
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(name, parsed.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; "));
  return parsed.data as EventData<N>;
}
