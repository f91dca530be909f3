"use server";
import { createOffer } from "@/db/queries/offers";
import { orgAction } from "@/lib/actions/chain";
import { offerFieldsSchema } from "./offer-schema";

/** Owners and admins create an offer (a draft until put on sale). */
export const createOfferAction = orgAction({ name: "create-offer", schema: offerFieldsSchema, minRole: "admin" }, async (input, { scope, user }) => {
  const o = await createOffer(scope, { ...input, actorUserId: user.id });
  return { id: o.id };
});
