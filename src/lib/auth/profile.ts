import { z } from "zod";

/**
 * The user fields Better Auth accepts from a browser (sign-up, magic-link sign-up, update-user), checked
 * on the server before Better Auth writes them. The sign-up form uses the same rules.
 */
export const nameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use at most 100 characters for your name")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "Your name cannot contain control characters");

export const emailSchema = z
  .string({ error: "Enter a valid email address" })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .email("Enter a valid email address");

/** Profile pictures are uploaded files served from our own /api/media, or an https URL; nothing else. */
export const imageSchema = z
  .string()
  .max(2048, "That image address is too long")
  .refine((s) => s.startsWith("/api/media/") || /^https:\/\/[^\s]+$/.test(s), "Use an uploaded image or an https:// address")
  .nullable();

/** A URL field Better Auth checks against the served hosts itself. */
const urlField = z.string().max(2048).optional();

/**
 * Strict: a field Better Auth would store (its plugins add some, e.g. the Stripe plugin's
 * `stripeCustomerId`) is accepted from a browser only when it is listed here.
 */
export const signUpFieldsSchema = z
  .object({
    name: nameSchema,
    email: emailSchema,
    password: z.string().max(128),
    image: imageSchema.optional(),
    callbackURL: urlField,
    rememberMe: z.boolean().optional(),
  })
  .strict();
export const updateUserFieldsSchema = z.object({ name: nameSchema.optional(), image: imageSchema.optional() }).strict();
export const magicLinkFieldsSchema = z
  .object({ email: emailSchema, name: nameSchema.optional(), callbackURL: urlField, newUserCallbackURL: urlField, errorCallbackURL: urlField })
  .strict();

/** The first problem, as one sentence for an API error. */
export function firstProblem(error: z.ZodError): string {
  const i = error.issues[0];
  if (i?.code === "unrecognized_keys") return `These fields cannot be set: ${i.keys.join(", ")}`;
  return i ? i.message : "Invalid input";
}
