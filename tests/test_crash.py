"""A killed `sanctions-graph ingest` loses nothing: each article is whole or absent.

A real `sanctions-graph ingest` of a batch of 30 small articles is killed with
SIGKILL (its whole process group, workers included) at random points: while
spaCy loads, while articles are extracted, and right after it reports article
k, when it is about to write it. The store is then reopened and each article
graph compared with a clean ingest of the same files: it must hold exactly the
same triples, or not exist. With an older version of every article already in
the store, each graph must be either the old version or the new one.

SOURCE_DATE_EPOCH pins the extraction timestamp, so that the same article
gives the same triples in every run; the kill points come from a seeded
random generator, printed in the assertion messages.

test_store.py kills a writer of one graph over and over; test_cli.py checks
that re-ingesting keeps the quad count. This module adds the whole command,
byte-identical re-ingests, and a changed article replacing its graph.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from sanctions_graph.build import article_graph_iri
from sanctions_graph.namespace import GRAPH_BASE, ONTOLOGY_GRAPH, REFERENCE_GRAPH
from sanctions_graph.store import Store

from .conftest import SEEDS

pytestmark = pytest.mark.slow

ARTICLES = 30
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUNBUFFERED": "1"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def write_articles(folder: Path, version: str) -> list[Path]:
    """30 short articles cut from the seeds, each a little different from the others."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paths = []
    for n in range(ARTICLES):
        text = seeds[n % len(seeds)]
        lines = [line for line in text.splitlines() if line.strip()]
        headline = lines[0]
        body = [line for line in lines[1:] if not line.startswith("Published:")]
        start = (n // len(seeds)) % max(1, len(body) - 3)
        paragraphs = body[start : start + 3]
        extra = (f"On {n + 1} {MONTHS[n % 12]}, China ordered its banks to freeze the accounts "
                 f"of North Korean trading company number {n}.")
        if version == "old":
            extra = f"Officials said talks would resume in {MONTHS[(n + 5) % 12]}."
        article = "\n\n".join([f"{headline} ({n})", f"Published: 2017-10-{n % 28 + 1:02d}",
                               *paragraphs, extra])
        path = folder / f"article-{n:02d}.txt"
        path.write_text(article + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def ingest_command(folder: Path, store: Path, workers: int | None) -> list[str]:
    command = [sys.executable, "-m", "sanctions_graph.cli", "ingest", str(folder),
               "--store", str(store)]
    return command + (["--workers", str(workers)] if workers else [])


def clean_ingest(folder: Path, store: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(ingest_command(folder, store, 1), env=ENV, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def graphs(store: Path) -> dict[str, Graph]:
    """Every named graph of the store, as rdflib graphs."""
    out: dict[str, Graph] = {}
    with Store.open(store, create=False) as s:
        for name in s.graph_names():
            g = Graph()
            for t in s.triples(name):
                g.add(t)
            out[name] = g
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The new and old versions of the articles, and a clean ingest of each."""
    root = tmp_path_factory.mktemp("crash")
    new, old = root / "new", root / "old"
    write_articles(new, "new")
    write_articles(old, "old")
    seconds = clean_ingest(new, root / "clean-new")
    clean_ingest(old, root / "clean-old")
    return {
        "root": root, "new": new, "old": old, "seconds": seconds,
        "clean_new": graphs(root / "clean-new"), "clean_old": graphs(root / "clean-old"),
    }


def test_the_clean_ingests_hold_every_article(batch):
    for key in ("clean_new", "clean_old"):
        names = set(batch[key])
        articles = {n for n in names if n.startswith(GRAPH_BASE + "article/")}
        assert len(articles) == ARTICLES
        assert names == articles | {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)}
        assert all(len(g) > 10 for g in batch[key].values())
    # The two versions differ in every article, so "old or new" can tell them apart.
    for name, g in batch["clean_new"].items():
        if name.startswith(GRAPH_BASE + "article/"):
            assert not isomorphic(g, batch["clean_old"][name])


def kill_at_random(command: list[str], rng: random.Random, seconds: float,
                   mode: str = "progress") -> str:
    """Start the ingest; SIGKILL it (and its workers) at a random point; say where.

    ``mode`` "progress" kills right after a random article's progress line,
    "timed" after a random delay (often while spaCy loads, before any write).
    """
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        if mode == "progress":
            # Right after the progress line for article k: it is being written now.
            k = rng.randint(1, ARTICLES)
            deadline = time.monotonic() + 300
            for line in process.stderr:
                match = re.match(r"\[(\d+)/\d+\]", line)
                if (match and int(match.group(1)) >= k) or time.monotonic() > deadline:
                    break
            where = f"after progress line {k}"
        else:
            delay = rng.uniform(0.3, seconds)
            time.sleep(delay)
            where = f"after {delay:.2f} s"
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the group we started: ingest and its workers
        process.wait(timeout=60)
        process.stderr.close()
    return where


def check_whole_or_absent(store: Path, allowed: list[dict[str, Graph]], where: str) -> int:
    """Every graph in the store is one of the allowed versions; return how many articles are."""
    found = graphs(store)
    for name, g in found.items():
        versions = [v[name] for v in allowed if name in v]
        assert versions, f"killed {where}: unexpected graph {name}"
        assert any(isomorphic(g, v) for v in versions), (
            f"killed {where}: graph {name} is a mix ({len(g)} triples; "
            f"versions have {[len(v) for v in versions]})"
        )
    return sum(1 for n in found if n.startswith(GRAPH_BASE + "article/"))


# Single process (--workers 1) and the worker-process path (30 articles are
# enough for extract_paths to start workers).
RUNS = [("progress", None), ("progress", 1), ("timed", None), ("timed", 1)]


@pytest.mark.parametrize("run", range(len(RUNS)))
def test_killed_ingest_into_a_new_store_leaves_whole_articles(batch, run, tmp_path):
    rng = random.Random(1000 + run)
    store = tmp_path / "store"
    mode, workers = RUNS[run]
    where = kill_at_random(ingest_command(batch["new"], store, workers), rng,
                           batch["seconds"], mode)
    if not store.exists():
        return  # killed before the store was created: nothing to lose
    articles = check_whole_or_absent(store, [batch["clean_new"]], where)
    print(f"killed {where}: {articles} of {ARTICLES} articles in the store")


@pytest.mark.parametrize("run", range(3))
def test_killed_ingest_over_old_versions_leaves_old_or_new(batch, run, tmp_path):
    rng = random.Random(2000 + run)
    store = tmp_path / "store"
    shutil.copytree(batch["root"] / "clean-old", store)
    mode, workers = RUNS[run]
    where = kill_at_random(ingest_command(batch["new"], store, workers), rng,
                           batch["seconds"], mode)
    articles = check_whole_or_absent(store, [batch["clean_old"], batch["clean_new"]], where)
    found = graphs(store)
    new = sum(isomorphic(g, batch["clean_new"][n]) for n, g in found.items() if "/article/" in n)
    print(f"killed {where}: {new} of {ARTICLES} articles are the new version")
    assert articles == ARTICLES, f"killed {where}: an article went missing"


def test_ingest_after_a_crash_completes_the_store_byte_for_byte(batch, tmp_path):
    store = tmp_path / "store"
    kill_at_random(ingest_command(batch["new"], store, 1), random.Random(3000),
                   batch["seconds"])
    clean_ingest(batch["new"], store)
    with Store.open(store, read_only=True) as s:
        resumed = s.dump("nquads")
    with Store.open(batch["root"] / "clean-new", read_only=True) as s:
        clean = s.dump("nquads")
    assert resumed == clean


def test_reingesting_the_same_articles_is_byte_identical(batch, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(batch["root"] / "clean-new", store)
    with Store.open(store, read_only=True) as s:
        first = s.dump("nquads")
    clean_ingest(batch["new"], store)
    with Store.open(store, read_only=True) as s:
        assert s.dump("nquads") == first


def test_a_changed_article_replaces_its_graph_and_nothing_else(batch, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(batch["root"] / "clean-old", store)
    # article-07.txt from the new batch has the id of the old one: it replaces it.
    done = subprocess.run(ingest_command(batch["new"] / "article-07.txt", store, 1), env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = graphs(store)
    name = str(article_graph_iri("article-07"))
    assert isomorphic(found[name], batch["clean_new"][name])
    evidence = {str(o) for o in found[name].objects()}
    assert any("trading company number 7" in e for e in evidence)
    assert not any("talks would resume" in e for e in evidence)
    assert set(found) == set(batch["clean_old"])
    for other, g in found.items():
        if other != name:
            assert isomorphic(g, batch["clean_old"][other]), other
