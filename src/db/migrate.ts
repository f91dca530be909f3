import path from "node:path";
import { getDb, currentDriver } from "./client";

const migrationsFolder = path.resolve(process.cwd(), "drizzle");

/** Apply drizzle/ migrations with the driver in use. */
export async function migrateDatabase(): Promise<void> {
  const db = await getDb();
  const driver = currentDriver();
  if (driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  } else if (driver === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db, { migrationsFolder });
  }
}
