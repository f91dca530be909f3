"use server";
import { z } from "zod";
import { saveMuxConnection } from "@/db/queries/mux";
import { orgAction } from "@/lib/actions/chain";
import { seal } from "@/lib/crypto/seal";
import { DomainError } from "@/lib/errors";
import { checkMuxCredentials, SEAL_PURPOSE, signingKeyWorks } from "@/lib/video/mux";

/**
 * Settings → Video: connect the school's own Mux account. The access token is checked with Mux before it is
 * kept; the signing key (for signed playback) and the webhook secret are optional. Secrets are sealed.
 * Owners and admins only.
 */
const secret = z.string().trim().min(8, "That does not look like a Mux secret.").max(8192);
const schema = z.object({
  tokenId: z.string().trim().min(8, "Paste the access token ID from Mux.").max(200),
  tokenSecret: secret,
  signingKeyId: z.string().trim().max(200).optional().default(""),
  signingKey: z.string().trim().max(8192).optional().default(""),
  webhookSecret: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || v.length >= 16, "Paste the webhook signing secret from Mux (it is longer than this).")
    .optional()
    .default(""),
});

export const connectMuxAction = orgAction({ name: "connect-mux", schema, minRole: "admin" }, async (input, { scope, user }) => {
  if (!!input.signingKeyId !== !!input.signingKey) throw new DomainError("invalid", "Give both the signing key ID and its private key, or neither.");
  if (input.signingKey && !(await signingKeyWorks(input.signingKeyId, input.signingKey)))
    throw new DomainError("invalid", "This signing key does not sign: paste the base64 private key Mux showed when the key was made.");
  if (!(await checkMuxCredentials(input.tokenId, input.tokenSecret)))
    throw new DomainError("invalid", "Mux did not accept this access token. Check the token ID and secret (Settings → Access Tokens on Mux).");
  await saveMuxConnection(scope, {
    actorUserId: user.id,
    tokenId: input.tokenId,
    tokenSecret: seal(input.tokenSecret, SEAL_PURPOSE),
    signingKeyId: input.signingKeyId || null,
    signingKey: input.signingKey ? seal(input.signingKey, SEAL_PURPOSE) : null,
    webhookSecret: input.webhookSecret ? seal(input.webhookSecret, SEAL_PURPOSE) : null,
  });
  return { connected: true };
});
