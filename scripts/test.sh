#!/usr/bin/env bash
# Runs every test: unit and integration tests (vitest, including the collector tests that
# build network namespaces as root), then the browser tests (Playwright + Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
npx tsc --noEmit
npx vitest run
