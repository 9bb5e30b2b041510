"""benchmarks/load_test.py still runs: a one-second, three-client smoke run on the seed store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sanctions_graph.query import named_queries

pytestmark = pytest.mark.server

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "load_test.py"


def test_load_test_reports_throughput_latency_and_errors(seed_store):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--store", str(seed_store), "--seconds", "1",
         "--clients", "3", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["errors"] == 0 and figures["clients_still_running"] == 0
    assert figures["requests"] > 0 and figures["throughput_per_s"] > 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert set(figures["queries"]) == set(named_queries())


def test_load_test_refuses_an_unbounded_run(seed_store):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--store", str(seed_store), "--seconds", "100000"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2 and "at most 600" in done.stderr
