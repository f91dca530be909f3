"use server";
import { z } from "zod";
import { orgAction } from "@/lib/actions/chain";
import { verifyDomain } from "@/lib/domains/verify";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

/** "Verify now": look the domain's DNS records up and, when they are right, start serving the school there. */
export const verifyDomainAction = orgAction(
  { name: "verify-domain", schema: z.object({ domainId: z.string().uuid() }), minRole: "admin" },
  async (input, { scope, user }) => {
    const { entry, check, changed } = await verifyDomain(scope, { id: input.domainId, actorUserId: user.id });
    if (changed) await revalidateTenantSite(scope);
    return {
      verified: entry.verifiedAt !== null,
      twinVerified: entry.twin ? entry.twin.verifiedAt !== null : null,
      ownership: check.ownership,
      routing: check.routing,
      problem: check.problem,
    };
  },
);
