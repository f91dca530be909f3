import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./test/chromium";

const PORT = 3100;
const launchOptions = { executablePath: chromiumPath(), args: chromiumArgs };

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
    reuseExistingServer: !!process.env.E2E_REUSE_SERVER,
    stdout: "ignore",
    stderr: "pipe",
  },
});
