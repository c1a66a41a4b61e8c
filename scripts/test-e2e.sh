#!/usr/bin/env bash
# Browser tests: Playwright with Debian's chromium against `next build && next start`
# (see playwright.config.ts). Needs /usr/bin/chromium (scripts/setup.sh --test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "test-e2e: /usr/bin/chromium missing (run scripts/setup.sh --test)" >&2
  exit 1
fi
exec npx playwright test "$@"
