// `npm run bench`: every benchmark, each writing JSON figures to bench/results/.
// Needs a production build (`npm run build`). BENCH_ONLY=name runs one.
// Each benchmark runs in its own process: configuration (env()) and database pools are per process.
import { spawnSync } from "node:child_process";

// The benchmarks' own servers and runner processes share one secret (it also keys the embedded executor's signatures).
process.env.BETTER_AUTH_SECRET ??= "YmVuY2gtb25seS1zZWNyZXQta2V5LWZvci1sb2NhbC1ydW5z";

// Imported when run, not before: a benchmark may set its configuration before the app's modules read it.
const all: Record<string, () => Promise<unknown>> = {
  "tenant-home": async () => (await import("./tenant-home")).benchTenantHome(),
  "job-runner": async () => (await import("./job-runner")).benchJobRunner(),
  ledger: async () => (await import("./ledger")).benchLedger(),
  autosave: async () => (await import("./autosave")).benchAutosave(),
  checkout: async () => (await import("./checkout")).benchCheckout(),
  player: async () => (await import("./player")).benchPlayer(),
  lighthouse: async () => (await import("./lighthouse")).benchLighthouse(),
  dashboard: async () => (await import("./dashboard")).benchDashboard(),
  "public-site": async () => (await import("./public-site")).benchPublicSite(),
  video: async () => (await import("./video")).benchVideo(),
  ai: async () => (await import("./ai")).benchAi(),
};
const only = process.env.BENCH_ONLY;
if (only) {
  const fn = all[only];
  if (!fn) throw new Error(`BENCH_ONLY: no benchmark "${only}" (have: ${Object.keys(all).join(", ")})`);
  console.log(`── bench: ${only}`);
  await fn();
} else {
  let failed = 0;
  for (const name of Object.keys(all)) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "bench/run.ts"], {
      stdio: "inherit",
      env: { ...process.env, BENCH_ONLY: name },
    });
    if (r.status !== 0) failed++;
  }
  if (failed) process.exit(1);
}
process.exit(0);
