import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * BETTER_AUTH_SECRET when set. On the embedded default (PGlite, no configuration) a random
 * secret is generated once and kept beside the data in $DATA_DIR/auth-secret, so sessions
 * survive restarts without anyone choosing a secret. A server database requires the variable.
 */
export function authSecret(): string {
  const e = env();
  if (e.BETTER_AUTH_SECRET) return e.BETTER_AUTH_SECRET;
  if (e.databaseDriver !== "pglite" && e.NODE_ENV === "production") {
    throw new Error("BETTER_AUTH_SECRET is required when DATABASE_URL points at a Postgres server (at least 32 characters).");
  }
  const file = path.resolve(e.DATA_DIR, "auth-secret");
  try {
    const s = fs.readFileSync(file, "utf8").trim();
    if (s.length >= 32) return s;
  } catch {
    // not created yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
