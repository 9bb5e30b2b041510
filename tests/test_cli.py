"""The command line through click's CliRunner, on the seed store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from sanctions_graph.cli import main

from .conftest import SEEDS


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example: sanctions-graph " + name in result.output.replace("\n", " ")


def test_extract_writes_one_graph_per_article(tmp_path):
    result = run("extract", str(SEEDS), "--out-dir", str(tmp_path), "--format", "nt",
                 "--workers", "1")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(p.stem + ".nt" for p in SEEDS.glob("*.txt"))
    g = Graph().parse(tmp_path / files[0])
    assert len(g) > 100


def test_build_writes_store_and_exports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", str(SEEDS), "--store", "st", "--workers", "1")
    assert result.exit_code == 0, result.output
    ttl = tmp_path / "exports" / "sanctions.ttl"
    html = tmp_path / "exports" / "sanctions.html"
    assert len(Graph().parse(ttl)) > 1000
    page = html.read_text(encoding="utf-8")
    assert "vis-network" in page or "vis.Network" in page


def test_query_named_query_as_json(seed_store):
    result = run("query", "--store", str(seed_store), "--name", "who-ordered-whom",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    pairs = {(r["orderer"]["value"].rsplit("/", 1)[-1], r["ordered"]["value"].rsplit("/", 1)[-1])
             for r in rows}
    assert ("china", "icbc") in pairs


def test_query_list_names_the_queries():
    result = run("query", "--list")
    assert result.exit_code == 0
    assert "who-ordered-whom" in result.output and "contested-claims" in result.output


def test_query_syntax_error_is_one_clear_line(seed_store):
    result = CliRunner().invoke(main, ["query", "--store", str(seed_store), "SELECT ?x WHERE {"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "line" in result.output.lower()


def test_unknown_named_query(seed_store):
    result = CliRunner().invoke(main, ["query", "--store", str(seed_store), "--name", "nope"])
    assert result.exit_code == 1
    assert "who-ordered-whom" in result.output


def test_export_turtle_to_stdout_parses(seed_store):
    result = run("export", "--store", str(seed_store), "--format", "nt")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.output, format="nt")) > 1000


def test_validate_seed_store_conforms(seed_store):
    result = run("validate", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_stats_counts_articles(seed_store):
    result = run("stats", "--store", str(seed_store), "--format", "json")
    figures = json.loads(result.output)
    assert figures["articles"] == 3
    assert figures["assertions"] > 20 and figures["measures"] > 5


def test_ingest_same_article_twice_is_idempotent(seed_store_copy):
    before = json.loads(run("stats", "--store", str(seed_store_copy), "--format", "json").output)
    article = next(SEEDS.glob("*.txt"))
    assert run("ingest", str(article), "--store", str(seed_store_copy)).exit_code == 0
    after = json.loads(run("stats", "--store", str(seed_store_copy), "--format", "json").output)
    assert after["quads"] == before["quads"]


def test_bad_article_changes_nothing(seed_store_copy, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    before = run("stats", "--store", str(seed_store_copy), "--format", "json").output
    result = CliRunner().invoke(main, ["ingest", str(empty), "--store", str(seed_store_copy)])
    assert result.exit_code == 1
    assert "empty" in result.output
    assert run("stats", "--store", str(seed_store_copy), "--format", "json").output == before


def test_render_focus(seed_store, tmp_path):
    out = tmp_path / "china.html"
    result = run("render", "--store", str(seed_store), "-o", str(out), "--focus", "id:china",
                 "--depth", "1")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000


def test_evaluate_prints_the_table():
    gold = Path(__file__).parent / "fixtures" / "gold"
    result = run("evaluate", str(SEEDS), "--gold", str(gold))
    assert result.exit_code == 0
    assert "tradesWith" in result.output and "measures" in result.output


def test_the_command_line_starts_without_spacy(tmp_path):
    """Only extraction needs spaCy (half a second to import): export, query and
    the rest start without it, and it loads on the first extraction."""
    import subprocess
    import sys

    from sanctions_graph.store import Store

    Store.open(tmp_path / "store").close()  # an empty store, to export
    seed = sorted(SEEDS.glob("*.txt"))[0]
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from sanctions_graph.cli import main\n"
        "print('spacy' in sys.modules)\n"
        f"CliRunner().invoke(main, ['export', '--store', {str(tmp_path / 'store')!r}, "
        f"'--format', 'turtle', '-o', {str(tmp_path / 'out.ttl')!r}])\n"
        "print('spacy' in sys.modules)\n"
        f"r = CliRunner().invoke(main, ['extract', {str(seed)!r}, '--out-dir', "
        f"{str(tmp_path / 'out')!r}, '--format', 'nt', '--workers', '1'])\n"
        "print('spacy' in sys.modules, r.exit_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False", "True", "0"]
    assert (tmp_path / "out.ttl").read_bytes().startswith(b"@prefix sg:")  # it did export
    assert list((tmp_path / "out").glob("*.nt"))
