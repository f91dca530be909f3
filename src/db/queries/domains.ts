import { and, asc, eq, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { creators, domains, session } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { planOf } from "@/lib/platform-billing/plans";
import { writeAudit } from "./audit";
import { recordFact } from "./outbox";

/**
 * A school's custom domains. Every read and write is keyed by the school in the WHERE clause; another
 * school's domain id is simply not found. A domain and its apex/`www` twin are one entry for the creator:
 * added, verified and removed together.
 */
export type DomainRow = typeof domains.$inferSelect;
export type DomainEntry = DomainRow & { twin: DomainRow | null };

/** At most this many domains (not counting twins) per school. */
export const MAX_DOMAINS = 10;

export async function listDomains(scope: TenantScope): Promise<DomainEntry[]> {
  const db = await getDb();
  const rows = await db.select().from(domains).where(eq(domains.creatorId, scope.creatorId)).orderBy(asc(domains.createdAt), asc(domains.hostname));
  return rows.filter((r) => r.parentId === null).map((r) => ({ ...r, twin: rows.find((t) => t.parentId === r.id) ?? null }));
}

/** The school's verified domains' host names (where its students may hold sessions besides its subdomain). */
export async function verifiedHostnames(scope: TenantScope): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ hostname: domains.hostname })
    .from(domains)
    .where(and(eq(domains.creatorId, scope.creatorId), isNotNull(domains.verifiedAt)));
  return rows.map((r) => r.hostname);
}

/**
 * Sessions are bound to the host name that issued them (src/lib/auth/session.ts). When a name starts or stops
 * being a school's — verified, lost, removed — whatever sessions it issued end: a domain that changes hands
 * (an expired name registered again, another school verifying it) never inherits signed-in students.
 */
async function endSessionsOn(tx: DbOrTx, hostnames: string[]): Promise<void> {
  if (hostnames.length) await tx.delete(session).where(inArray(session.host, hostnames));
}

/** One entry by its (parent) id; a twin's id or another school's id is not found. */
export async function findDomain(scope: TenantScope, id: string, tx?: DbOrTx): Promise<DomainEntry> {
  const db = tx ?? (await getDb());
  const rows = await db
    .select()
    .from(domains)
    .where(and(eq(domains.creatorId, scope.creatorId), or(eq(domains.id, id), eq(domains.parentId, id))));
  const parent = rows.find((r) => r.id === id && r.parentId === null);
  if (!parent) throw new DomainError("not_found", "Domain not found.");
  return { ...parent, twin: rows.find((r) => r.parentId === id) ?? null };
}

/** Any of these names verified by another school (which then serves it). */
async function heldElsewhere(tx: DbOrTx, scope: TenantScope, hostnames: string[]): Promise<string[]> {
  const rows = await tx
    .select({ hostname: domains.hostname })
    .from(domains)
    .where(and(inArray(domains.hostname, hostnames), isNotNull(domains.verifiedAt), ne(domains.creatorId, scope.creatorId)));
  return rows.map((r) => r.hostname);
}

export async function addDomain(
  scope: TenantScope,
  input: { actorUserId: string; hostname: string; twin: string | null; token: string },
): Promise<DomainEntry> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The school row is the lock: two adds at once count each other.
    const school = await lockSchool(tx, scope);
    const plan = planOf(school.plan);
    if (!plan.limits.customDomain) {
      throw new DomainError("limit_reached", `Custom domains are not included in the ${plan.name} plan. Upgrade to connect your own domain.`, {
        details: { kind: "limit_reached", metric: "customDomain", upgradePath: "settings/billing" },
      });
    }
    const names = [input.hostname, ...(input.twin ? [input.twin] : [])];
    const mine = await tx.select({ hostname: domains.hostname, parentId: domains.parentId }).from(domains).where(eq(domains.creatorId, scope.creatorId));
    const already = mine.find((m) => names.includes(m.hostname));
    if (already)
      throw new DomainError("conflict", `${already.hostname} is already added to this school.`, {
        fieldErrors: { hostname: [`${already.hostname} is already added.`] },
      });
    if (mine.filter((m) => m.parentId === null).length >= MAX_DOMAINS)
      throw new DomainError("invalid", `A school can have at most ${MAX_DOMAINS} domains. Remove one first.`);
    const taken = await heldElsewhere(tx, scope, [input.hostname]);
    if (taken.length) {
      const message = `${input.hostname} is already connected to another school. If it is yours, remove it there first.`;
      throw new DomainError("conflict", message, { fieldErrors: { hostname: [message] } });
    }
    const [parent] = await tx.insert(domains).values({ creatorId: scope.creatorId, hostname: input.hostname, verificationToken: input.token }).returning();
    if (!parent) throw new Error("insert returned nothing");
    let twin: DomainRow | null = null;
    // The twin is listed unless another school already holds it verified.
    if (input.twin && !(await heldElsewhere(tx, scope, [input.twin])).length) {
      const [row] = await tx
        .insert(domains)
        .values({ creatorId: scope.creatorId, hostname: input.twin, parentId: parent.id, verificationToken: input.token })
        .returning();
      twin = row ?? null;
    }
    await writeAudit(tx, scope, {
      actorUserId: input.actorUserId,
      action: "domain.added",
      targetType: "domain",
      targetId: parent.id,
      data: { hostname: input.hostname },
    });
    await recordFact(tx, { name: "domains/domain.added", data: { creatorId: scope.creatorId, domainId: parent.id } });
    return { ...parent, twin };
  });
}

/** How long a verified domain may fail its daily re-check before it stops serving the school. */
export const GRACE_DAYS = 3;

/** Every domain change of a school takes the school row first, so verify, promote and remove never interleave. */
async function lockSchool(tx: DbOrTx, scope: TenantScope) {
  const [school] = await tx.select({ plan: creators.plan }).from(creators).where(eq(creators.id, scope.creatorId)).for("update");
  if (!school) throw new DomainError("not_found", "School not found");
  return school;
}

/** The longest-verified remaining domain becomes the main address when there is none. */
async function ensurePrimary(tx: DbOrTx, scope: TenantScope) {
  const [primary] = await tx
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.isPrimary, true)));
  if (primary) return;
  const [next] = await tx
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.creatorId, scope.creatorId), isNotNull(domains.verifiedAt), isNull(domains.parentId)))
    .orderBy(asc(domains.verifiedAt), asc(domains.hostname))
    .limit(1);
  if (next)
    await tx
      .update(domains)
      .set({ isPrimary: true })
      .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.id, next.id)));
}

export type DomainCheckResult = { ownership: boolean; routing: Record<string, boolean>; problem: string | null };

/**
 * Record what a DNS check found, for a domain and its twin.
 *  - Not verified yet: the TXT proof and the domain's own CNAME verify it (a name another school holds
 *    verified cannot be); the twin follows once it points here too. The first verified domain becomes the
 *    main address.
 *  - Verified (the daily re-check): records still there → nothing changes. Missing → the creator is told
 *    (failingSince), and after GRACE_DAYS the domain stops serving the school, so a lapsed domain's next
 *    owner neither receives the school's redirects nor is locked out of adding it.
 */
export async function recordDomainCheck(
  scope: TenantScope,
  id: string,
  check: DomainCheckResult & { actorUserId: string | null; now?: Date },
): Promise<{ entry: DomainEntry; changed: "verified" | "lost" | null }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockSchool(tx, scope);
    const entry = await findDomain(scope, id, tx);
    const now = check.now ?? new Date();
    const ok = check.ownership && check.routing[entry.hostname] === true;
    const twinOk = ok && !!entry.twin && check.routing[entry.twin.hostname] === true;
    const set = (rowId: string, values: Partial<DomainRow>) =>
      tx
        .update(domains)
        .set(values)
        .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.id, rowId)));
    let changed: "verified" | "lost" | null = null;

    if (!entry.verifiedAt) {
      if (!ok) {
        await set(id, { lastCheckedAt: now, lastCheckError: check.problem });
        return { entry: await findDomain(scope, id, tx), changed };
      }
      if ((await heldElsewhere(tx, scope, [entry.hostname])).length) {
        throw new DomainError("conflict", `${entry.hostname} is already connected to another school. If it is yours, remove it there first.`);
      }
      await set(id, { verifiedAt: now, lastCheckedAt: now, lastCheckError: null, failingSince: null });
      await endSessionsOn(tx, [entry.hostname]);
      changed = "verified";
      await writeAudit(tx, scope, {
        actorUserId: check.actorUserId,
        action: "domain.verified",
        targetType: "domain",
        targetId: id,
        data: { hostname: entry.hostname },
      });
    } else if (ok) {
      await set(id, { lastCheckedAt: now, lastCheckError: null, failingSince: null });
    } else {
      const since = entry.failingSince ?? now;
      if (now.getTime() - since.getTime() >= GRACE_DAYS * 86_400_000) {
        const lost = `Stopped serving: the records were missing for ${GRACE_DAYS} days. ${check.problem ?? ""}`.trim();
        await set(id, { verifiedAt: null, isPrimary: false, failingSince: null, lastCheckedAt: now, lastCheckError: lost });
        if (entry.twin) await set(entry.twin.id, { verifiedAt: null, isPrimary: false });
        await endSessionsOn(tx, [entry.hostname, ...(entry.twin ? [entry.twin.hostname] : [])]);
        changed = "lost";
        await writeAudit(tx, scope, {
          actorUserId: null,
          action: "domain.verification_lost",
          targetType: "domain",
          targetId: id,
          data: { hostname: entry.hostname },
        });
      } else {
        await set(id, { failingSince: since, lastCheckedAt: now, lastCheckError: check.problem });
      }
    }

    // The twin: verified with (or after) its domain once it points here; never by another school's name.
    if (changed !== "lost" && entry.twin && !entry.twin.verifiedAt && twinOk && !(await heldElsewhere(tx, scope, [entry.twin.hostname])).length) {
      await set(entry.twin.id, { verifiedAt: now });
      await endSessionsOn(tx, [entry.twin.hostname]);
      changed ??= "verified";
    }
    await ensurePrimary(tx, scope);
    return { entry: await findDomain(scope, id, tx), changed };
  });
}

/** Verified domains of every school (the daily re-check; not scoped: a platform job). */
export async function listVerifiedDomainIds(): Promise<{ id: string; creatorId: string }[]> {
  const db = await getDb();
  return db
    .select({ id: domains.id, creatorId: domains.creatorId })
    .from(domains)
    .where(and(isNotNull(domains.verifiedAt), isNull(domains.parentId)))
    .orderBy(asc(domains.creatorId), asc(domains.id));
}

/** Make a verified name (a domain or its twin) the school's canonical host. */
export async function makePrimaryDomain(scope: TenantScope, input: { actorUserId: string; hostname: string }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockSchool(tx, scope);
    const [row] = await tx
      .select()
      .from(domains)
      .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.hostname, input.hostname)));
    if (!row) throw new DomainError("not_found", "Domain not found.");
    if (!row.verifiedAt) throw new DomainError("invalid", `${row.hostname} is not verified yet; verify it before making it your main address.`);
    await tx
      .update(domains)
      .set({ isPrimary: false })
      .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.isPrimary, true)));
    await tx
      .update(domains)
      .set({ isPrimary: true })
      .where(and(eq(domains.creatorId, scope.creatorId), eq(domains.id, row.id)));
    await writeAudit(tx, scope, {
      actorUserId: input.actorUserId,
      action: "domain.made_primary",
      targetType: "domain",
      targetId: row.id,
      data: { hostname: row.hostname },
    });
  });
}

/** Remove a domain and its twin; when it was the canonical host, the longest-verified remaining domain takes over. Returns the names removed. */
export async function removeDomain(scope: TenantScope, input: { actorUserId: string; id: string }): Promise<string[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockSchool(tx, scope);
    const entry = await findDomain(scope, input.id, tx);
    const names = [entry.hostname, ...(entry.twin ? [entry.twin.hostname] : [])];
    await tx.delete(domains).where(and(eq(domains.creatorId, scope.creatorId), eq(domains.id, entry.id)));
    await endSessionsOn(tx, names);
    await ensurePrimary(tx, scope);
    await recordFact(tx, { name: "domains/domain.removed", data: { creatorId: scope.creatorId, domainId: entry.id } });
    await writeAudit(tx, scope, {
      actorUserId: input.actorUserId,
      action: "domain.removed",
      targetType: "domain",
      targetId: entry.id,
      data: { hostname: entry.hostname },
    });
    return names;
  });
}
