"""sanctions-graph import: RDF from other tools, validated, into graph:import/<file stem>."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

from sanctions_graph.cli import main
from sanctions_graph.errors import InputError, ValidationError
from sanctions_graph.export import FORMATS, export
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.imports import import_graph_iri
from sanctions_graph.namespace import GRAPH_BASE, ID, SG
from sanctions_graph.store import Store

ARTICLE = "000_0438622d256bd6f8"  # a seed article

ASSERTION = f"""@prefix sg: <https://w3id.org/sanctions-graph/ontology#> .
@prefix id: <https://w3id.org/sanctions-graph/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

<https://w3id.org/sanctions-graph/id/assertion/analyst-1> a sg:Assertion ;
    rdf:subject id:china ; rdf:predicate sg:targets ; rdf:object id:dprk ;
    prov:wasDerivedFrom <https://w3id.org/sanctions-graph/id/article/{ARTICLE}> ;
    sg:evidenceText "China Tightens Banking Screws on North Korea" ;
    sg:evidenceStart 0 ; sg:evidenceEnd 44 ;
    sg:factuality sg:Certain .
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_an_export_of_the_seed_store_imports_into_a_fresh_store(
    seed_store: Path, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"sanctions.{FORMATS[fmt].extension}"
    with Store.open(seed_store, read_only=True) as store:
        export(store, fmt, path)
    expected = (
        Graph().parse(path, format={"jsonld": "json-ld"}.get(fmt, fmt)) if fmt != "trig" else None
    )
    with KnowledgeGraph.open(tmp_path / "fresh", curation=tmp_path / "none") as kg:
        result = kg.import_file(path)
        assert result.graph == f"{GRAPH_BASE}import/sanctions"
        assert result.format == fmt
        assert kg.store.graph_names() == [result.graph]
        assert len(kg.store.graph(result.graph)) == result.triples > 1000
        if expected is not None:
            assert result.triples == len(expected)


def test_a_file_that_does_not_conform_is_refused_and_nothing_is_loaded(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    broken = ASSERTION.replace(
        '    sg:evidenceText "China Tightens Banking Screws on North Korea" ;\n', ""
    )
    broken = broken.replace("sg:factuality sg:Certain", "sg:factuality sg:Past")
    path = write(tmp_path, "broken.ttl", broken)
    with KnowledgeGraph.open(seed_store_copy) as kg:
        before = len(kg.store)
        with pytest.raises(ValidationError) as caught:
            kg.import_file(path)
        assert len(kg.store) == before
        assert not kg.store.has_graph(import_graph_iri(path))
    message = str(caught.value)
    assert "nothing was imported" in message and "2 violation(s)" in message
    assert "id:assertion/analyst-1 sg:evidenceText" in message
    assert "sg:factuality" in message


def test_a_file_is_checked_together_with_what_it_references(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "analyst.ttl", ASSERTION)
    # Alone, id:china and the article are untyped strangers: refused.
    with (
        KnowledgeGraph.open(tmp_path / "empty", curation=None) as kg,
        pytest.raises(ValidationError, match="rdf:subject"),
    ):
        kg.import_file(path)
    # Beside the seed articles, which type them, it conforms.
    with KnowledgeGraph.open(seed_store_copy) as kg:
        result = kg.import_file(path)
        graph = kg.store.graph(result.graph)
        assert (ID["assertion/analyst-1"], RDF.subject, ID.china) in graph
        assert result.triples == len(Graph().parse(path)) == 9
        assert kg.validate().conforms


def test_importing_the_same_file_again_replaces_its_graph(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "notes.ttl", ASSERTION)
    with KnowledgeGraph.open(seed_store_copy) as kg:
        kg.import_file(path)
        path.write_text(ASSERTION.replace("Screws", "screws"), encoding="utf-8")
        kg.import_file(path)
        texts = set(kg.store.graph(import_graph_iri(path)).objects(None, SG.evidenceText))
    assert texts == {Literal("China Tightens Banking screws on North Korea")}


def test_a_syntax_error_names_the_line(seed_store_copy: Path, tmp_path: Path) -> None:
    typo = ASSERTION.replace("rdf:subject id:china ;", "rdf:subject id:china ,, ;")
    assert typo.splitlines()[6].startswith("    rdf:subject id:china ,,")
    path = write(tmp_path, "typo.ttl", typo)
    with KnowledgeGraph.open(seed_store_copy) as kg:
        before = len(kg.store)
        with pytest.raises(InputError, match=r"typo\.ttl, line 7, column \d+: not valid turtle"):
            kg.import_file(path)
        assert len(kg.store) == before


def test_the_format_comes_from_the_suffix_or_the_option(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "notes.txt", ASSERTION)
    with KnowledgeGraph.open(seed_store_copy) as kg:
        with pytest.raises(InputError, match="--format"):
            kg.import_file(path)
        assert kg.import_file(path, "turtle").graph.endswith("/import/notes")


def test_graph_names_are_safe_iris() -> None:
    assert import_graph_iri("/data/Sanctions list (v2).ttl") == (
        f"{GRAPH_BASE}import/Sanctions-list-v2"
    )
    URIRef(import_graph_iri("ä ö.ttl"))  # a valid IRI, whatever the name


def test_the_import_command(seed_store_copy: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "analyst.ttl", ASSERTION)
    result = CliRunner().invoke(main, ["import", str(good), "--store", str(seed_store_copy)])
    assert result.exit_code == 0, result.output
    assert "import/analyst" in result.output
    # Another assertion (the one above is in the store now, factuality and all).
    bad_text = ASSERTION.replace("sg:factuality sg:Certain", "sg:tense sg:Past")
    bad = write(tmp_path, "bad.txt", bad_text.replace("analyst-1", "analyst-2"))
    result = CliRunner().invoke(
        main, ["import", str(bad), "--format", "turtle", "--store", str(seed_store_copy)]
    )
    assert result.exit_code == 1
    assert "does not conform" in result.output and "sg:factuality" in result.output
