"""N-Triples written straight from an extraction: the lines rdflib writes for its Graph.

``extraction_ntriples`` skips building the rdflib Graph (whose indexes cost
more than the rest of the build) but must write the same lines as
``extraction_graph(x).serialize(format="nt")``, each escaped the same way;
unlike rdflib's, its order does not depend on the process's hash seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from rdflib import Graph, Literal, URIRef

from sanctions_graph.build import (
    article_graph_iri,
    extraction_graph,
    extraction_ntriples,
    ntriples,
)
from sanctions_graph.documents import read_document
from sanctions_graph.extract import extract_documents
from sanctions_graph.pipeline import extract_paths

from .conftest import SEEDS

STARTED = datetime(2024, 1, 1, tzinfo=UTC)

AWKWARD = [
    'a "quoted" word',
    "back\\slash",
    "line\nbreak",
    "carriage\rreturn",
    "tab\tand\u00a0nbsp",
    "é, \u2019, \u202e, \U0001f600",
    "",
    "<http://example.org/x>",
    " . ",
]


def lines(data: bytes) -> list[bytes]:
    return sorted(data.splitlines())


def serialized(triples) -> bytes:
    graph = Graph(identifier=article_graph_iri("test"))
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8")


def awkward_triples() -> list:
    from rdflib.namespace import XSD  # not at module level, where pytest would inspect it

    s = URIRef("https://w3id.org/sanctions-graph/id/x")
    p = URIRef("https://w3id.org/sanctions-graph/ontology#p")
    out = [(s, p, Literal(text)) for text in AWKWARD]
    out += [
        (s, p, Literal("chat", lang="fr")),
        (s, p, Literal(7, datatype=XSD.integer)),
        (s, p, Literal(date(2017, 9, 22), datatype=XSD.date)),
        (s, p, Literal(STARTED, datatype=XSD.dateTime)),
        (s, p, URIRef("https://w3id.org/sanctions-graph/id/y")),
        (s, p, Literal("https://w3id.org/sanctions-graph/id/y")),
    ]
    # Enough distinct triples for the set to grow several times, and repeats.
    out += [(URIRef(f"{s}/{n}"), p, Literal(n, datatype=XSD.integer)) for n in range(500)]
    return out + out[:50]


@pytest.fixture(scope="module")
def seed_extractions():
    return list(extract_documents([read_document(p) for p in sorted(SEEDS.glob("*.txt"))]))


def test_seed_articles_give_the_lines_of_the_rdflib_graph(seed_extractions):
    for x in seed_extractions:
        graph = extraction_graph(x, started=STARTED)
        written = extraction_ntriples(x, started=STARTED)
        assert lines(written) == lines(graph.serialize(format="nt", encoding="utf-8"))
        assert len(written.splitlines()) == len(graph)


def test_awkward_literals_give_the_lines_of_the_rdflib_graph():
    triples = awkward_triples()
    written = ntriples(triples)
    assert lines(written) == lines(serialized(triples))
    # Read back, they are the same terms.
    assert set(Graph().parse(data=written, format="nt")) == set(triples)


def test_lines_come_in_the_order_given_each_once():
    triples = awkward_triples()
    rows = ntriples(triples).splitlines()
    assert len(rows) == len(set(triples))
    assert rows[-1] == ntriples([triples[-51]]).rstrip(b"\n")  # repeats add nothing


def test_same_bytes_under_any_hash_seed():
    code = (
        "import sys\n"
        "from tests.test_build import awkward_triples\n"
        "from sanctions_graph.build import ntriples\n"
        "sys.stdout.buffer.write(ntriples(awkward_triples()))\n"
    )
    root = SEEDS.parent
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, env={**os.environ, "PYTHONHASHSEED": seed},
            check=True, capture_output=True,
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


def test_extract_paths_writes_the_graph_of_each_article(monkeypatch, seed_extractions):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STARTED.timestamp())))
    paths = sorted(SEEDS.glob("*.txt"))
    written = dict(extract_paths(paths, workers=1))
    for x in seed_extractions:
        graph = extraction_graph(x, started=STARTED)
        assert lines(written[x.document.id]) == lines(
            graph.serialize(format="nt", encoding="utf-8")
        )
