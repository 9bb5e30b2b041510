"""Shared fixtures: the seed articles built once into a store for the session."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sanctions_graph.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (for the tests)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "fixtures" / "gold"


def stop(process: subprocess.Popen) -> None:
    """End a child process: SIGTERM (so that it can stop its own children), SIGKILL after 10 s."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store folder with the three seed articles ingested (read it, do not write it)."""
    from sanctions_graph.graph import KnowledgeGraph

    folder = tmp_path_factory.mktemp("seed-store") / "store"
    with KnowledgeGraph.open(folder) as kg:
        kg.load_ontology()
        kg.ingest([SEEDS], workers=1)
    return folder


@pytest.fixture(scope="module")
def served_store(seed_store, tmp_path_factory) -> Path:
    """A copy of the seed store for a module's servers, which open it read-only while they run."""
    target = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(seed_store, target)
    return target


@pytest.fixture
def seed_store_copy(seed_store, tmp_path) -> Path:
    """A private copy of the seed store that a test may change."""
    target = tmp_path / "store"
    shutil.copytree(seed_store, target)
    return target
