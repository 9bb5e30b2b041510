"""Exports: every format round-trips, is byte-stable and never leaves half a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef

from sanctions_graph import export as export_module
from sanctions_graph.errors import InputError
from sanctions_graph.export import CONTEXT, FORMATS, ExportFormat, export
from sanctions_graph.store import PREFIXES, Store
from tests.fixtures.sample import nt, same_graph, sample_graphs, union

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "nquads": "nquads",
    "jsonld": "json-ld",
}


def load(graphs: dict[str, Graph]) -> Store:
    s = Store.memory()
    for iri, graph in graphs.items():
        s.replace_graph(iri, nt(graph))
    return s


@pytest.fixture(scope="module")
def store() -> Store:
    return load(sample_graphs())


def test_the_registry_names_every_format() -> None:
    assert set(FORMATS) == set(RDFLIB_FORMAT)
    assert all(f.name == name for name, f in FORMATS.items())
    assert {n for n, f in FORMATS.items() if f.dataset} == {"trig", "nquads"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip(store: Store, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"graph.{FORMATS[fmt].extension}"
    export(store, fmt, target)
    if FORMATS[fmt].dataset:
        dataset = Dataset()
        dataset.parse(target, format=RDFLIB_FORMAT[fmt])
        names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
        assert names == sorted(sample_graphs())
        for iri, graph in sample_graphs().items():
            assert same_graph(dataset.graph(URIRef(iri)), graph), iri
    else:
        assert same_graph(Graph().parse(target, format=RDFLIB_FORMAT[fmt]), union(sample_graphs()))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exporting_twice_gives_identical_bytes(store: Store, tmp_path: Path, fmt: str) -> None:
    export(store, fmt, tmp_path / "one")
    export(store, fmt, tmp_path / "two")
    # A store filled in another order (new blank node ids for the ontology's
    # lists) writes the same bytes too.
    export(load(dict(reversed(list(sample_graphs().items())))), fmt, tmp_path / "three")
    one = (tmp_path / "one").read_bytes()
    assert one
    assert one == (tmp_path / "two").read_bytes() == (tmp_path / "three").read_bytes()


def test_turtle_uses_the_stable_prefixes_in_order(store: Store, tmp_path: Path) -> None:
    export(store, "turtle", tmp_path / "graph.ttl")
    lines = (tmp_path / "graph.ttl").read_text().splitlines()
    header = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
    assert lines[: len(header)] == header
    assert lines[len(header)] == ""
    assert not any(line.startswith("@prefix") for line in lines[len(header) :])
    for prefix in ("sg", "id", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd", "owl"):
        assert prefix in PREFIXES
    assert "id:china a sg:Government ;" in lines


def test_nt_and_nquads_are_sorted(store: Store, tmp_path: Path) -> None:
    for fmt in ("nt", "nquads"):
        export(store, fmt, tmp_path / fmt)
        lines = (tmp_path / fmt).read_text().splitlines()
        assert len(lines) > 100
        if fmt == "nt":
            # Sorted by subject; rdf:type comes first among a subject's lines.
            subjects = [line.split(" ", 1)[0] for line in lines]
            assert subjects == sorted(subjects)
        else:
            graphs = [line.rsplit(" ", 2)[1] for line in lines]
            assert graphs == sorted(graphs)


def test_jsonld_has_the_context_and_compact_iris(store: Store, tmp_path: Path) -> None:
    export(store, "jsonld", tmp_path / "graph.jsonld")
    document = json.loads((tmp_path / "graph.jsonld").read_text())
    assert document["@context"] == CONTEXT
    china = next(node for node in document["@graph"] if node["@id"] == "id:china")
    assert china["@type"] == ["sg:Government"]
    assert {"@value": "Beijing"} in china["skos:altLabel"]
    assert {"@value": "Nordkorea", "@language": "de"} in next(
        n for n in document["@graph"] if n["@id"] == "id:dprk"
    )["rdfs:label"]


def test_jsonld_is_read_the_same_by_pyld(store: Store, tmp_path: Path) -> None:
    export(store, "jsonld", tmp_path / "graph.jsonld")
    document = json.loads((tmp_path / "graph.jsonld").read_text())
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert same_graph(Graph().parse(data=nquads, format="nt"), union(sample_graphs()))


def test_writing_to_dash_goes_to_stdout(
    store: Store, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    export(store, "nt", "-")
    assert capsysbinary.readouterr().out == store.dump("nt")


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(s: Store, out) -> None:
        s.write(out, "nt")  # a full graph's worth of bytes first
        out.write(b"<https://example.org/half")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(
        FORMATS, "nt", ExportFormat("nt", "nt", "application/n-triples", False, broken, "")
    )
    existing = tmp_path / "graph.nt"
    existing.write_bytes(b"old\n")
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(store, "nt", existing)
    assert existing.read_bytes() == b"old\n"
    with pytest.raises(RuntimeError):
        export(store, "nt", tmp_path / "new.nt")
    assert sorted(os.listdir(tmp_path)) == ["graph.nt"]


def test_a_failing_serializer_inside_the_store_leaves_no_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The failure comes from the middle of pyoxigraph's writer this time.
    class Flaky:
        def __init__(self, raw) -> None:
            self.raw, self.written = raw, 0

        def write(self, data) -> int:
            self.written += len(data)
            if self.written > 1000:
                raise OSError("No space left on device")
            return self.raw.write(data)

    real = export_module.open_atomic

    from contextlib import contextmanager

    @contextmanager
    def flaky_open(out):
        with real(out) as stream:
            yield Flaky(stream)

    monkeypatch.setattr(export_module, "open_atomic", flaky_open)
    with pytest.raises(OSError, match="No space left"):
        export(store, "turtle", tmp_path / "graph.ttl")
    assert os.listdir(tmp_path) == []


def test_export_refuses_unknown_formats_and_missing_folders(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format 'graphml'.*turtle"):
        export(store, "graphml", tmp_path / "x")
    with pytest.raises(InputError, match="does not exist"):
        export(store, "nt", tmp_path / "missing" / "x.nt")
    with pytest.raises(InputError, match="is a folder"):
        export(store, "nt", tmp_path)


def test_an_exported_file_gets_ordinary_permissions(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    export(store, "nt", target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
