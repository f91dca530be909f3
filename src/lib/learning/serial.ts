import { randomBytes } from "node:crypto";

/** Crockford's base-32 alphabet: no I, L, O or U, so a serial read aloud or retyped is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A certificate serial: 15 random base-32 characters (75 bits), as three groups of five — e.g. "7F3KQ-9QXD2-MP1A8". */
export function newCertificateSerial(): string {
  const bytes = randomBytes(15);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  return [chars.slice(0, 5), chars.slice(5, 10), chars.slice(10, 15)].map((g) => g.join("")).join("-");
}

/** A serial as someone typed it (any case, spaces, O for 0, I/L for 1), in its printed form — or null when it cannot be one. */
export function normalizeSerial(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{15}$/.test(raw)) return null;
  return `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10)}`;
}
