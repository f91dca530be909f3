import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { getDb } from "./client";
import { migrateDatabase } from "./migrate";

/**
 * Run at server start (instrumentation.ts). On the embedded default (PGlite) the data directory is
 * migrated, and the answer says whether it is empty and should get the demo schools (the caller seeds
 * it: the seed is a script above the database layer). On a Postgres server migrations are applied with
 * `npm run db:migrate` by whoever deploys.
 */
export async function bootstrapDatabase(): Promise<{ needsDemoSeed: boolean }> {
  const e = env();
  if (e.databaseDriver !== "pglite") return { needsDemoSeed: false };
  await migrateDatabase();
  if (!e.seedDemo) return { needsDemoSeed: false };
  const db = await getDb();
  const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from creators`);
  return { needsDemoSeed: (r.rows[0]?.n ?? 0) === 0 };
}
