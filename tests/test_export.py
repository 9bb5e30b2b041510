"""Exports: every format round-trips, is byte-stable and never leaves half a file."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from pyld import jsonld
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from sanctions_graph import export as export_module
from sanctions_graph.errors import InputError, OutputError
from sanctions_graph.export import CONTEXT, FORMATS, ExportFormat, context_document, export
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.namespace import CURATION_GRAPH, ID, ONTOLOGY_GRAPH, SG
from sanctions_graph.paths import ontology_dir
from sanctions_graph.store import PREFIXES, Store, serialize_triples
from sanctions_graph.views import EDGE_FIELDS, asserted_triples
from tests.conftest import SEEDS
from tests.fixtures.sample import ARTICLE_A, graph_iri, nt, same_graph, sample_graphs, union

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "nquads": "nquads",
    "jsonld": "json-ld",
}
NETWORK_FORMATS = {"graphml", "gexf", "csv"}
RDF_FORMATS = sorted(n for n, f in FORMATS.items() if f.rdf)


def asserted(graphs: dict[str, Graph]) -> Graph:
    """The asserted view of sample graphs, worked out by hand: no ontology, no activities."""
    view = union({iri: g for iri, g in graphs.items() if iri != str(ONTOLOGY_GRAPH)})
    activities = set(view.subjects(RDF.type, SG.ExtractionActivity))
    for activity in activities:
        view.remove((activity, None, None))
        view.remove((None, PROV.wasGeneratedBy, activity))
    return view


def exported(store: Store, fmt: str, target: Path) -> dict[str, bytes]:
    """Export and read back the bytes (one file, or each file of a folder format)."""
    export(store, fmt, target)
    if FORMATS[fmt].folder:
        return {p.name: p.read_bytes() for p in sorted(target.iterdir())}
    return {"": target.read_bytes()}


def load(graphs: dict[str, Graph]) -> Store:
    s = Store.memory()
    for iri, graph in graphs.items():
        s.replace_graph(iri, nt(graph))
    return s


@pytest.fixture(scope="module")
def store() -> Store:
    return load(sample_graphs())


def test_the_registry_names_every_format() -> None:
    assert set(FORMATS) == set(RDFLIB_FORMAT) | NETWORK_FORMATS
    assert set(RDF_FORMATS) == set(RDFLIB_FORMAT)
    assert all(f.name == name for name, f in FORMATS.items())
    assert {n for n, f in FORMATS.items() if f.dataset} == {"trig", "nquads"}
    assert {n for n, f in FORMATS.items() if f.folder} == {"csv"}


def test_the_cli_offers_exactly_the_registry() -> None:
    from sanctions_graph.cli import main

    (fmt,) = [p for p in main.commands["export"].params if p.name == "fmt"]
    assert list(fmt.type.choices) == sorted(FORMATS)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
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
        graph = Graph().parse(target, format=RDFLIB_FORMAT[fmt])
        assert same_graph(graph, asserted(sample_graphs()))


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_through_a_fresh_store(store: Store, tmp_path: Path, fmt: str) -> None:
    spec = FORMATS[fmt]
    first = tmp_path / f"first.{spec.extension}"
    second = tmp_path / f"second.{spec.extension}"
    export(store, fmt, first)
    fresh = Store.memory()
    if spec.dataset:
        fresh.bulk_load(first, format=fmt)
    else:
        fresh.replace_graph("https://example.org/loaded", first.read_bytes(), format=fmt)
    export(fresh, fmt, second)
    if spec.dataset:
        a, b = Dataset(), Dataset()
        a.parse(first, format=RDFLIB_FORMAT[fmt])
        b.parse(second, format=RDFLIB_FORMAT[fmt])
        names = sorted(str(g.identifier) for g in a.graphs() if len(g))
        assert names == sorted(str(g.identifier) for g in b.graphs() if len(g))
        assert len(names) == len(sample_graphs())
        for name in names:
            assert isomorphic(a.graph(URIRef(name)), b.graph(URIRef(name))), name
    else:
        a = Graph().parse(first, format=RDFLIB_FORMAT[fmt])
        b = Graph().parse(second, format=RDFLIB_FORMAT[fmt])
        assert len(a) > 50
        assert isomorphic(a, b)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exporting_twice_gives_identical_bytes(store: Store, tmp_path: Path, fmt: str) -> None:
    one = exported(store, fmt, tmp_path / "one")
    two = exported(store, fmt, tmp_path / "two")
    # A store filled in another order (new blank node ids for the ontology's
    # lists) writes the same bytes too.
    three = exported(load(dict(reversed(list(sample_graphs().items())))), fmt, tmp_path / "three")
    assert all(one.values())
    assert one == two == three


@pytest.fixture(scope="module")
def seed_stores_in_two_orders(tmp_path_factory) -> tuple[Path, Path]:
    """The seed articles built twice, article by article, in opposite orders.

    SOURCE_DATE_EPOCH pins the extraction time (the reproducible-builds
    convention), which TriG and N-Quads carry in each activity.
    """
    folders = []
    articles = sorted(SEEDS.glob("*.txt"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        for name, order in (("forward", articles), ("backward", articles[::-1])):
            folder = tmp_path_factory.mktemp(name) / "store"
            with KnowledgeGraph.open(folder) as kg:
                if name == "forward":
                    kg.load_ontology()
                for article in order:
                    kg.ingest([article], workers=1)
                kg.load_ontology()  # again, afterwards: new blank node ids
            folders.append(folder)
    return folders[0], folders[1]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_stores_built_in_different_orders_export_the_same_bytes(
    seed_stores_in_two_orders: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    results = []
    for n, folder in enumerate(seed_stores_in_two_orders):
        with Store.open(folder, read_only=True) as s:
            results.append(exported(s, fmt, tmp_path / f"{n}.{FORMATS[fmt].extension or 'd'}"))
    assert all(results[0].values())
    assert results[0] == results[1]


def test_the_asserted_view_leaves_out_ontology_bookkeeping_and_retractions(
    tmp_path: Path,
) -> None:
    graphs = sample_graphs()
    curation = Graph()
    retracted = ID[f"assertion/{ARTICLE_A}-1"]  # china orders icbc
    curation.add((retracted, SG.retractedBy, ID["curation/x"]))
    curation.add((ID["curation/x"], RDF.type, SG.Curation))
    s = load({**graphs, str(CURATION_GRAPH): curation})
    export(s, "turtle", tmp_path / "view.ttl")
    view = Graph().parse(tmp_path / "view.ttl")
    assert (ID.china, SG.orders, ID.icbc) not in view
    assert (retracted, SG.retractedBy, ID["curation/x"]) in view
    assert (retracted, SG.evidenceText, None) in view
    assert not set(view.subjects(RDF.type, SG.ExtractionActivity))
    assert (None, PROV.wasGeneratedBy, None) not in view
    assert (SG.Bank, None, None) not in view  # the ontology's own triples
    assert (ID.china, SG.demonym, Literal("Chinese")) in view  # the reference graph stays
    assert (ID[f"article/{ARTICLE_A}"], RDF.type, SG.Article) in view
    # The same triple stays when another graph asserts it without a retraction.
    other = Graph()
    other.add((ID.china, SG.orders, ID.icbc))
    s.replace_graph("https://w3id.org/sanctions-graph/graph/import/other", nt(other))
    assert (ID.china, SG.orders, ID.icbc) in set(asserted_triples(s))
    # TriG keeps everything.
    export(s, "trig", tmp_path / "all.trig")
    everything = Dataset()
    everything.parse(tmp_path / "all.trig", format="trig")
    assert (ID.china, SG.orders, ID.icbc) in everything.graph(URIRef(graph_iri(ARTICLE_A)))


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
        assert len(lines) > 50
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


def test_jsonld_is_read_the_same_by_pyld_and_rdflib(store: Store, tmp_path: Path) -> None:
    export(store, "jsonld", tmp_path / "graph.jsonld")
    document = json.loads((tmp_path / "graph.jsonld").read_text())
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    expected = asserted(sample_graphs())
    assert same_graph(Graph().parse(data=nquads, format="nt"), expected)
    assert same_graph(Graph().parse(tmp_path / "graph.jsonld", format="json-ld"), expected)


def test_the_published_context_is_current() -> None:
    path = ontology_dir() / export_module.CONTEXT_FILE
    assert path.read_text(encoding="utf-8") == context_document(), (
        "ontology/context.jsonld is stale; regenerate it with: .venv/bin/python -c "
        "'from sanctions_graph.export import context_document as c; print(c(), end=\"\")' "
        "> ontology/context.jsonld"
    )
    assert json.loads(path.read_text())["@context"] == CONTEXT == PREFIXES


# ---------------------------------------------------------------- entity network


def _sample_with_a_merge() -> Store:
    curation = Graph()
    curation.add((ID.icbc, SG.canonical, ID["bank-of-china"]))
    return load({**sample_graphs(), str(CURATION_GRAPH): curation})


def test_graphml_holds_the_entity_network(tmp_path: Path) -> None:
    export(_sample_with_a_merge(), "graphml", tmp_path / "net.graphml")
    net = nx.read_graphml(tmp_path / "net.graphml", force_multigraph=True)
    china, boc = str(ID.china), str(ID["bank-of-china"])
    assert net.nodes[china] == {"label": "China", "type": "Government", "wikidata": ""}
    assert str(ID.icbc) not in net  # merged into Bank of China
    (orders,) = [d for _, v, d in net.out_edges(china, data=True) if d["relation"] == "orders"]
    assert orders["factuality"] == "probable" and orders["evidence_count"] == 1
    assert orders["articles"] == ARTICLE_A
    assert boc in net.successors(china)
    imposes = [d for _, _, d in net.edges(data=True) if d["relation"] == "imposes"]
    assert imposes and imposes[0]["measure_kind"] == "financial-services-ban"
    assert imposes[0]["status"] == "in-force"
    relations = {d["relation"] for _, _, d in net.edges(data=True)}
    assert relations == {"orders", "tradesWith", "denies", "imposes"}
    # Only entities: no measure, assertion or article nodes.
    assert all("/assertion/" not in n and "/measure/" not in n for n in net)


def test_gexf_holds_the_same_network(tmp_path: Path) -> None:
    export(_sample_with_a_merge(), "gexf", tmp_path / "net.gexf")
    text = (tmp_path / "net.gexf").read_text()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "lastmodifieddate" not in text
    net = nx.read_gexf(tmp_path / "net.gexf")
    export(_sample_with_a_merge(), "graphml", tmp_path / "net.graphml")
    reference = nx.read_graphml(tmp_path / "net.graphml", force_multigraph=True)
    assert set(net.nodes) == set(reference.nodes)
    assert net.number_of_edges() == reference.number_of_edges()
    assert net.nodes[str(ID.dprk)]["label"] == "North Korea"
    assert {d["relation"] for _, _, d in net.edges(data=True)} == {
        "orders", "tradesWith", "denies", "imposes"
    }  # fmt: skip


def test_csv_writes_nodes_and_edges_into_a_folder(tmp_path: Path) -> None:
    export(_sample_with_a_merge(), "csv", tmp_path / "tables")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv"]
    with open(tmp_path / "tables" / "nodes.csv", newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "tables" / "edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0]) == ["Id", "Label", "type", "wikidata"]
    assert list(edges[0]) == ["Source", "Target", "Type", *EDGE_FIELDS]
    ids = {n["Id"] for n in nodes}
    assert {e["Source"] for e in edges} | {e["Target"] for e in edges} == ids
    trade = next(e for e in edges if e["relation"] == "tradesWith")
    assert (trade["Source"], trade["Target"]) == (str(ID.china), str(ID.dprk))
    assert trade["factuality"] == "certain" and trade["evidence_count"] == "1"


def test_csv_refuses_stdout_and_files(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nodes.csv and edges.csv.*folder"):
        export(store, "csv", "-")
    (tmp_path / "x.csv").write_text("")
    with pytest.raises(InputError, match="is a file"):
        export(store, "csv", tmp_path / "x.csv")
    with pytest.raises(InputError, match="does not exist"):
        export(store, "csv", tmp_path / "missing" / "tables")


def test_a_retracted_assertion_draws_no_edge(tmp_path: Path) -> None:
    curation = Graph()
    curation.add((ID[f"assertion/{ARTICLE_A}-1"], SG.retractedBy, ID["curation/x"]))
    export(load({**sample_graphs(), str(CURATION_GRAPH): curation}), "graphml", tmp_path / "n")
    net = nx.read_graphml(tmp_path / "n", force_multigraph=True)
    assert not [d for _, _, d in net.edges(data=True) if d["relation"] == "orders"]


def test_writing_to_dash_goes_to_stdout(
    store: Store, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    export(store, "nt", "-")
    assert capsysbinary.readouterr().out == serialize_triples(asserted_triples(store), "nt")


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
    # The failure comes from the middle of the store's Turtle writing this time,
    # in the thread that writes the file: it must still reach the caller.
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
    # open_atomic turns the OSError into the library's OutputError.
    with pytest.raises((OSError, OutputError), match="No space left"):
        export(store, "turtle", tmp_path / "graph.ttl")
    assert os.listdir(tmp_path) == []


def test_export_refuses_unknown_formats_and_missing_folders(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format 'xlsx'.*turtle"):
        export(store, "xlsx", tmp_path / "x")
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
