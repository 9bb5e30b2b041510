#!/usr/bin/env bash
# The main job: set up, then build the graph from seeds/ into the store and exports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/sanctions-graph build seeds/ "$@"
