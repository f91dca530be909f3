"use server";
import { updateTag } from "next/cache";
import { z } from "zod";
import { createCreatorWithOwner } from "@/db/queries/tenants";
import { dbErrorInfo } from "@/db/errors";
import { ActionError } from "@/lib/actions/result";
import { userAction } from "@/lib/actions/safe-action";
import { systemScope } from "@/db/scope";
import { grantMonthlyCredits } from "@/lib/plans/credits";
import { slugSchema } from "@/lib/tenant/slug";
import { siteTag } from "@/lib/tenant/tags";

const createSchoolSchema = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters"),
  slug: slugSchema,
});
export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;

export const createSchoolAction = userAction("create-school", createSchoolSchema, async (input, { user }) => {
  if (!user.emailVerified) throw new ActionError("forbidden", "Confirm your email address first — check your inbox for the link.");
  try {
    const creator = await createCreatorWithOwner({ ownerUserId: user.id, name: input.name, slug: input.slug });
    // The subdomain may have been visited (and its 404 cached) before it was taken.
    updateTag(siteTag(creator.slug));
    await grantMonthlyCredits(systemScope(creator.id), creator.plan);
    return { slug: creator.slug };
  } catch (err) {
    if (dbErrorInfo(err)?.kind === "unique_violation") {
      throw new ActionError("conflict", "That subdomain is taken; pick another.", { slug: ["That subdomain is taken; pick another."] });
    }
    throw err;
  }
});
