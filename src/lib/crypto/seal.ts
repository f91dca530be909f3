import "server-only";
import crypto from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * Sealing for secrets that must travel through stored rows — one-time links (password resets, sign-in
 * links, address confirmations, invitations) carried by job events. The event row, the run's payload and
 * the jobs pages then hold only ciphertext; the subscriber that sends the email opens it. AES-256-GCM
 * with a key derived from the app's secret (so every process of a deployment shares it), a fresh IV per
 * seal, and a purpose bound as associated data so a sealed value cannot be replayed as another kind.
 */
const PREFIX = "sealed:v1:";

function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", authSecret(), "courseforge", "courseforge:sealed-event-secrets", 32));
}

export function seal(plaintext: string, purpose: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export class SealError extends Error {
  constructor() {
    super("A sealed value could not be opened (tampered with, sealed for another purpose, or under another secret).");
    this.name = "SealError";
  }
}

export function open(sealed: string, purpose: string): string {
  if (!sealed.startsWith(PREFIX)) throw new SealError();
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  if (raw.length < 28) throw new SealError();
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError();
  }
}

/** Schema fragment for a sealed value in an event payload (never a readable secret). */
export const SEALED_PATTERN = /^sealed:v1:[A-Za-z0-9_-]{38,}$/;
