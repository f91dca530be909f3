#!/usr/bin/env bash
# `npm test`: lint, typecheck, unit + integration tests (Vitest) and the e2e suite (Playwright).
#   TEST_DATABASE_URL=postgres://…  → integration tests on that Postgres server (a database per file)
#   E2E_DATABASE_URL=postgres://…   → the e2e server on that (local) database
#   SKIP_BUILD=1                    → reuse the existing production build for e2e
#   SKIP_E2E=1                      → no production build, no e2e (CI runs e2e once, on Postgres)
# Prints "N passed, N failed, N skipped" summed from both runners' JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 BETTER_AUTH_TELEMETRY=0
mkdir -p reports
rm -f reports/vitest.json reports/playwright.json
status=0

step() { echo; echo "── $1"; }

echo "node $(node --version)"
step "lint";       npx eslint . --max-warnings=0 && npx prettier --check . || status=1
step "typecheck";  npx tsc --noEmit || status=1
step "unit + integration (${TEST_DATABASE_URL:+postgres}${TEST_DATABASE_URL:-pglite})"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1

if [[ "${SKIP_E2E:-0}" == "1" ]]; then
  node scripts/summarize-reports.mjs reports/vitest.json || status=1
  exit $status
fi
if [[ "${SKIP_BUILD:-0}" != "1" || ! -f .next/BUILD_ID ]]; then
  step "production build"
  BETTER_AUTH_SECRET="${BETTER_AUTH_SECRET:-build-time-only-secret-build-time-only-secret}" npx next build || status=1
fi
step "e2e (${E2E_DATABASE_URL:+postgres}${E2E_DATABASE_URL:-pglite})"
npx playwright test || status=1

node scripts/summarize-reports.mjs reports/vitest.json reports/playwright.json || status=1
exit $status
