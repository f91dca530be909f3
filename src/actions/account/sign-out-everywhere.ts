"use server";
import { z } from "zod";
import { verifiedHostnames } from "@/db/queries/domains";
import { revokeHostSessions } from "@/db/queries/users";
import { studentAction } from "@/lib/actions/chain";
import { env } from "@/lib/env";

/**
 * A student signs out of this school on every device (this browser too): the sessions its subdomain and its
 * custom domains issued. The same account's sessions on other schools or the dashboard are theirs to end
 * there. Other devices notice within a minute (the session cookie cache).
 */
export const signOutEverywhere = studentAction({ name: "account.signOutEverywhere", schema: z.object({}) }, async (_input, { user, scope, site }) => {
  const hosts = [`${site.slug}.${env().rootHostname}`, ...(await verifiedHostnames(scope))];
  return { signedOut: await revokeHostSessions({ userId: user.id, hosts }) };
});
