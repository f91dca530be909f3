import { closeDb } from "@/db/lifecycle";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/lib/demo/seed";

await migrateDatabase();
const { created } = await seedDemo();
console.log(created.length ? `Seeded demo sites: ${created.join(", ")}` : "Demo sites already present; nothing to do.");
await closeDb();
