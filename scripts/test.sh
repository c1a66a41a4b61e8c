#!/usr/bin/env bash
# Runs every test: the type check, unit and integration tests (vitest: parsers, archives,
# the collector run for real as root in network namespaces the tests create, scenario
# reproductions, SQLite and a real PostgreSQL server), then the browser tests (Playwright
# driving Debian chromium against a production build). Ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .test-reports   # not test-results/: Playwright empties its output dir when it starts
echo "== type check"
npx tsc --noEmit
echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile=.test-reports/vitest.json
echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json bash scripts/test-e2e.sh --reporter=list,json
node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(".test-reports/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync(".test-reports/playwright.json", "utf8")).stats;
const passed = v.numPassedTests + p.expected, failed = v.numFailedTests + p.unexpected;
console.log(`tests: ${passed} passed, ${failed} failed`);'
