// `npm run bench`: every benchmark, each writing JSON figures to bench/results/.
// Needs a production build (`npm run build`). BENCH_ONLY=name runs one.
import { benchAutosave } from "./autosave";
import { benchJobRunner } from "./job-runner";
import { benchLedger } from "./ledger";
import { benchTenantHome } from "./tenant-home";

const all: Record<string, () => Promise<unknown>> = { "tenant-home": benchTenantHome, "job-runner": benchJobRunner, ledger: benchLedger, autosave: benchAutosave };
const only = process.env.BENCH_ONLY;
for (const [name, fn] of Object.entries(all)) {
  if (only && only !== name) continue;
  console.log(`── bench: ${name}`);
  await fn();
}
process.exit(0);
