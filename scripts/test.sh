#!/usr/bin/env bash
# Install everything the tests need (venv, npm packages, Debian's Chromium) and run the whole suite:
# lint, then pytest on SQLite — and on PostgreSQL too when KESU_TEST_DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev

if ! command -v chromium >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
if [ -f tests/e2e/node/package-lock.json ] && [ ! -d tests/e2e/node/node_modules ]; then
  (cd tests/e2e/node && npm ci --no-audit --no-fund --loglevel=error)
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
