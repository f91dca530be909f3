#!/usr/bin/env node
// Sum Vitest and Playwright JSON reports into one line: "N passed, N failed, N skipped".
// A missing or unreadable report counts as a failure (the runner crashed before reporting).
import fs from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of process.argv.slice(2)) {
  let r;
  try {
    r = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    console.error(`missing or unreadable report: ${file}`);
    failed += 1;
    continue;
  }
  if ("numPassedTests" in r) {
    // Vitest (jest-compatible JSON)
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (r.numFailedTestSuites && !r.numFailedTests) failed += r.numFailedTestSuites;
  } else if (r.stats) {
    // Playwright
    passed += (r.stats.expected ?? 0) + (r.stats.flaky ?? 0);
    failed += (r.stats.unexpected ?? 0) + (r.errors?.length ?? 0);
    skipped += r.stats.skipped ?? 0;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
