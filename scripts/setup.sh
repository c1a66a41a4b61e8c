#!/usr/bin/env bash
# Installs what netbundle needs on a fresh Debian machine with Node 20: Debian packages
# (when missing and we are root), npm packages, the Prisma client and the database schema.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_debs() {
  local missing=()
  for pair in "$@"; do
    local bin=${pair%%:*} pkg=${pair##*:}
    command -v "$bin" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "setup: installing Debian packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: missing ${missing[*]} (install them, or run as root to let setup do it)" >&2
    fi
  fi
}

# Runtime: lib/archive reads .tar.xz and .tar.bz2 through the system decoders.
need_debs xz:xz-utils bzip2:bzip2

if [ "${1:-}" = "--test" ]; then
  # Test-only tools: a browser, capture tools and the tshark oracle, shells the collector
  # must run under, the netfilter userlands and PostgreSQL for the pg path.
  need_debs chromium:chromium tshark:tshark tcpdump:tcpdump busybox:busybox shellcheck:shellcheck \
    dash:dash iptables:iptables nft:nftables conntrack:conntrack ipvsadm:ipvsadm ip:iproute2 \
    /usr/lib/postgresql/15/bin/postgres:postgresql
  # Real sosreports for test/scenarios/sosreport-*.test.ts (Debian's sos 4.x).
  need_debs sos:sosreport
fi

export PRISMA_QUERY_ENGINE_LIBRARY="$PWD/.prisma-placeholder"
touch .prisma-placeholder
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` with the committed lock, not `npm ci`: npm 11 leaves other platforms'
  # optional packages (rollup, tailwind oxide) out of the lock and `npm ci` then refuses it.
  echo "setup: npm install (versions from package-lock.json)"
  npm install --no-audit --no-fund
fi
npx prisma generate >/dev/null
# The PostgreSQL client too (generated from prisma/postgres/schema.prisma, itself generated
# from the SQLite schema), so DATABASE_URL=postgres://… works without another step.
npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null
mkdir -p data
npx prisma migrate deploy >/dev/null
