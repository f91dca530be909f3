import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";

/**
 * Prepare one migrated database that every test file clones:
 *  - PGlite (default): migrate an in-memory PGlite once and dump it; each file loads the dump (~0.6 s).
 *  - TEST_DATABASE_URL (a real Postgres): migrate a template database; each file creates its own
 *    database from it (CREATE DATABASE … TEMPLATE), so files never share rows.
 */
export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const migrationsFolder = path.resolve("drizzle");
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    // One id per run: concurrent runs against one server never touch each other's databases.
    const runId = `${process.pid}_${Date.now().toString(36)}`;
    const template = `cf_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${template}`;
    const pool = new pg.Pool({ connectionString: u.toString() });
    const { drizzle: drizzlePg } = await import("drizzle-orm/node-postgres");
    const { migrate: migratePg } = await import("drizzle-orm/node-postgres/migrator");
    await migratePg(drizzlePg({ client: pool }), { migrationsFolder });
    await pool.end();
    provide("pgTemplate", template);
    provide("pgRunId", runId);
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const dbs = await c.query(`select datname from pg_database where datname like $1 or datname = $2`, [`cf_t_${runId}_%`, template]);
      for (const r of dbs.rows) await c.query(`drop database if exists ${r.datname} with (force)`);
      await c.end();
    };
  }
  const dir = path.resolve("node_modules/.cache/courseforge");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "pglite-snapshot.tar");
  const db = await PGlite.create();
  await migrate(drizzle({ client: db }), { migrationsFolder });
  const dump = await db.dumpDataDir("none");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  provide("pgliteSnapshot", file);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
    pgRunId: string;
  }
}
