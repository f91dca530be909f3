import { asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { getDb } from "../client";
import { creators } from "../schema";

/**
 * Reads for the platform-admin area only (support staff of Courseforge, not creators): they list
 * every school by design. Pages and actions that call these check `isPlatformAdmin` first.
 */
export type SchoolForAdmin = {
  id: string;
  slug: string;
  name: string;
  plan: string;
  createdAt: Date;
  ownerEmail: string | null;
  available: number;
  held: number;
};

export async function listSchoolsForAdmin(opts: { q?: string; limit?: number } = {}): Promise<SchoolForAdmin[]> {
  const db = await getDb();
  const q = opts.q?.trim();
  // Correlated sub-selects, written out with table names (drizzle leaves columns unqualified in sql``).
  const balance = (kind: "available" | "held") =>
    sql<number>`coalesce((select ca.balance from credit_accounts ca where ca.creator_id = "creators"."id" and ca.kind = ${kind}), 0)::int`;
  const ownerEmail = sql<
    string | null
  >`(select min(u.email) from creator_members cm join "user" u on u.id = cm.user_id where cm.creator_id = "creators"."id" and cm.role = 'owner')`;
  return db
    .select({
      id: creators.id,
      slug: creators.slug,
      name: creators.name,
      plan: creators.plan,
      createdAt: creators.createdAt,
      ownerEmail,
      available: balance("available"),
      held: balance("held"),
    })
    .from(creators)
    .where(q ? or(ilike(creators.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`), ilike(creators.slug, `%${q.replace(/[%_\\]/g, "\\$&")}%`)) : undefined)
    .orderBy(asc(creators.slug))
    .limit(opts.limit ?? 200);
}

/** One school by id, for the adjustment action (null when there is none). */
export async function findSchoolForAdmin(id: string): Promise<{ id: string; name: string } | null> {
  const db = await getDb();
  const [c] = await db.select({ id: creators.id, name: creators.name }).from(creators).where(eq(creators.id, id));
  return c ?? null;
}

/** Names and subdomains of the schools with these ids (the jobs list names the school a run belongs to). */
export async function schoolNamesByIds(ids: string[]): Promise<Map<string, { name: string; slug: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: creators.id, name: creators.name, slug: creators.slug }).from(creators).where(inArray(creators.id, unique));
  return new Map(rows.map((r) => [r.id, { name: r.name, slug: r.slug }]));
}

/** The admin home's figures: how many schools, and how many joined in the last 7 days. */
export async function schoolCounts(): Promise<{ total: number; lastWeek: number }> {
  const db = await getDb();
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, lastWeek: sql<number>`count(*) filter (where ${creators.createdAt} > now() - interval '7 days')::int` })
    .from(creators);
  return { total: row?.total ?? 0, lastWeek: row?.lastWeek ?? 0 };
}
