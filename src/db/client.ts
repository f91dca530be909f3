import "server-only";
import path from "node:path";
import fs from "node:fs";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

/**
 * The one database client. Only src/db/** imports this file (ESLint enforces it).
 *
 * Driver by environment (see src/lib/env.ts):
 *   no DATABASE_URL            → PGlite in $DATA_DIR/pglite (embedded default)
 *   DATABASE_URL=pglite:memory → in-memory PGlite; pglite:<dir> → PGlite in <dir>
 *   postgres://…               → node-postgres pool
 *   Neon URL or DATABASE_DRIVER=neon → @neondatabase/serverless Pool (transactions work)
 *
 * Opened lazily (next build imports route modules) and kept on globalThis, because a PGlite
 * directory opened twice in one process silently diverges.
 */
export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Handle = { db: Db; driver: "pglite" | "pg" | "neon"; close: () => Promise<void> };

const g = globalThis as unknown as { __courseforgeDb?: Handle };

export function pgliteDataDir(): string | null {
  const url = env().DATABASE_URL ?? "";
  if (url === "pglite:memory" || url === "memory://") return null;
  if (url.startsWith("pglite:")) return path.resolve(url.slice("pglite:".length));
  return path.resolve(env().DATA_DIR, "pglite");
}

async function open(): Promise<Handle> {
  const e = env();
  if (e.databaseDriver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const dir = pgliteDataDir();
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const client = dir ? new PGlite(dir) : new PGlite();
    await client.waitReady;
    const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "pglite", close: () => client.close() };
  }
  if (e.databaseDriver === "neon") {
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const ws = await import("ws");
    if (typeof WebSocket === "undefined") neonConfig.webSocketConstructor = ws.default;
    const pool = new Pool({ connectionString: e.DATABASE_URL });
    const db = drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "neon", close: () => pool.end() };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: e.DATABASE_URL, max: e.DATABASE_POOL_MAX });
  // An idle client losing its connection (server restart, failover) must not crash the process.
  pool.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "db.pool_error", error: err.message })));
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return { db, driver: "pg", close: () => pool.end() };
}

let opening: Promise<Handle> | undefined;

/** The database, opened on first use. */
export async function getDb(): Promise<Db> {
  if (g.__courseforgeDb) return g.__courseforgeDb.db;
  opening ??= open().then((h) => {
    g.__courseforgeDb = h;
    return h;
  });
  return (await opening).db;
}

export function currentDriver(): Handle["driver"] | undefined {
  return g.__courseforgeDb?.driver;
}

/** Tests inject their own database (a PGlite cloned from a migrated snapshot, or a real Postgres). */
export function setDbForTests(db: Db, driver: Handle["driver"] = "pglite", close: () => Promise<void> = async () => {}) {
  g.__courseforgeDb = { db, driver, close };
}

export function resetDbForTests() {
  g.__courseforgeDb = undefined;
  opening = undefined;
}

export async function closeDb(): Promise<void> {
  const h = g.__courseforgeDb;
  g.__courseforgeDb = undefined;
  opening = undefined;
  if (h) await h.close();
}
