"use server";
import { updateTag } from "next/cache";
import { z } from "zod";
import { createCreatorWithOwner } from "@/db/queries/tenants";
import { dbErrorInfo } from "@/db/errors";
import { DomainError } from "@/lib/errors";
import { authedAction } from "@/lib/actions/chain";
import { dashboardScope } from "@/db/scope";
import { grantMonthlyCredits } from "@/lib/platform-billing/credits";
import { slugSchema } from "@/lib/tenant/slug";
import { forgetSiteHost } from "@/lib/tenant/canonical";
import { siteTag } from "@/lib/tenant/tags";

const createSchoolSchema = z.object({ name: z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters"), slug: slugSchema });
export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;

export const createSchoolAction = authedAction({ name: "create-school", schema: createSchoolSchema }, async (input, { user }) => {
  if (!user.emailVerified) throw new DomainError("forbidden", "Confirm your email address first — check your inbox for the link.");
  try {
    const creator = await createCreatorWithOwner({ ownerUserId: user.id, name: input.name, slug: input.slug });
    // The subdomain may have been visited (and its 404 cached) before it was taken.
    updateTag(siteTag(creator.slug));
    forgetSiteHost({ kind: "subdomain", slug: creator.slug });
    // The scope comes from the membership just created, as on any dashboard request.
    const owner = await dashboardScope(user.id, creator.slug, "owner");
    if (!owner) throw new Error("the new school has no owner");
    await grantMonthlyCredits(owner.scope, creator.plan);
    return { slug: creator.slug };
  } catch (err) {
    if (dbErrorInfo(err)?.kind === "unique_violation") {
      throw new DomainError("conflict", "That subdomain is taken; pick another.", { fieldErrors: { slug: ["That subdomain is taken; pick another."] } });
    }
    throw err;
  }
});
