import os from "node:os";
import pg from "pg";
import { withBenchDatabase, writeResult } from "./lib";

/**
 * Credit ledger on the real Postgres: 50 concurrent clients doing hold + settle (capture part,
 * release the rest) for 10 s, spread over 10 creators (5 clients each, so holds on one creator
 * really contend). Goal (issue #4): ≥ 500 operations/s, never overdrawn, books balanced.
 */
export function benchLedger() {
  process.env.DATABASE_POOL_MAX = process.env.DATABASE_POOL_MAX ?? "16";
  return withBenchDatabase("ledger", { seed: true }, async () => {
    const { createCreatorWithOwner } = await import("@/db/queries/tenants");
    const { findUserByEmail } = await import("@/db/queries/users");
    const { systemScope } = await import("@/db/scope");
    const credits = await import("@/db/queries/credits");
    const owner = (await findUserByEmail("owner@acme.test"))!;
    const scopes: ReturnType<typeof systemScope>[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await createCreatorWithOwner({ ownerUserId: owner.id, name: `Bench ${i}`, slug: `bench-${i}` });
      const s = systemScope(c.id);
      await credits.grantCredits(s, { amount: 1_000_000, key: "bench-grant" });
      scopes.push(s);
    }
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const clients = 50;
    const end = Date.now() + seconds * 1000;
    let ops = 0;
    let insufficient = 0;
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const scope = scopes[c % scopes.length]!;
        let i = 0;
        while (Date.now() < end) {
          const n = i++;
          const key = `c${c}-${n}`;
          const amount = 1 + (n % 5);
          const t0 = performance.now();
          try {
            const hold = await credits.holdCredits(scope, { amount, key: `${key}:hold`, reason: "bench" });
            latencies.push(performance.now() - t0);
            ops++;
            const t1 = performance.now();
            await credits.settleHold(scope, { holdId: hold.id, used: Math.min(amount, n % 3), key: `${key}:settle` });
            latencies.push(performance.now() - t1);
            ops++;
          } catch (err) {
            if (err instanceof credits.InsufficientCreditsError) insufficient++;
            else throw err;
          }
        }
      }),
    );
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const unbalanced = (await pool.query(`select count(*)::int as n from (select transaction_id from credit_postings group by 1 having sum(amount) <> 0) x`))
      .rows[0].n;
    const negative = (await pool.query(`select count(*)::int as n from credit_accounts where creator_id is not null and balance < 0`)).rows[0].n;
    const drift = (
      await pool.query(
        `select count(*)::int as n from (select a.id from credit_accounts a left join credit_postings p on p.account_id = a.id where a.creator_id is not null group by a.id, a.balance having a.balance <> coalesce(sum(p.amount),0)) x`,
      )
    ).rows[0].n;
    await pool.end();
    latencies.sort((a, b) => a - b);
    const p = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! * 10) / 10;
    const opsPerSecond = Math.round(ops / seconds);
    const result = {
      benchmark: "ledger",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      database: "postgres (local server)",
      clients,
      creators: scopes.length,
      seconds,
      operations: ops,
      opsPerSecond,
      latencyMs: { p50: p(0.5), p95: p(0.95), p99: p(0.99) },
      insufficient,
      checks: { unbalancedTransactions: unbalanced, negativeCreatorBalances: negative, cachedBalanceDrift: drift },
      goals: { "≥ 500 operations/s": opsPerSecond >= 500, "never overdrawn, books balanced": unbalanced === 0 && negative === 0 && drift === 0 },
    };
    const file = writeResult("ledger", result);
    console.log(JSON.stringify({ opsPerSecond, latencyMs: result.latencyMs, checks: result.checks, goals: result.goals }, null, 2));
    console.log(`→ ${file}`);
    return result;
  });
}
