#!/usr/bin/env bash
# Shared by run.sh and test.sh: a virtualenv with Kesu installed. Idempotent and quiet when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
extras=${1:-}
stamp=".venv/.kesu-installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
