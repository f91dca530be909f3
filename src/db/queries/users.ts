import { and, eq } from "drizzle-orm";
import { getDb } from "../client";
import { account, session, user } from "../schema";

/** Platform-level (not tenant-owned) look-ups of people. */
export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(user).where(eq(user.email, email.toLowerCase())).limit(1);
  return row ?? null;
}

/**
 * The owner of the mailbox has just proven it (an emailed link) from a browser that is not signed in as
 * this account: whatever access was set up before — a password, sessions — was set up by whoever typed the
 * address, so it goes (Better Auth does the same for magic links). The prover is signed in afresh and can
 * set a password from the account page or a reset link.
 */
export async function revokeUnprovenAccess(userId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(account).where(eq(account.userId, userId));
    await tx.delete(session).where(eq(session.userId, userId));
  });
}

/** True when a verified account has no password (cleared when its email was proven elsewhere, or never set). */
export async function verifiedWithoutPassword(email: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ verified: user.emailVerified, password: account.password })
    .from(user)
    .leftJoin(account, and(eq(account.userId, user.id), eq(account.providerId, "credential")))
    .where(eq(user.email, email.toLowerCase()));
  return rows.length > 0 && rows[0]!.verified && rows.every((r) => !r.password);
}
