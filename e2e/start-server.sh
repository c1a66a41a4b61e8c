#!/usr/bin/env bash
# Starts the app for the browser tests: a fresh SQLite schema in NETBUNDLE_DATA_DIR (a temp
# dir from playwright.config.ts), a production build, then `next start` on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:?port}
case "${NETBUNDLE_DATA_DIR:-}" in
  /tmp/*|"${TMPDIR:-/tmp}"/*) ;;
  *) echo "e2e: refusing to run with NETBUNDLE_DATA_DIR='${NETBUNDLE_DATA_DIR:-}' (not a temp dir)" >&2; exit 1 ;;
esac
if [ -n "${DATABASE_URL:-}" ]; then
  echo "e2e: refusing to run against DATABASE_URL (the browser tests use their own SQLite file)" >&2
  exit 1
fi
mkdir -p "$NETBUNDLE_DATA_DIR"
export PRISMA_QUERY_ENGINE_LIBRARY="$PWD/.prisma-placeholder"
touch .prisma-placeholder
npx prisma migrate deploy >/dev/null
npx next build >"$NETBUNDLE_DATA_DIR/../next-build.log" 2>&1 || { tail -50 "$NETBUNDLE_DATA_DIR/../next-build.log" >&2; exit 1; }
export NODE_OPTIONS="--require $PWD/scripts/http-timeouts.cjs ${NODE_OPTIONS:-}"
exec npx next start -H 127.0.0.1 -p "$PORT"
