import fs from "node:fs";
import { afterAll, beforeAll, inject, vi } from "vitest";

// Outside a Next.js server there is no incremental cache: cached reads pass through and tag
// revalidation is a no-op (files that assert on revalidation mock next/cache themselves).
vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: vi.fn(), revalidateTag: vi.fn(), revalidatePath: vi.fn() }));

/**
 * Give each test file its own database, cloned from the migrated snapshot/template made in
 * global-setup, and hand it to src/db/client via setDbForTests (about 0.6 s a file on PGlite).
 */
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const { setDbForTests, closeDb } = await import("@/db/client");
  await closeDb();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = inject("pgTemplate");
    const name = `cf_t_${inject("pgRunId")}_${Math.random().toString(36).slice(2, 8)}`;
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 20 });
    // Dropping the database at teardown terminates idle connections the pool is still closing.
    pool.on("error", (err: Error & { code?: string }) => {
      if (err.code !== "57P01") console.error("test pool error:", err);
    });
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const schema = await import("@/db/schema");
    setDbForTests(drizzle({ client: pool, schema, casing: "snake_case" }), "pg", () => pool.end());
    close = async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    return;
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const schema = await import("@/db/schema");
  const snapshot = fs.readFileSync(inject("pgliteSnapshot"));
  const client = await PGlite.create({ loadDataDir: new Blob([snapshot]) });
  setDbForTests(drizzle({ client, schema, casing: "snake_case" }) as never, "pglite", () => client.close());
  close = () => client.close();
});

afterAll(async () => {
  const { resetDbForTests } = await import("@/db/client");
  resetDbForTests();
  await close?.();
});
