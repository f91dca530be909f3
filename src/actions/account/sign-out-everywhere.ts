"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { revokeHostSessions } from "@/db/queries/users";
import { studentAction } from "@/lib/actions/chain";
import { sessionHostOf } from "@/lib/auth/auth";
import { DomainError } from "@/lib/errors";

/**
 * A student signs out of this school on every device (this browser too). Only this host's sessions go: the
 * same account's sessions on other schools or the dashboard are theirs to end there. Other devices notice
 * within a minute (the session cookie cache).
 */
export const signOutEverywhere = studentAction({ name: "account.signOutEverywhere", schema: z.object({}) }, async (_input, { user }) => {
  const host = sessionHostOf(await headers());
  if (!host) throw new DomainError("invalid", "Unknown host.");
  return { signedOut: await revokeHostSessions({ userId: user.id, host }) };
});
