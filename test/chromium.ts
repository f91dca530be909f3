import { execSync } from "node:child_process";
import fs from "node:fs";

/** Debian's Chromium (never a downloaded browser), shared by Playwright's config and Vitest tests that need a browser. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const cmd of ["chromium", "chromium-browser"]) {
    try {
      const p = execSync(`command -v ${cmd}`, { encoding: "utf8" }).trim();
      if (p) return p;
    } catch {
      // keep looking
    }
  }
  throw new Error("No Chromium found for the browser tests. Install Debian's: `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).");
}

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
