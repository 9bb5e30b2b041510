#!/usr/bin/env bash
# Make .venv with the package and its dependencies (and, with --test, what
# the test suite drives: pytest, Playwright, the Oxigraph server, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  bash scripts/install-system-deps.sh
else
  .venv/bin/python -m pip install -q -e .
fi
