"""Named queries and result formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.compare import isomorphic

from sanctions_graph.errors import QueryError
from sanctions_graph.namespace import ID, SG
from sanctions_graph.query import (
    FORMATS,
    NamedQuery,
    named_queries,
    parse_named_query,
    resolve_query,
    run,
)
from sanctions_graph.store import Store
from tests.fixtures.sample import ARTICLE_A, ARTICLE_B, nt, sample_graphs

ARTICLES = """
SELECT ?article ?id ?issued WHERE {
  ?article a sg:Article ; sg:articleId ?id .
  OPTIONAL { ?article dcterms:issued ?issued }
} ORDER BY ?id
"""


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.memory()
    for iri, graph in sample_graphs().items():
        s.replace_graph(iri, nt(graph))
    return s


# ------------------------------------------------------------------ named queries


def test_every_named_query_has_a_title_and_a_description() -> None:
    queries = named_queries()
    assert queries, "ontology/queries/ holds no .rq files"
    for name, query in queries.items():
        assert query.name == name == query.path.stem
        assert query.title and query.title != name, name
        assert query.description and query.description != name, name


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_the_sample(store: Store, name: str) -> None:
    run(store, named_queries()[name].sparql, "json")


def test_header_comments_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "banks.rq"
    path.write_text(
        "# title: Banks\n# description: Every bank.\n# param: bank id:icbc\n"
        "SELECT ?label WHERE { VALUES ?bank { id:icbc } ?bank rdfs:label ?label }\n"
    )
    query = parse_named_query(path)
    assert (query.name, query.title, query.description) == ("banks", "Banks", "Every bank.")
    assert query.params == {"bank": "id:icbc"}


def test_a_file_without_header_is_named_after_the_file(tmp_path: Path) -> None:
    (tmp_path / "all-banks.rq").write_text("SELECT ?b WHERE { ?b a sg:Bank }\n")
    query = named_queries(tmp_path)["all-banks"]
    assert query.title == "All banks"
    assert query.description == "all-banks"


def test_parameters_are_bound_in_the_values_clause(store: Store) -> None:
    query = NamedQuery(
        "labels",
        "Labels",
        "Labels of one entity",
        "SELECT ?label WHERE {\n  VALUES ?entity { id:icbc }\n  ?entity rdfs:label ?label\n}",
        params={"entity": "id:icbc"},
    )
    _, rows = store.select(query.bind({"entity": "id:bank-of-china"}))
    assert [str(r[0]) for r in rows] == ["Bank of China"]
    _, rows = store.select(query.bind({"entity": f"<{ID['icbc']}>"}))
    assert [str(r[0]) for r in rows] == ["Industrial and Commercial Bank of China"]
    with pytest.raises(QueryError, match="no parameter 'country'"):
        query.bind({"country": "id:china"})
    with pytest.raises(QueryError, match="is not an IRI"):
        query.bind({"entity": "} DROP ALL {"})


def test_resolve_query_takes_a_name_a_file_or_sparql(tmp_path: Path) -> None:
    name = sorted(named_queries())[0]
    assert resolve_query(name) == named_queries()[name].sparql
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s ?p ?o }")
    assert resolve_query(str(path)) == "ASK { ?s ?p ?o }"
    assert resolve_query(ARTICLES) == ARTICLES.strip()


def test_an_unknown_named_query_lists_the_available_ones() -> None:
    with pytest.raises(QueryError) as caught:
        resolve_query("who-sanctioned-whom")
    message = str(caught.value)
    assert "unknown query 'who-sanctioned-whom'" in message
    for name in named_queries():
        assert name in message


# ------------------------------------------------------------------ formats


def test_the_format_registry() -> None:
    assert list(FORMATS) == ["table", "csv", "tsv", "json"]


def test_table_aligns_columns_and_shortens_iris(store: Store) -> None:
    text = run(store, ARTICLES, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["article", "id", "issued"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith(f"id:article/{ARTICLE_A}")
    assert f"id:article/{ARTICLE_B}" in lines[3]
    # Every column starts at the same offset on every line.
    starts = [lines[0].index("id "), lines[0].index("issued")]
    assert lines[2][starts[0] :].startswith(ARTICLE_A)
    assert lines[2][starts[1] :] == "2017-09-21"
    assert lines[3][starts[0] :].rstrip() == ARTICLE_B
    assert lines[-1] == "(2 rows)"
    assert "https://" not in text


def test_table_keeps_each_row_on_one_line(store: Store) -> None:
    text = run(store, "SELECT ?e WHERE { ?m sg:evidenceText ?e } ORDER BY ?e", "table")
    assert len(text.splitlines()) == 2 + 4 + 1  # header, rule, four evidence texts, count


def test_csv_is_sparql_csv(store: Store) -> None:
    text = run(store, ARTICLES, "csv")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["article", "id", "issued"]
    assert rows[1] == [str(ID[f"article/{ARTICLE_A}"]), ARTICLE_A, "2017-09-21"]
    assert rows[2] == [str(ID[f"article/{ARTICLE_B}"]), ARTICLE_B, ""]


def test_tsv_is_sparql_tsv(store: Store) -> None:
    text = run(store, 'SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = "de") }', "tsv")
    assert text == f'?e\t?l\n<{ID["dprk"]}>\t"Nordkorea"@de\n'
    tsv = run(store, ARTICLES, "tsv")
    parsed = list(pyoxigraph.parse_query_results(tsv.encode(), pyoxigraph.QueryResultsFormat.TSV))
    assert parsed[0]["issued"].value == "2017-09-21"
    assert parsed[1]["issued"] is None


def test_tsv_escapes_tabs_and_newlines(store: Store) -> None:
    text = run(store, "SELECT ?e WHERE { ?m sg:evidenceText ?e } ORDER BY ?e", "tsv")
    assert len(text.splitlines()) == 5
    assert "rose 20%\\tin August\\\\September." in text
    values = {
        s["e"].value
        for s in pyoxigraph.parse_query_results(text.encode(), pyoxigraph.QueryResultsFormat.TSV)
    }
    assert "China's exports to North Korea rose 20%\tin August\\September." in values


def test_json_is_sparql_json(store: Store) -> None:
    document = json.loads(run(store, ARTICLES, "json"))
    assert document["head"]["vars"] == ["article", "id", "issued"]
    first, second = document["results"]["bindings"]
    assert first["article"] == {"type": "uri", "value": str(ID[f"article/{ARTICLE_A}"])}
    assert first["id"] == {"type": "literal", "value": ARTICLE_A}
    assert first["issued"] == {
        "type": "literal",
        "value": "2017-09-21",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert "issued" not in second
    # pyoxigraph reads it back.
    parsed = pyoxigraph.parse_query_results(
        run(store, ARTICLES, "json").encode(), pyoxigraph.QueryResultsFormat.JSON
    )
    assert [s["id"].value for s in parsed] == [ARTICLE_A, ARTICLE_B]


def test_json_language_tags(store: Store) -> None:
    document = json.loads(
        run(store, 'SELECT ?l WHERE { id:dprk rdfs:label ?l FILTER(LANG(?l) != "") }', "json")
    )
    assert document["results"]["bindings"] == [
        {"l": {"type": "literal", "value": "Nordkorea", "xml:lang": "de"}}
    ]


@pytest.mark.parametrize(
    ("fmt", "yes", "no"),
    [
        ("table", "true\n", "false\n"),
        ("csv", "true\n", "false\n"),
        ("tsv", "true\n", "false\n"),
        ("json", '{"head": {}, "boolean": true}\n', '{"head": {}, "boolean": false}\n'),
    ],
)
def test_ask_in_every_format(store: Store, fmt: str, yes: str, no: str) -> None:
    assert run(store, "ASK { id:china sg:orders id:icbc }", fmt) == yes
    assert run(store, "ASK { id:icbc sg:orders id:china }", fmt) == no


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_construct_gives_turtle_in_every_format(store: Store, fmt: str) -> None:
    text = run(
        store,
        "CONSTRUCT { ?e a sg:Bank ; rdfs:label ?l } WHERE { ?e a sg:Bank ; rdfs:label ?l }",
        fmt,
    )
    expected = Graph()
    for slug, label in [
        ("icbc", "Industrial and Commercial Bank of China"),
        ("bank-of-china", "Bank of China"),
    ]:
        expected.add((ID[slug], RDF.type, SG.Bank))
        expected.add((ID[slug], RDFS.label, Literal(label)))
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)
    assert "@prefix sg:" in text


def test_an_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(QueryError, match="unknown result format 'xml'.*table, csv, tsv, json"):
        run(store, ARTICLES, "xml")


def test_run_passes_the_network_switch_and_timeout(store: Store) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        run(store, "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "table")
    assert run(store, "ASK { ?s ?p ?o }", "table", timeout=30) == "true\n"
