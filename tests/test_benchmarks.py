"""benchmarks/generate.py makes what the benchmarks claim, and `ingest --bulk` loads it.

The data is generated through the project's own code (model objects through
build.extraction_graph), from a fixed seed, as shards of one named graph per
article; the timings themselves are never asserted here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctions_graph.build import article_graph_iri
from sanctions_graph.cli import main
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.query import named_queries
from sanctions_graph.store import Store

from .conftest import SEEDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("graph")
    generate.write_graph(folder, 3_000, workers=1, per_shard=8)
    return folder


def test_graph_is_reproducible_and_one_graph_per_article(shards, tmp_path):
    again = tmp_path / "again"
    manifest = generate.write_graph(again, 3_000, workers=1, per_shard=8)
    files = generate.shards(shards)
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in generate.shards(again)]
    assert len(files) == len(manifest["shards"]) > 1
    assert 2_500 <= manifest["quads"] <= 4_000
    graphs = {line.rsplit(" ", 2)[1] for p in files for line in p.read_text().splitlines()}
    assert graphs == {f"<{article_graph_iri(f'syn-{i:07d}')}>"
                      for i in range(manifest["articles"])}


def test_bulk_ingest_loads_the_shards_and_replaces_on_reload(shards, tmp_path):
    store = tmp_path / "store"
    files = [str(p) for p in generate.shards(shards)]
    for _ in range(2):  # the second load replaces, it does not add
        result = CliRunner().invoke(main, ["ingest", "--bulk", *files, "--store", str(store)])
        assert result.exit_code == 0, result.output
        assert f"loaded {len(files)} shard(s)" in result.output
    manifest = json.loads((shards / "manifest.json").read_text())
    with KnowledgeGraph.open(store, read_only=True) as kg:
        stats = kg.stats()
        assert stats["article_graphs"] == manifest["articles"]
        ontology_and_reference = len(kg.store) - manifest["quads"]
        assert 0 < ontology_and_reference < 3_000  # the ontology was loaded once
        for name, query in named_queries().items():
            assert kg.store.results(query.bind()).kind == "select", name
        assert kg.select(named_queries()["who-ordered-whom"].bind())


def test_articles_go_through_the_extractor(tmp_path):
    paths = generate.write_articles(tmp_path / "articles", 2)
    assert paths[0].read_text() == generate.article_text(0)[1]
    with KnowledgeGraph.open(tmp_path / "store", curation=None) as kg:
        kg.ingest(paths, workers=1)
        assert kg.stats()["assertions"] > 5


def test_extract_nquads_shard_loads_with_bulk(tmp_path):
    runner = CliRunner()
    out = tmp_path / "shards"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = runner.invoke(main, ["extract", str(seed), "--out-dir", str(out), "--format",
                                  "nquads", "--workers", "1"])
    assert result.exit_code == 0, result.output
    (shard,) = out.glob("*.nq")
    graph = f"<{article_graph_iri(seed.stem)}> ."
    lines = shard.read_text().splitlines()
    assert lines and all(line.endswith(graph) for line in lines)
    store = tmp_path / "store"
    result = runner.invoke(main, ["ingest", "--bulk", str(shard), "--store", str(store)])
    assert result.exit_code == 0, result.output
    with Store.open(store, read_only=True) as db:
        assert db.has_graph(str(article_graph_iri(seed.stem)))
        assert len(list(db.quads(str(article_graph_iri(seed.stem))))) == len(lines)
