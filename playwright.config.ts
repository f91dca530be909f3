import { execSync } from "node:child_process";
import fs from "node:fs";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium (never a downloaded browser). */
function chromiumPath(): string {
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
  throw new Error("No Chromium found for the e2e tests. Install Debian's: `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).");
}

const PORT = 3100;
const launchOptions = {
  executablePath: chromiumPath(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  outputDir: "test-results",
  use: { launchOptions, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "app-host", testDir: "e2e/app", use: { baseURL: `http://app.localhost:${PORT}` } },
    { name: "tenant-host", testDir: "e2e/tenant", use: { baseURL: `http://acme.localhost:${PORT}` } },
  ],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
