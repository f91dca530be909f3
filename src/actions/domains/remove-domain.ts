"use server";
import { updateTag } from "next/cache";
import { z } from "zod";
import { removeDomain } from "@/db/queries/domains";
import { orgAction } from "@/lib/actions/chain";
import { forgetHosts } from "@/lib/domains/verify";
import { siteSegment } from "@/lib/tenant/host";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";
import { siteTag } from "@/lib/tenant/tags";

/** Remove a domain (and its twin): it stops serving the school at once, and its cached pages are expired. */
export const removeDomainAction = orgAction(
  { name: "remove-domain", schema: z.object({ domainId: z.string().uuid() }), minRole: "admin" },
  async (input, { scope, user, creator }) => {
    const names = await removeDomain(scope, { actorUserId: user.id, id: input.domainId });
    forgetHosts(names, creator.slug);
    for (const hostname of names) updateTag(siteTag(siteSegment({ kind: "custom", hostname })));
    await revalidateTenantSite(scope);
    return { removed: names };
  },
);
