import { eq } from "drizzle-orm";
import { getDb } from "../client";
import { user } from "../schema";

/** Platform-level (not tenant-owned) look-ups of people. */
export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(user).where(eq(user.email, email.toLowerCase())).limit(1);
  return row ?? null;
}
