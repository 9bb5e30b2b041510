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

from sanctions_graph import store as store_module
from sanctions_graph.build import article_graph_iri
from sanctions_graph.cli import main
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.query import named_queries
from sanctions_graph.store import Store, graph_names_in

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
    graphs = {line.rsplit(" ", 2)[1] for p in files for line in p.read_text().splitlines()[1:]}
    assert graphs == {f"<{article_graph_iri(f'syn-{i:07d}')}>"
                      for i in range(manifest["articles"])}
    assert manifest["quads"] == sum(len(p.read_text().splitlines()) - 1 for p in files)


def test_each_shard_starts_with_the_header_naming_its_graphs(shards):
    for path in generate.shards(shards):
        header, body = path.read_bytes().split(b"\n", 1)
        listed = header.decode().split(" graphs=")[1].split(" ")
        assert header.startswith(b"# sanctions-graph shard v1 sha256=")
        assert set(listed) == {line.rsplit(" ", 2)[1] for line in body.decode().splitlines()}
        assert graph_names_in(path, "nquads") == graph_names_in(body, "nquads") == {
            iri.strip("<>") for iri in listed
        }


def test_bulk_ingest_loads_the_shards_and_replaces_on_reload(shards, tmp_path, monkeypatch):
    store = tmp_path / "store"
    files = [str(p) for p in generate.shards(shards)]
    parsed: list[str] = []
    real_parse = store_module.ox.parse

    def parse(*args, **kwargs):
        parsed.append(kwargs.get("path", ""))
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(store_module.ox, "parse", parse)
    for _ in range(2):  # the second load replaces, it does not add
        result = CliRunner().invoke(main, ["ingest", "--bulk", *files, "--store", str(store)])
        assert result.exit_code == 0, result.output
        assert f"loaded {len(files)} shard(s)" in result.output
    assert not set(files) & set(parsed)  # the names came from the shards' headers
    monkeypatch.undo()
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
    assert [p.name for p in out.iterdir()] == [shard.name]  # no temporary file left
    graph = f"<{article_graph_iri(seed.stem)}> ."
    header, *lines = shard.read_text().splitlines()
    assert header.startswith("# sanctions-graph shard v1 sha256=")
    assert header.endswith(f" graphs=<{article_graph_iri(seed.stem)}>")
    assert lines and all(line.endswith(graph) for line in lines)
    assert graph_names_in(shard, "nquads") == {str(article_graph_iri(seed.stem))}
    store = tmp_path / "store"
    for _ in range(2):  # the second load replaces, it does not add
        result = runner.invoke(main, ["ingest", "--bulk", str(shard), "--store", str(store)])
        assert result.exit_code == 0, result.output
    with Store.open(store, read_only=True) as db:
        assert db.has_graph(str(article_graph_iri(seed.stem)))
        assert len(list(db.quads(str(article_graph_iri(seed.stem))))) == len(lines)
