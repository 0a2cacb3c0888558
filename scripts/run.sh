#!/usr/bin/env bash
# Install Kesu, load the demo desk on the embedded SQLite database, and start it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KESU_DATA_DIR=${KESU_DATA_DIR:-./data}
.venv/bin/kesu migrate
.venv/bin/kesu demo
exec .venv/bin/kesu run
