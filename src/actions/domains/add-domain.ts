"use server";
import crypto from "node:crypto";
import { z } from "zod";
import { addDomain } from "@/db/queries/domains";
import { orgAction } from "@/lib/actions/chain";
import { checkCustomDomain } from "@/lib/domains/hostname";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";

const addDomainSchema = z.object({
  hostname: z.string().trim().min(1, "Enter a domain, like learn.example.com").max(300, "That is too long for a domain name"),
});

/** Add a custom domain (and its apex/www twin); its DNS is checked at once and then on a schedule. Admins and owners. */
export const addDomainAction = orgAction({ name: "add-domain", schema: addDomainSchema, minRole: "admin" }, async (input, { scope, user }) => {
  const checked = checkCustomDomain(input.hostname, { rootHostname: env().rootHostname, allowReservedTlds: env().isLocalRoot });
  if (!checked.ok) throw new DomainError("invalid", checked.reason, { fieldErrors: { hostname: [checked.reason] } });
  const { hostname, twin } = checked.domain;
  const entry = await addDomain(scope, { actorUserId: user.id, hostname, twin, token: crypto.randomBytes(16).toString("hex") });
  return { id: entry.id, hostname: entry.hostname, twin: entry.twin?.hostname ?? null };
});
