"""--store URL: a real, writable Oxigraph server against the embedded store built from the seeds.

The server is the `oxigraph` program the package depends on (`oxigraph serve`
on a temporary folder, on a free loopback port), so these tests never skip.
"""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctions_graph.build import article_graph_iri
from sanctions_graph.cli import main
from sanctions_graph.errors import InputError, StoreError
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.query import named_queries
from sanctions_graph.remote import RemoteStore, is_url, sibling_url
from sanctions_graph.serve import find_oxigraph, free_port
from sanctions_graph.store import Store

from .conftest import SEEDS, stop

pytestmark = pytest.mark.server

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """`oxigraph serve` (read-write) on an empty folder; yields its query URL, then stops it."""
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [str(find_oxigraph()), "serve", "--location", str(folder / "db"),
         "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (folder / "server.log").read_text()
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Oxigraph server did not start in 30 s"
            time.sleep(0.1)
        yield url
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="module")
def remote_seeds(endpoint) -> str:
    """The seeds ingested into the server through the CLI, as a user would."""
    result = CliRunner().invoke(
        main, ["ingest", str(SEEDS), "--store", endpoint, "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert f"ingested {len(SEED_FILES)} article(s) into {endpoint}" in result.output
    return endpoint


def _rows(store: Store, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    results = store.results(sparql)
    rows = [tuple("" if t is None else t.n3() for t in row) for row in results.rows]
    return results.variables, rows


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_gives_the_embedded_rows(name, remote_seeds, seed_store):
    sparql = named_queries()[name].bind()
    with Store.open(seed_store, read_only=True) as local:
        variables, expected = _rows(local, sparql)
    remote = RemoteStore(remote_seeds)
    got_variables, got = _rows(remote, sparql)
    assert got_variables == variables
    assert expected, f"{name} finds nothing in the seed store; the comparison would be empty"
    # Same rows in the same order (every named query has ORDER BY), ties aside.
    assert sorted(got) == sorted(expected)
    assert len(got) == len(expected)


def test_stats_and_graphs_match_the_embedded_store(remote_seeds, seed_store):
    remote = RemoteStore(remote_seeds)
    with Store.open(seed_store, read_only=True) as local:
        expected_stats, expected_graphs = local.stats(), local.graph_names()
    assert remote.graph_names() == expected_graphs
    assert remote.stats() == expected_stats
    assert remote.has_graph(str(article_graph_iri(SEED_FILES[0].stem)))
    assert not remote.has_graph("https://example.org/no-such-graph")


def test_turtle_export_is_byte_identical(remote_seeds, seed_store, tmp_path):
    remote_file, local_file = tmp_path / "remote.ttl", tmp_path / "local.ttl"
    result = CliRunner().invoke(
        main, ["export", "--store", remote_seeds, "--format", "turtle", "-o", str(remote_file)]
    )
    assert result.exit_code == 0, result.output
    with KnowledgeGraph.open(seed_store, read_only=True) as kg:
        kg.export("turtle", local_file)
    assert remote_file.read_bytes() == local_file.read_bytes()


def _article_counts(store: Store, doc_id: str) -> tuple[int, int]:
    graph = article_graph_iri(doc_id)
    _, rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    _, assertions = store.select(
        f"SELECT (COUNT(?a) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?a a sg:Assertion }} }}"
    )
    return int(rows[0][0]), int(assertions[0][0])


def test_reingesting_an_article_replaces_it(remote_seeds):
    remote = RemoteStore(remote_seeds)
    doc_id = SEED_FILES[0].stem
    before = _article_counts(remote, doc_id)
    quads_before = len(remote)
    assert before[0] > 100 and before[1] > 5
    result = CliRunner().invoke(
        main, ["ingest", str(SEED_FILES[0]), "--store", remote_seeds, "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert _article_counts(remote, doc_id) == before
    assert len(remote) == quads_before


def test_bulk_shard_replaces_its_articles(remote_seeds, tmp_path):
    runner = CliRunner()
    shards = tmp_path / "shards"
    result = runner.invoke(
        main, ["extract", str(SEED_FILES[1]), "--out-dir", str(shards), "--format", "nquads",
               "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    (shard,) = shards.glob("*.nq")
    remote = RemoteStore(remote_seeds)
    before, quads_before = _article_counts(remote, SEED_FILES[1].stem), len(remote)
    for _ in range(2):  # loading the same shard twice still leaves one copy
        result = runner.invoke(main, ["ingest", "--bulk", str(shard), "--store", remote_seeds])
        assert result.exit_code == 0, result.output
        assert "loaded 1 shard(s)" in result.output
    assert _article_counts(remote, SEED_FILES[1].stem) == before
    assert len(remote) == quads_before


def test_remove_graph_and_read_only(endpoint):
    store = RemoteStore(endpoint)
    graph = "https://example.org/graph/scratch"
    assert store.replace_graph(graph, '<https://example.org/a> <https://example.org/b> "c" .') == 1
    assert store.has_graph(graph)
    with pytest.raises(StoreError, match="read-only"):
        RemoteStore(endpoint, read_only=True).replace_graph(graph, "")
    assert store.remove_graph(graph) is True
    assert store.remove_graph(graph) is False
    with pytest.raises(InputError, match="not valid"):
        store.replace_graph(graph, "<oops")
    assert not store.has_graph(graph)


def test_urls():
    assert is_url("http://127.0.0.1:7878/query") and is_url("HTTPS://db.example/sparql")
    assert not is_url("sanctions-store") and not is_url(Path("http:/x"))
    assert sibling_url("http://h:7878/query", "update") == "http://h:7878/update"
    assert sibling_url("http://h/ds/sparql", "store") == "http://h/ds/store"
    with pytest.raises(InputError, match="--gsp-url"):
        sibling_url("http://h/repositories/sanctions", "store")
    with pytest.raises(InputError, match="--update-url"):
        RemoteStore("http://h/repositories/sanctions")
    store = RemoteStore("http://u:secret@h/repositories/x", update_url="http://h/u",
                        gsp_url="http://h/s")
    assert store.query_url == "http://h/repositories/x" and "secret" not in repr(store)


def test_unreachable_endpoint_says_so():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach .* is the server running"):
        KnowledgeGraph.open(url)
    result = CliRunner().invoke(main, ["stats", "--store", url])
    assert result.exit_code == 1 and "is the server running" in result.output
