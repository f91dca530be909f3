import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { getDb } from "./client";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

/**
 * Run at server start (instrumentation.ts). On the embedded default (PGlite) an empty data
 * directory is migrated and seeded, so the first command gives a working product. On a Postgres
 * server migrations are applied with `npm run db:migrate` by whoever deploys.
 */
export async function bootstrapDatabase(): Promise<void> {
  const e = env();
  if (e.databaseDriver !== "pglite") return;
  await migrateDatabase();
  if (!e.seedDemo) return;
  const db = await getDb();
  const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from creators`);
  if ((r.rows[0]?.n ?? 0) === 0) await seedDemo();
}
