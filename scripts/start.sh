#!/usr/bin/env bash
# `npm start`: install what is missing, build when sources changed, load the demo bundle,
# serve on ${PORT:-3000}. Embedded mode by default (SQLite + data/ + in-process worker);
# with DATABASE_URL=postgres://… the pg client is generated and pg migrations applied.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PRISMA_QUERY_ENGINE_LIBRARY="$PWD/.prisma-placeholder"
# Air-gapped: Next.js would otherwise send anonymous build and usage telemetry.
export NEXT_TELEMETRY_DISABLED=1

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*)
    if [ ! -f lib/generated/prisma-pg/index.js ] || [ prisma/postgres/schema.prisma -nt lib/generated/prisma-pg/index.js ]; then
      echo "start: generating the PostgreSQL Prisma client"
      npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null
    fi
    node prisma/postgres/migrate.mjs
    ;;
esac

# Rebuild only when something the build reads is newer than the last build.
dist=${NETBUNDLE_NEXT_DIST_DIR:-.next}
stale=yes
if [ -f "$dist/BUILD_ID" ]; then
  newer=$(find app lib public components instrumentation.ts next.config.ts postcss.config.mjs package-lock.json prisma/schema.prisma \
    -path lib/generated -prune -o -newer "$dist/BUILD_ID" -type f -print -quit 2>/dev/null || true)
  [ -z "$newer" ] && stale=no
fi
if [ "$stale" = yes ]; then
  echo "start: next build"
  npx next build
else
  echo "start: build is up to date"
fi

# The demo bundle goes through the same upload + ingest-job path as a browser upload. The
# first admin is made here as well when no user exists, so its credentials are printed in
# this log (NETBUNDLE_ADMIN_EMAIL/PASSWORD, or a random password kept in the data dir).
npx tsx --conditions=react-server scripts/load-demo.ts || echo "start: demo bundle not loaded (see above); the app works without it"

# A larger V8 young generation halves ingest time of big journals (see bin/netbundle.mjs).
# Uploads are limited by idleness, not total time (scripts/http-timeouts.cjs).
export NODE_OPTIONS="--max-semi-space-size=64 --require $PWD/scripts/http-timeouts.cjs ${NODE_OPTIONS:-}"
exec npx next start -p "${PORT:-3000}"
