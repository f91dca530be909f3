"use server";
import { z } from "zod";
import { listDomains, makePrimaryDomain } from "@/db/queries/domains";
import { orgAction } from "@/lib/actions/chain";
import { forgetHosts } from "@/lib/domains/verify";
import { normalizeHostname } from "@/lib/tenant/host";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

const schema = z.object({
  hostname: z
    .string()
    .max(253)
    .transform((v, ctx) => normalizeHostname(v) ?? (ctx.addIssue({ code: "custom", message: "Not a domain name" }), z.NEVER)),
});

/** Make a verified domain (or its www/apex twin) the school's main address: the others redirect to it. */
export const makePrimaryDomainAction = orgAction({ name: "make-primary-domain", schema, minRole: "admin" }, async (input, { scope, user, creator }) => {
  await makePrimaryDomain(scope, { actorUserId: user.id, hostname: input.hostname });
  forgetHosts(
    (await listDomains(scope)).flatMap((d) => [d.hostname, ...(d.twin ? [d.twin.hostname] : [])]),
    creator.slug,
  );
  await revalidateTenantSite(scope);
  return { primary: input.hostname };
});
