"use server";
import { z } from "zod";
import { refundOrder } from "@/db/queries/orders";
import { orgAction } from "@/lib/actions/chain";

/** Owners and admins refund an order in full (access ends) or in part (access stays). */
export const refundOrderAction = orgAction(
  {
    name: "refund-order",
    schema: z.object({
      orderId: z.string().uuid(),
      amount: z.number().int().min(1, "More than zero").nullable().default(null),
      reason: z
        .string()
        .trim()
        .max(300)
        .nullish()
        .transform((v) => v || null),
    }),
    minRole: "admin",
  },
  async ({ orderId, amount, reason }, { scope, user }) => {
    const o = await refundOrder(scope, { actorUserId: user.id, orderId, amount, reason });
    return { status: o.status, refunded: o.amountRefunded };
  },
);
