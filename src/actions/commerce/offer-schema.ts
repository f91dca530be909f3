import { z } from "zod";

/** The offer form's fields (shared by create-offer and update-offer). Money in minor units. */
const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .nullish()
    .transform((v) => v || null);

export const offerFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name the offer").max(200, "Keep the name under 200 characters"),
  description: nullableText(2_000),
  type: z.enum(["free", "one_time", "subscription", "payment_plan"]),
  courseIds: z.array(z.string().uuid()).max(50, "At most 50 courses in one offer"),
  prices: z
    .array(
      z.object({
        currency: z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z]{3}$/, "Use a currency code such as USD"),
        amount: z
          .number({ error: "Enter each price as an amount, like 49.00" })
          .int("Use at most two decimals")
          .min(0, "A price cannot be negative")
          .max(100_000_000, "At most 1,000,000"),
        interval: z.enum(["month", "year"]).nullable(),
        installments: z.number().int().min(2).max(36).nullable(),
      }),
    )
    .max(10),
  bumpOfferId: z.string().uuid().nullable(),
  bumpHeadline: nullableText(200),
});
export type OfferFieldsInput = z.input<typeof offerFieldsSchema>;
