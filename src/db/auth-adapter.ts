import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDb } from "./client";
import * as schema from "./schema";

/** Better Auth's database adapter over our Drizzle client (auth tables live in schema/auth.ts). */
export async function authDatabaseAdapter() {
  const db = await getDb();
  return drizzleAdapter(db, { provider: "pg", schema });
}
