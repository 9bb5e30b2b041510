#!/usr/bin/env bash
# Set up and run the whole test suite, browser and server tests included.
# Fails when pytest collects no test (its exit code 5), never passes on zero.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest ran no test; that is a failure" >&2
  exit 1
fi
exit "$status"
