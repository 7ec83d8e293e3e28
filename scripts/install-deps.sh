#!/usr/bin/env bash
# Installs the Debian 12 packages linli needs to build, run and test; skips what is present.
# Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config clang-format git
  libboost-dev libboost-program-options-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libssl-dev
  libhowardhinnant-date-dev tzdata libopencc-dev libpq-dev
  libargon2-dev libxlsxwriter-dev zlib1g-dev libzstd-dev libcsv-dev
  postgresql  # the server the PostgreSQL tests start for their run (scripts/pg-cluster.sh)
  nginx       # the round-robin proxy in front of three instances (test_pg_nginx.py)
  catch2 python3 curl
  chromium fonts-wqy-zenhei  # the browser test's screenshots show Chinese, not empty boxes
  "$@"
)
# The functional tests run telegram-test-api and the platforms' SDKs (npm, tests/functional/emulators)
# under Node.js; any Node.js 18+ will do.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser tests drive Debian's Chromium with playwright-core, at the version
# tests/browser/package-lock.json pins; no browser is ever downloaded. The same lock pins uPlot,
# the dashboard's chart library, which the build embeds into linli.
browser_tests="$(dirname "$0")/../tests/browser"
[ -d "$browser_tests/node_modules/playwright-core" ] && [ -d "$browser_tests/node_modules/uplot" ] ||
  (cd "$browser_tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
