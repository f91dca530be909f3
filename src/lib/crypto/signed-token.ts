import "server-only";
import crypto from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * Short, expiring tokens that only this server can make: `<expiry seconds, base36>.<HMAC>` over the purpose,
 * the subject it is bound to (e.g. one upload part, one video) and the expiry. Each purpose has its own
 * key derived from the auth secret, so a token made for one thing never verifies for another.
 */
export type TokenPurpose = "storage-part" | "video-playback";

const keyFor = (purpose: TokenPurpose) => Buffer.from(crypto.hkdfSync("sha256", authSecret(), "courseforge", `courseforge:token:${purpose}`, 32));

function mac(purpose: TokenPurpose, subject: string, exp: string): string {
  return crypto.createHmac("sha256", keyFor(purpose)).update(`${subject}\n${exp}`).digest("base64url");
}

export function signToken({
  purpose,
  subject,
  ttlSeconds,
  now = Date.now(),
}: {
  purpose: TokenPurpose;
  subject: string;
  ttlSeconds: number;
  now?: number;
}): string {
  const exp = Math.floor(now / 1000 + ttlSeconds).toString(36);
  return `${exp}.${mac(purpose, subject, exp)}`;
}

/** True only for a token this server made for this purpose and subject that has not expired. */
export function verifyToken({ purpose, subject, token, now = Date.now() }: { purpose: TokenPurpose; subject: string; token: string; now?: number }): boolean {
  const m = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const exp = parseInt(m[1]!, 36);
  if (!Number.isFinite(exp) || exp * 1000 < now) return false;
  const expected = Buffer.from(mac(purpose, subject, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
