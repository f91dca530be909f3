import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../client";
import { account, session, user } from "../schema";

/** Platform-level (not tenant-owned) look-ups of people. */
export async function findUserById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(user).where(eq(user.id, id)).limit(1);
  return row ?? null;
}

export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(user).where(eq(user.email, email.toLowerCase())).limit(1);
  return row ?? null;
}

/**
 * The account a buyer checks out as, by the address they typed: theirs if it exists (the order is theirs
 * to open once they sign in; typing an address signs nobody in), else a new unverified account without a
 * password, which its owner enters through the emailed sign-in link.
 */
export async function ensureBuyerAccount(buyer: { email: string; name: string }): Promise<{ userId: string; created: boolean }> {
  const db = await getDb();
  const email = buyer.email.toLowerCase();
  const [inserted] = await db
    .insert(user)
    .values({ id: crypto.randomUUID(), email, name: buyer.name, emailVerified: false })
    .onConflictDoNothing({ target: user.email })
    .returning({ id: user.id });
  if (inserted) return { userId: inserted.id, created: true };
  const existing = await findUserByEmail(email);
  return { userId: existing!.id, created: false };
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

/**
 * "Sign out on all devices" on some hosts: every session of the user those hosts issued (sessions are
 * honoured on their own host only) — one school's subdomain and custom domains, say.
 */
export async function revokeHostSessions(of: { userId: string; hosts: string[] }): Promise<number> {
  if (of.hosts.length === 0) return 0;
  const db = await getDb();
  const gone = await db
    .delete(session)
    .where(and(eq(session.userId, of.userId), inArray(session.host, of.hosts)))
    .returning({ id: session.id });
  return gone.length;
}
