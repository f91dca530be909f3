"use server";
import { z } from "zod";
import { createCoupon } from "@/db/queries/coupons";
import { orgAction } from "@/lib/actions/chain";

const schema = z
  .object({
    code: z
      .string()
      .trim()
      .min(3, "Use at least 3 characters")
      .max(32, "Use at most 32 characters")
      .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only"),
    kind: z.enum(["percent", "amount"]),
    percentOff: z
      .number({ error: "Enter a whole percentage, like 15" })
      .int("Enter a whole percentage, like 15")
      .min(1, "Between 1 and 100")
      .max(100, "Between 1 and 100")
      .nullable()
      .default(null),
    amountOff: z
      .number({ error: "Enter an amount, like 10.00" })
      .int("Use at most two decimals")
      .min(1, "More than zero")
      .max(100_000_000, "At most 1,000,000")
      .nullable()
      .default(null),
    currency: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{3}$/, "Use a currency code such as USD")
      .nullable()
      .default(null),
    offerIds: z.array(z.string().uuid()).max(50).nullable().default(null),
    maxRedemptions: z
      .number({ error: "Enter a whole number of uses" })
      .int("Enter a whole number of uses")
      .min(1, "At least 1")
      .max(1_000_000, "At most 1,000,000")
      .nullable()
      .default(null),
    expiresAt: z.coerce.date().nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.kind === "percent" && c.percentOff === null) ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Enter the percentage" });
    if (c.kind === "amount" && c.amountOff === null) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "Enter the amount" });
    if (c.kind === "amount" && c.currency === null) ctx.addIssue({ code: "custom", path: ["currency"], message: "Choose the currency" });
    if (c.expiresAt && c.expiresAt <= new Date()) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Choose a date in the future" });
  });

/** Owners and admins create a discount code. */
export const createCouponAction = orgAction({ name: "create-coupon", schema, minRole: "admin" }, async (c, { scope, user }) => {
  const row = await createCoupon(scope, {
    actorUserId: user.id,
    code: c.code,
    percentOff: c.kind === "percent" ? c.percentOff : null,
    amountOff: c.kind === "amount" ? c.amountOff : null,
    currency: c.kind === "amount" ? c.currency : null,
    offerIds: c.offerIds?.length ? c.offerIds : null,
    maxRedemptions: c.maxRedemptions,
    expiresAt: c.expiresAt,
  });
  return { id: row.id, code: row.code };
});
