"use server";
import { z } from "zod";
import { setOfferStatus } from "@/db/queries/offers";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";

/** Put an offer on sale, take it back to draft, or archive it (sold access stays). */
export const setOfferStatusAction = orgAction(
  { name: "set-offer-status", schema: z.object({ offerId: z.string().uuid(), status: z.enum(["draft", "active", "archived"]) }), minRole: "admin" },
  async ({ offerId, status }, { scope, user }) => {
    const o = await setOfferStatus(scope, { actorUserId: user.id, offerId, status });
    revalidateCourses(scope);
    return { status: o.status };
  },
);
