"""The store: one named graph per article, replaced atomically, queried as a union."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef

from sanctions_graph import store as store_module
from sanctions_graph.errors import InputError, QueryError, StoreError
from sanctions_graph.namespace import ID, REFERENCE_GRAPH, SG
from sanctions_graph.store import Store, check_query, graph_names_in, nquads_shard
from tests.fixtures.sample import (
    ARTICLE_A,
    ARTICLE_B,
    article_a,
    article_b,
    graph_iri,
    nt,
    reference_graph,
    same_graph,
    sample_graphs,
    union,
)

A, B, REF = graph_iri(ARTICLE_A), graph_iri(ARTICLE_B), str(REFERENCE_GRAPH)
ROOT = Path(__file__).resolve().parent.parent


def graph_of(store: Store, iri: str) -> Graph:
    g = Graph()
    for triple in store.triples(iri):
        g.add(triple)
    return g


@pytest.fixture
def store() -> Store:
    s = Store.memory()
    for iri, graph in sample_graphs().items():
        s.replace_graph(iri, nt(graph))
    return s


def run_child(code: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


# ------------------------------------------------------------------ replacing


def test_replace_graph_replaces_exactly_one_article_graph(store: Store) -> None:
    before_b, before_ref = graph_of(store, B), graph_of(store, REF)
    new_a = article_a(evidence_suffix=" (updated)")
    assert not same_graph(new_a, graph_of(store, A))

    store.replace_graph(A, nt(new_a))

    assert same_graph(graph_of(store, A), new_a)
    assert same_graph(graph_of(store, B), before_b)
    assert same_graph(graph_of(store, REF), before_ref)


def test_replacing_drops_triples_the_new_version_no_longer_has(store: Store) -> None:
    smaller = Graph()
    smaller.add((ID[f"article/{ARTICLE_A}"], SG.articleId, Literal(ARTICLE_A)))
    assert store.replace_graph(A, nt(smaller)) == 1
    assert len(list(store.triples(A))) == 1
    assert not store.ask("ASK { ?m a sg:FinancialServicesBan }")


def test_reloading_the_same_graph_is_idempotent(store: Store) -> None:
    size, quads = len(list(store.triples(A))), len(store)
    for _ in range(3):
        assert store.replace_graph(A, nt(article_a())) == size
    assert len(list(store.triples(A))) == size
    assert len(store) == quads
    assert same_graph(graph_of(store, A), article_a())


def test_replace_graph_accepts_turtle_and_rdflib_graphs() -> None:
    s = Store.memory()
    s.replace_graph(A, article_a().serialize(format="turtle"), format="turtle")
    s.replace_graph(B, article_b())
    assert same_graph(graph_of(s, A), article_a())
    assert same_graph(graph_of(s, B), article_b())


NASTY = [
    'a "quoted" word',
    "back\\slash and \\u0022 written out",
    "new\nline\r\ttab",
    "controls \x01\x1f\x7f",
    "emoji \U0001f6a2 and 中文",
    "it's ''' and \"\"\"",
    "ends with a backslash \\",
]


def test_any_literal_survives_the_sparql_update() -> None:
    # replace_graph writes the triples as SPARQL text: escapes must round-trip.
    g = Graph()
    for i, text in enumerate(NASTY):
        g.add((ID.china, URIRef(f"https://example.org/p{i}"), Literal(text)))
    g.add((ID.china, URIRef("https://example.org/iri"), URIRef("https://example.org/ä?q=1#x")))
    s = Store.memory()
    s.replace_graph(A, nt(g))
    assert set(s.triples(A)) == set(g)


def test_replace_graph_with_malformed_data_changes_nothing(store: Store) -> None:
    before = graph_of(store, A)
    with pytest.raises(InputError, match="not valid nt.*nothing was changed"):
        store.replace_graph(A, b'<https://example.org/s> <https://example.org/p> "unterminated .\n')
    assert same_graph(graph_of(store, A), before)


def test_replace_graph_refuses_data_with_graph_names(store: Store) -> None:
    quad = b"<https://e.org/s> <https://e.org/p> <https://e.org/o> <https://e.org/g> .\n"
    with pytest.raises(InputError, match="names graphs of its own"):
        store.replace_graph(A, quad, format="nquads")


def test_an_empty_replacement_leaves_an_empty_graph(store: Store) -> None:
    assert store.replace_graph(A, b"") == 0
    assert store.has_graph(A)
    assert list(store.triples(A)) == []


def test_replace_graphs_and_remove_graph() -> None:
    s = Store.memory()
    assert s.replace_graphs({A: nt(article_a()), B: nt(article_b())}) == len(article_a()) + len(
        article_b()
    )
    assert s.graph_names() == sorted([A, B])
    assert s.remove_graph(A) is True
    assert s.remove_graph(A) is False
    assert not s.has_graph(A)
    assert s.has_graph(B)


def test_replace_graph_is_atomic_when_the_process_is_killed(tmp_path: Path) -> None:
    """Kill a writer that swaps two versions of a graph: the graph is always one of them."""
    folder = tmp_path / "store"
    child = """
        import sys
        from rdflib import Graph, Literal, URIRef
        from sanctions_graph.store import Store

        def version(tag, n):
            g = Graph()
            for i in range(n):
                s = URIRef(f"https://example.org/{tag}/{i}")
                g.add((s, URIRef("https://example.org/p"), Literal(i)))
            return g.serialize(format="nt", encoding="utf-8")

        versions = [version("a", 50), version("b", 3000)]
        store = Store.open(sys.argv[1])
        store.replace_graph("https://example.org/g", versions[0])
        print("started", flush=True)
        i = 1
        while True:
            store.replace_graph("https://example.org/g", versions[i % 2])
            i += 1
    """
    rng = random.Random(7)
    for _ in range(4):
        process = run_child(child, str(folder))
        assert process.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.05, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with Store.open(folder, create=False) as s:
            subjects = {str(t[0]) for t in s.triples("https://example.org/g")}
        tags = {iri.split("/")[3] for iri in subjects}
        assert (tags, len(subjects)) in [({"a"}, 50), ({"b"}, 3000)]


# ------------------------------------------------------------------ bulk load


def test_bulk_load_of_an_nquads_shard(store: Store, tmp_path: Path) -> None:
    shard = tmp_path / "shard.nq"
    shard.write_bytes(store.dump("nquads"))
    other = Store.memory()
    other.bulk_load(shard)
    # Same content, and (blank nodes canonicalized) the same dump.
    assert other.graph_names() == store.graph_names()
    assert other.dump("nquads") == store.dump("nquads")


def test_bulk_load_replaces_the_graphs_the_shard_names(store: Store) -> None:
    shard = Store.memory()
    shard.replace_graph(A, nt(article_a(evidence_suffix=" (updated)")))
    store.bulk_load(shard.dump("nquads"))
    assert same_graph(graph_of(store, A), article_a(evidence_suffix=" (updated)"))
    assert same_graph(graph_of(store, B), article_b())


def test_bulk_load_of_a_missing_file_is_an_input_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a file"):
        store.bulk_load(tmp_path / "nope.nq")


# Shards written by nquads_shard start with a header naming their graphs, which
# bulk loads trust (no parse) only while the digest of the rest of the file matches.

C = graph_iri("002_a-new-article")
NEW_QUAD = f'<{ID}new-thing> <{RDFS.label}> "added later" <{C}> .\n'.encode()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The files the store module hands to pyoxigraph.parse, in order."""
    calls: list[object] = []
    real = store_module.ox.parse

    def counting(*args, **kwargs):
        if "path" in kwargs:
            calls.append(kwargs["path"])
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module.ox, "parse", counting)
    return calls


def updated_a_shard() -> bytes:
    """N-Quads of article A, changed, as a shard body."""
    shard = Store.memory()
    shard.replace_graph(A, nt(article_a(evidence_suffix=" (updated)")))
    return shard.dump("nquads")


def test_nquads_shard_starts_with_one_header_line(store: Store) -> None:
    body = store.dump("nquads")
    data = nquads_shard(body)
    header, rest = data.split(b"\n", 1)
    assert rest == body
    assert header.decode() == (
        f"# sanctions-graph shard v1 sha256={hashlib.sha256(body).hexdigest()} "
        "graphs=" + " ".join(f"<{name}>" for name in sorted(store.graph_names()))
    )
    assert nquads_shard(b"").startswith(b"# sanctions-graph shard v1 sha256=")
    with pytest.raises(InputError, match="not valid nquads"):
        nquads_shard(b"<oops\n")


def test_a_shard_with_its_header_is_answered_and_loaded_without_parsing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shard.nq"
    path.write_bytes(nquads_shard(updated_a_shard()))

    def refuse(*args, **kwargs):
        raise AssertionError("the shard was parsed")

    monkeypatch.setattr(store_module.ox, "parse", refuse)
    assert graph_names_in(path, "nquads") == {A}
    store.bulk_load(path)  # replaces A, through the header
    store.bulk_load(path)  # and again: replaces, does not add
    store.bulk_load_files([path])
    monkeypatch.undo()
    assert same_graph(graph_of(store, A), article_a(evidence_suffix=" (updated)"))
    assert same_graph(graph_of(store, B), article_b())


def test_a_shard_without_header_is_parsed(store: Store, tmp_path: Path, parses) -> None:
    path = tmp_path / "shard.nq"
    path.write_bytes(updated_a_shard())
    assert graph_names_in(path, "nquads") == {A}
    assert parses == [str(path)]
    store.bulk_load_files([path])
    assert same_graph(graph_of(store, A), article_a(evidence_suffix=" (updated)"))
    assert same_graph(graph_of(store, B), article_b())


def test_an_edited_shard_is_parsed_not_trusted(store: Store, tmp_path: Path, parses) -> None:
    store.replace_graph(C, f'<{ID}old-thing> <{RDFS.label}> "stale" .\n')
    path = tmp_path / "shard.nq"
    path.write_bytes(nquads_shard(updated_a_shard()) + NEW_QUAD)  # header kept, body edited
    assert graph_names_in(path, "nquads") == {A, C}
    assert parses == [str(path)]
    store.bulk_load_files([path])
    assert same_graph(graph_of(store, A), article_a(evidence_suffix=" (updated)"))
    assert set(graph_of(store, C)) == {
        (ID["new-thing"], RDFS.label, Literal("added later"))
    }  # C was replaced: the stale triple is gone
    assert same_graph(graph_of(store, B), article_b())


def test_an_edit_that_keeps_the_size_is_caught_too(tmp_path: Path, parses) -> None:
    data = nquads_shard(updated_a_shard())
    moved = A[:-1] + "X"  # one quad moved to another graph, one literal changed
    path = tmp_path / "shard.nq"
    path.write_bytes(data.replace(f"<{A}> .".encode(), f"<{moved}> .".encode(), 1)
                     .replace(b"(updated)", b"(UPDATED)", 1))
    assert len(path.read_bytes()) == len(data)
    assert graph_names_in(path, "nquads") == {A, moved}
    assert parses == [str(path)]


def _header(body: bytes, graphs: str) -> bytes:
    """A header line for ``body`` written by hand: its digest matches the body."""
    digest = hashlib.sha256(body).hexdigest()
    return f"# sanctions-graph shard v1 sha256={digest} graphs={graphs}\n".encode()


@pytest.mark.parametrize(
    "make",
    [
        lambda body: _header(body, f"<{A}>").replace(b"v1", b"v2"),
        lambda body: _header(body, f"<{A}>").replace(b"sha256=", b"sha256=0"),
        lambda body: _header(body, f"<{A}>").replace(b"sha256=", b"SHA256="),
        lambda body: _header(body, f"<{A}>").replace(b"\n", b" \n"),
        lambda body: _header(body, f"<{A}>").replace(b"\n", b"\r\n"),
        lambda body: _header(body, f"<{A}>  <{B}>"),
        lambda body: _header(body, A),
        lambda body: _header(body, "<no-scheme>"),
        lambda body: _header(body, f"<{A}> <{B}").replace(b"graphs=", b"graphs= "),
        lambda body: _header(body, f"<{A}>")[:-1] + b"\xff\n",
        lambda body: b"# another comment\n" + _header(body, f"<{A}>"),
    ],
    ids=["version", "long-digest", "upper-case", "trailing-space", "crlf", "two-spaces",
         "bare-iri", "invalid-iri", "unclosed", "not-utf8", "second-line"],
)
def test_a_malformed_header_falls_back_to_parsing(store: Store, tmp_path: Path, parses,
                                                   make) -> None:
    body = updated_a_shard() + NEW_QUAD
    path = tmp_path / "shard.nq"
    path.write_bytes(make(body) + body)  # each with a digest that matches the body
    assert graph_names_in(path, "nquads") == {A, C}
    assert parses == [str(path)]
    store.bulk_load(path)
    assert store.has_graph(C)


def test_an_invalid_shard_with_a_header_is_refused_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "bad.nq"
    path.write_bytes(nquads_shard(updated_a_shard()) + b"<oops\n")
    before = store.dump("nquads")
    with pytest.raises(InputError, match=f"{path} is not valid nquads"):
        store.bulk_load(path)
    with pytest.raises(InputError, match=f"{path} is not valid nquads"):
        store.bulk_load_files([path])
    assert store.dump("nquads") == before


def test_data_in_memory_and_trig_files_are_always_parsed(tmp_path: Path, parses) -> None:
    body = b"<oops\n"  # a header with a matching digest does not vouch for data in memory
    with pytest.raises(InputError, match="the data is not valid nquads"):
        graph_names_in(_header(body, f"<{A}>") + body, "nquads")
    body = f'<{C}> {{ <{ID}new-thing> <{RDFS.label}> "added later" . }}\n'.encode()
    trig = tmp_path / "shard.trig"
    trig.write_bytes(_header(body, f"<{A}>") + body)
    assert graph_names_in(trig, "trig") == {C}
    assert parses == [str(trig)]


# ------------------------------------------------------------------ queries


def test_the_default_graph_is_the_union_of_the_named_graphs(store: Store) -> None:
    _, rows = store.select("SELECT ?id WHERE { ?a a sg:Article ; sg:articleId ?id } ORDER BY ?id")
    assert [str(r[0]) for r in rows] == [ARTICLE_A, ARTICLE_B]
    # The demonym is only in the reference graph, the order only in article A.
    assert store.ask('ASK { id:china sg:demonym "Chinese" ; sg:orders id:icbc }')
    # The ontology graph is part of the union too.
    assert store.ask("ASK { sg:Bank rdfs:subClassOf sg:Organization }")


def test_graph_patterns_still_reach_single_graphs(store: Store) -> None:
    _, rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { id:china sg:tradesWith ?x } }")
    assert [str(r[0]) for r in rows] == [B]


def test_from_restricts_the_default_graph(store: Store) -> None:
    # pyoxigraph ignores FROM when the union default graph is on; the store
    # turns the union off for such queries.
    query = f"SELECT ?id FROM <{B}> WHERE {{ ?a sg:articleId ?id }}"
    assert [str(r[0]) for r in store.select(query)[1]] == [ARTICLE_B]


def test_select_returns_rdflib_terms_and_none_for_unbound(store: Store) -> None:
    variables, rows = store.select(
        "SELECT ?a ?issued WHERE { ?a a sg:Article OPTIONAL { ?a dcterms:issued ?issued } } "
        "ORDER BY ?a"
    )
    assert variables == ["a", "issued"]
    assert rows[0] == (
        URIRef(ID[f"article/{ARTICLE_A}"]),
        Literal("2017-09-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
    )
    assert rows[1] == (URIRef(ID[f"article/{ARTICLE_B}"]), None)


def test_query_returns_pyoxigraph_results(store: Store) -> None:
    solutions = store.query("SELECT ?a WHERE { ?a a sg:Article }")
    assert [v.value for v in solutions.variables] == ["a"]
    assert len(list(solutions)) == 2
    assert bool(store.query("ASK { ?a a sg:Assertion }")) is True


def test_construct_gives_sorted_turtle(store: Store) -> None:
    data = store.construct("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a sg:Bank ; rdfs:label ?l }")
    g = Graph().parse(data=data, format="turtle")
    assert set(g.objects()) == {
        Literal("Bank of China"),
        Literal("Industrial and Commercial Bank of China"),
    }
    assert data.startswith(b"@prefix sg: ")
    assert store.construct("DESCRIBE id:icbc", "nt").count(b"\n") == len(
        set(Graph().parse(data=store.construct("DESCRIBE id:icbc", "nt"), format="nt"))
    )


@pytest.mark.parametrize(
    ("method", "sparql"),
    [
        ("select", "ASK { ?s ?p ?o }"),
        ("ask", "SELECT * WHERE { ?s ?p ?o }"),
        ("construct", "ASK { ?s ?p ?o }"),
    ],
)
def test_the_wrong_query_form_is_a_query_error(store: Store, method: str, sparql: str) -> None:
    with pytest.raises(QueryError, match="expected"):
        getattr(store, method)(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <https://example.org/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <https://example.org/>\n"
        "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE ex:endpoint { ?s ?q ?r }\n}",
    ],
)
def test_service_is_refused_unless_network_is_allowed(store: Store, sparql: str) -> None:
    with pytest.raises(QueryError, match="SERVICE.*--allow-network"):
        store.query(sparql)
    assert check_query(sparql, allow_network=True) is True


@pytest.mark.parametrize(
    "sparql",
    [
        "LOAD <https://example.org/data.ttl>",
        "LOAD SILENT <https://example.org/data.ttl> INTO GRAPH <https://example.org/g>",
        "INSERT DATA { <https://example.org/s> <https://example.org/p> 1 }",
        "PREFIX sg: <https://w3id.org/sanctions-graph/ontology#>\nDELETE WHERE { ?s sg:orders ?o }",
        "DROP ALL",
        "CLEAR GRAPH <https://example.org/g>",
    ],
)
def test_updates_and_load_are_refused(store: Store, sparql: str) -> None:
    quads = len(store)
    with pytest.raises(QueryError, match="SPARQL update.*read-only"):
        store.query(sparql, allow_network=True)
    assert len(store) == quads


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?service ?load WHERE { ?service rdfs:label "SERVICE" . '
        'OPTIONAL { ?load sg:trigger "load" } }',
        "SELECT * WHERE { ?s <https://example.org/service/load> ?o } # SERVICE LOAD in a comment",
        'SELECT * WHERE { ?s ?p """multi\nline SERVICE""" }',
        "PREFIX service: <https://example.org/>\nSELECT * WHERE { ?s service:insert ?o }",
    ],
)
def test_keywords_inside_names_strings_iris_and_comments_are_not_refused(
    store: Store, sparql: str
) -> None:
    store.select(sparql)


def test_a_syntax_error_names_line_and_column(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?x\nWHERE {\n  ?x sg:orders ?y .\n  FILTER(?x = ) }")
    message = str(caught.value)
    assert "syntax error at line 4, column" in message
    assert "FILTER(?x = ) }" in message
    assert "\n" not in message


def test_an_unknown_prefix_is_a_syntax_error_with_a_position(store: Store) -> None:
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        store.select("SELECT * WHERE { ?s nope:thing ?o }")


def test_an_empty_query_is_refused(store: Store) -> None:
    with pytest.raises(QueryError, match="empty"):
        store.select("   ")


def test_a_query_that_takes_too_long_times_out() -> None:
    s = Store.memory()
    g = Graph()
    for i in range(1500):
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(i)))
    s.replace_graph("https://example.org/g", nt(g))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . FILTER(?x < ?y) }"
    started = time.monotonic()
    with pytest.raises(QueryError, match="did not finish within 0.05 s"):
        s.select(heavy, timeout=0.05)
    assert time.monotonic() - started < 1.0
    # A quick query with a timeout comes back read, with its variables.
    solutions = s.query("SELECT ?x WHERE { ?s ?p ?x } LIMIT 3", timeout=30)
    assert [v.value for v in solutions.variables] == ["x"]
    assert len(list(solutions)) == 3


# ------------------------------------------------------------------ dumps and stats


def test_dump_trig_keeps_every_graph(store: Store) -> None:
    dataset = Dataset()
    dataset.parse(data=store.dump("trig"), format="trig")
    assert sorted(str(g.identifier) for g in dataset.graphs() if len(g)) == sorted(sample_graphs())
    for iri, graph in sample_graphs().items():
        assert same_graph(dataset.graph(URIRef(iri)), graph), iri


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_dump_of_a_graph_format_is_the_union(store: Store, fmt: str) -> None:
    g = Graph().parse(data=store.dump(fmt), format=fmt)
    assert same_graph(g, union(sample_graphs()))


def test_dump_is_the_same_whatever_the_loading_order(store: Store) -> None:
    other = Store.memory()
    for iri, graph in reversed(list(sample_graphs().items())):
        other.replace_graph(iri, nt(graph))
    for fmt in ("trig", "nquads", "turtle", "nt"):
        assert other.dump(fmt) == store.dump(fmt), fmt


def test_dump_to_writes_the_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "all.nq"
    store.dump_to(target, "nquads")
    assert target.read_bytes() == store.dump("nquads")
    assert os.listdir(tmp_path) == ["all.nq"]


def test_stats_counts_articles_assertions_measures_and_entities(store: Store) -> None:
    stats = store.stats()
    assert stats["named_graphs"] == 4
    assert stats["article_graphs"] == 2
    assert stats["articles"] == 2
    assert stats["assertions"] == 3
    assert stats["measures"] == 1
    assert stats["quads"] == len(store)
    assert stats["triples"] == len(union(sample_graphs()))
    assert stats["entities_by_type"] == {
        "sg:Bank": 2,
        "sg:Government": 2,
        "sg:Group": 1,
        "sg:Official": 1,
        "sg:UNResolution": 1,
    }
    assert stats["entities"] == 7


# ------------------------------------------------------------------ opening


def test_an_on_disk_store_keeps_its_graphs(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with Store.open(folder) as s:
        s.replace_graph(A, nt(article_a()))
    with Store.open(folder, create=False) as s:
        assert s.graph_names() == [A]
        assert same_graph(graph_of(s, A), article_a())


def test_the_default_folder_is_sanctions_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Store.open() as s:
        assert s.path == Path("sanctions-store")
    assert (tmp_path / "sanctions-store" / "CURRENT").is_file()


def test_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.txt").write_text("my notes")
    with pytest.raises(
        StoreError, match="exists but is not a sanctions-graph store.*--store"
    ) as caught:
        Store.open(folder)
    assert "\n" not in str(caught.value)
    # Oxigraph would happily have turned the folder into a database.
    assert sorted(os.listdir(folder)) == ["readme.txt"]


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "store.txt"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a store folder"):
        Store.open(path)


def test_a_missing_store_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at .*ingest"):
        Store.open(tmp_path / "missing", create=False)
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "missing", read_only=True)
    assert not (tmp_path / "missing").exists()


def test_a_store_locked_by_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    Store.open(folder).close()
    holder = run_child(
        """
        import sys
        from sanctions_graph.store import Store
        store = Store.open(sys.argv[1])
        print("holding", flush=True)
        sys.stdin.read()
        """,
        str(folder),
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError) as caught:
            Store.open(folder)
        assert str(caught.value) == (
            f"the store at {folder} is in use by another sanctions-graph process; "
            "wait for it to finish, or use --store to work on another folder"
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # Released with the process.
    Store.open(folder).close()


def test_a_store_open_twice_in_one_process(tmp_path: Path) -> None:
    with (
        Store.open(tmp_path / "store"),
        pytest.raises(StoreError, match="already open in this process"),
    ):
        Store.open(tmp_path / "store")


def test_close_releases_the_folder(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "store")
    s.close()
    assert s.closed
    with pytest.raises(StoreError, match="closed"):
        s.graph_names()
    Store.open(tmp_path / "store").close()


def test_a_read_only_store_reads_but_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with Store.open(folder) as s:
        s.replace_graph(REF, nt(reference_graph()))
    with Store.open(folder, read_only=True) as s:
        assert s.graph_names() == [REF]
        with pytest.raises(StoreError, match="read-only"):
            s.replace_graph(A, nt(article_a()))
