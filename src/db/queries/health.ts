import { sql } from "drizzle-orm";
import { currentDriver, getDb } from "../client";

export async function pingDatabase() {
  const db = await getDb();
  await db.execute(sql`select 1`);
  return currentDriver();
}
