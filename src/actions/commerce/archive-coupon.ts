"use server";
import { z } from "zod";
import { archiveCoupon } from "@/db/queries/coupons";
import { orgAction } from "@/lib/actions/chain";

export const archiveCouponAction = orgAction(
  { name: "archive-coupon", schema: z.object({ couponId: z.string().uuid() }), minRole: "admin" },
  async ({ couponId }, { scope, user }) => {
    await archiveCoupon(scope, { actorUserId: user.id, couponId });
    return { id: couponId };
  },
);
