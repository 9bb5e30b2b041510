"""Independent readers accept the exports of the seed store and count the same statements.

Raptor's ``rapper`` (Debian's raptor2-utils, installed by
scripts/install-system-deps.sh) is the independent reader for Turtle,
N-Triples, N-Quads and TriG. Apache Jena's ``riot`` would be the natural
second one, but Debian packages Jena only as a library (libapache-jena-java
ships jars, no riot command), so the second reader is Oxigraph's own parser,
``pyoxigraph.parse``: a different code path from the writer, though the same
project. JSON-LD is read by pyld, the JSON-LD reference processor for Python.

These tests do not skip: a missing rapper is a broken test setup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld

from sanctions_graph.export import FORMATS, export
from sanctions_graph.store import Store
from sanctions_graph.views import asserted_triples

# export format -> (rapper's name for the syntax, pyoxigraph's format)
SYNTAXES = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE),
    "nt": ("ntriples", ox.RdfFormat.N_TRIPLES),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS),
    "trig": ("trig", ox.RdfFormat.TRIG),
}


@pytest.fixture(scope="module")
def exports(seed_store: Path, tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """Each RDF export of the seed store, with the number of statements it must hold."""
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    with Store.open(seed_store, read_only=True) as store:
        view = len(asserted_triples(store))
        everything = len(store)  # quads: every triple of every named graph
        for fmt in (*SYNTAXES, "jsonld"):
            path = folder / f"sanctions.{FORMATS[fmt].extension}"
            export(store, fmt, path)
            files[fmt] = (path, everything if FORMATS[fmt].dataset else view)
    return files


def rapper() -> str:
    found = shutil.which("rapper")
    assert found, "rapper is missing: run scripts/install-system-deps.sh (raptor2-utils)"
    return found


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_rapper_reads_the_export(exports, fmt: str) -> None:
    path, expected = exports[fmt]
    syntax, _ = SYNTAXES[fmt]
    done = subprocess.run(
        [rapper(), "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    counted = re.search(r"Parsing returned (\d+) (?:triples|statements)", done.stderr)
    assert counted, done.stderr
    assert int(counted.group(1)) == expected > 1000


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_oxigraph_parser_reads_the_export(exports, fmt: str) -> None:
    path, expected = exports[fmt]
    _, syntax = SYNTAXES[fmt]
    statements = list(ox.parse(path=str(path), format=syntax))
    assert len(set(statements)) == len(statements) == expected
    if FORMATS[fmt].dataset:
        graphs = {str(q.graph_name) for q in statements}
        assert "<https://w3id.org/sanctions-graph/graph/ontology>" in graphs
        assert sum("/graph/article/" in g for g in graphs) == 3


def test_pyld_reads_the_jsonld_export(exports) -> None:
    path, expected = exports["jsonld"]
    document = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    lines = {line for line in nquads.splitlines() if line.strip()}
    assert len(lines) == expected > 1000
