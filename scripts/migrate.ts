import { closeDb } from "@/db/lifecycle";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/env";

const started = Date.now();
await migrateDatabase();
console.log(`Migrated (${env().databaseDriver}) in ${Date.now() - started} ms`);
await closeDb();
