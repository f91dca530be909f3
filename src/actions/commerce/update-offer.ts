"use server";
import { z } from "zod";
import { updateOffer } from "@/db/queries/offers";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { offerFieldsSchema } from "./offer-schema";

/** Edit an offer; the school's pages show prices, so they are expired. */
export const updateOfferAction = orgAction(
  { name: "update-offer", schema: offerFieldsSchema.extend({ offerId: z.string().uuid() }), minRole: "admin" },
  async (input, { scope, user }) => {
    const o = await updateOffer(scope, { ...input, actorUserId: user.id });
    revalidateCourses(scope);
    return { id: o.id };
  },
);
