"""Curation: YAML corrections in graph:curation survive re-extraction; deleting one undoes it."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS, PROV

from sanctions_graph.cli import main
from sanctions_graph.curation import load_file, load_folder
from sanctions_graph.errors import InputError
from sanctions_graph.graph import KnowledgeGraph
from sanctions_graph.namespace import CURATION_GRAPH, ID, SG
from sanctions_graph.views import asserted_graph

from .conftest import ROOT, SEEDS

ARTICLE = "001_046552f6f0163b26"  # says Xi Jinping ordered the Chinese banks
XI_ORDERS = (ID["xi-jinping"], SG.orders, ID["china-banks"])

RETRACT = f"""
- who: Ana Lima
  when: 2026-11-22
  why: The spokesman denied it; the article does not say Xi gave an order.
  retract:
    subject: id:xi-jinping
    predicate: sg:orders
    object: id:china-banks
    article: {ARTICLE}
"""

ADD = """
- who: https://orcid.org/0000-0002-1825-0097
  when: 2026-11-22T10:30:00Z
  why: The headline says it; the extractor missed it.
  add:
    subject: id:china
    predicate: sg:tradesWith
    object: id:icbc
    article: 000_0438622d256bd6f8
    evidence: China blinks, aligns with Trump on North Korea
"""


def curation_dir(tmp_path: Path, *texts: str) -> Path:
    folder = tmp_path / "curation"
    folder.mkdir(exist_ok=True)
    (folder / "corrections.yaml").write_text("".join(texts), encoding="utf-8")
    return folder


def view(kg: KnowledgeGraph) -> Graph:
    return asserted_graph(kg.store)


# ---------------------------------------------------------------- the lifecycle


def test_a_retraction_survives_re_extraction_and_deleting_it_undoes_it(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    folder = curation_dir(tmp_path, RETRACT)
    with KnowledgeGraph.open(seed_store_copy, curation=folder) as kg:
        assert XI_ORDERS in view(kg)
        kg.apply_curation()
        assert XI_ORDERS not in view(kg)
        retracted = set(kg.store.graph(str(CURATION_GRAPH)).subjects(SG.retractedBy, None))
        assert retracted
        # The assertion stays, marked, with its evidence; the article graph is untouched.
        for assertion in retracted:
            assert (assertion, SG.evidenceText, None) in view(kg)
        assert XI_ORDERS in kg.store.graph(
            f"https://w3id.org/sanctions-graph/graph/article/{ARTICLE}"
        )
        assert kg.validate().conforms

        # Re-extract the article: the correction is applied again.
        kg.ingest([SEEDS / f"{ARTICLE}.txt"], workers=1)
        assert XI_ORDERS not in view(kg)
        assert set(kg.store.graph(str(CURATION_GRAPH)).subjects(SG.retractedBy, None)) == retracted

        # Delete the entry: the next ingest (or curate) undoes it.
        (folder / "corrections.yaml").write_text("", encoding="utf-8")
        kg.ingest([SEEDS / f"{ARTICLE}.txt"], workers=1)
        assert XI_ORDERS in view(kg)
        assert not kg.store.has_graph(str(CURATION_GRAPH))
        assert (None, SG.retractedBy, None) not in view(kg)


def test_a_curation_is_visible_as_curated(seed_store_copy: Path, tmp_path: Path) -> None:
    with KnowledgeGraph.open(seed_store_copy, curation=curation_dir(tmp_path, RETRACT)) as kg:
        kg.apply_curation()
        g = view(kg)
    (curation,) = g.subjects(RDF.type, SG.Curation)
    who = g.value(curation, PROV.wasAttributedTo)
    assert g.value(who, RDFS.label) == Literal("Ana Lima")
    assert (who, RDF.type, PROV.Agent) in g
    assert str(g.value(curation, PROV.generatedAtTime)) == "2026-11-22"
    assert "spokesman denied" in str(g.value(curation, RDFS.comment))
    assert g.value(curation, DCTERMS.source) == Literal("corrections.yaml")
    assert (None, SG.retractedBy, curation) in g


def test_an_added_assertion_has_its_source_and_survives_a_rebuild(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    added = (ID.china, SG.tradesWith, ID.icbc)
    folder = curation_dir(tmp_path, ADD)
    with KnowledgeGraph.open(seed_store_copy, curation=folder) as kg:
        assert added not in view(kg)
        kg.ingest([SEEDS], workers=1)
        g = view(kg)
        assert added in g
        (assertion,) = [
            a for a in g.subjects(RDF.object, ID.icbc) if (a, RDF.predicate, SG.tradesWith) in g
        ]
        assert g.value(assertion, PROV.wasDerivedFrom) == ID["article/000_0438622d256bd6f8"]
        assert "China blinks" in str(g.value(assertion, SG.evidenceText))
        curation = g.value(assertion, PROV.wasGeneratedBy)
        assert (curation, RDF.type, SG.Curation) in g
        assert str(g.value(curation, PROV.wasAttributedTo)).startswith("https://orcid.org/")
        assert kg.validate().conforms  # no character offsets needed for a curated assertion


def test_merge_and_split(seed_store_copy: Path, tmp_path: Path) -> None:
    merge = """
- who: Ana Lima
  when: 2026-11-23
  why: The executive order the article describes is E.O. 13810.
  merge: {canonical: id:eo-13810, duplicate: id:executive-order}
"""
    split = """
- who: Ana Lima
  when: 2026-11-24
  why: On second reading, not the same people.
  split: {entities: [id:executive-order, id:eo-13810]}
"""
    folder = curation_dir(tmp_path, merge)
    with KnowledgeGraph.open(seed_store_copy, curation=folder) as kg:
        result = kg.apply_curation()
        assert result.notes == []
        g = view(kg)
        assert (ID["executive-order"], OWL.sameAs, ID["eo-13810"]) in g
        assert (ID["executive-order"], SG.canonical, ID["eo-13810"]) in g
        kg.export("graphml", tmp_path / "net.graphml")
        net = nx.read_graphml(tmp_path / "net.graphml", force_multigraph=True)
        assert str(ID["executive-order"]) not in net and str(ID["eo-13810"]) in net
        assert str(ID["foreign-banks"]) in net.successors(str(ID["eo-13810"]))

        curation_dir(tmp_path, merge, split)
        result = kg.apply_curation()
        assert result.entries == 2
        assert ["undone by a split" in note for note in result.notes] == [True]
        g = view(kg)
        assert (None, OWL.sameAs, None) not in g
        assert (ID["eo-13810"], OWL.differentFrom, ID["executive-order"]) in g


def test_entries_that_match_nothing_are_noted_not_fatal(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    nothing = RETRACT.replace("id:xi-jinping", "id:putin")
    unknown = ADD.replace("id:icbc", "id:no-such-entity")
    with KnowledgeGraph.open(
        seed_store_copy, curation=curation_dir(tmp_path, nothing, unknown)
    ) as kg:
        result = kg.apply_curation()
    assert result.entries == 2 and len(result.notes) == 2
    assert "entry 1: retracts nothing" in result.notes[0]
    assert "entry 2: adds nothing: id:no-such-entity" in result.notes[1]


def test_a_malformed_file_stops_the_ingest_before_anything_is_written(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    folder = curation_dir(tmp_path, RETRACT.replace("- who: Ana Lima\n  when", "- when"))
    with KnowledgeGraph.open(seed_store_copy, curation=folder) as kg:
        before = kg.stats()
        with pytest.raises(InputError, match="corrections.yaml, entry 1: 'who' is missing"):
            kg.ingest([SEEDS / f"{ARTICLE}.txt"], workers=1)
        assert kg.stats() == before


# ---------------------------------------------------------------- the file format


def test_the_documented_example_applies_to_the_seed_store(
    seed_store_copy: Path, tmp_path: Path
) -> None:
    example = ROOT / "docs" / "curation-example.yaml"
    entries = load_file(example)
    assert [e.action for e in entries] == ["retract", "add", "merge", "split"]
    folder = curation_dir(tmp_path, example.read_text(encoding="utf-8"))
    with KnowledgeGraph.open(seed_store_copy, curation=folder) as kg:
        result = kg.apply_curation()
        assert result.entries == 4 and result.notes == []
        assert kg.validate().conforms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (RETRACT.replace("  why: The spokesman", "  because: The spokesman"),
         "entry 1: 'why' is missing"),
        (RETRACT.replace("2026-11-22", "last tuesday"), "'when' must be a date"),
        (RETRACT.replace("sg:orders", "sg:sanctions"), "predicate must be one of sg:orders"),
        (RETRACT.replace("  retract:", "  remove:"), "unknown key.*remove"),
        (RETRACT + "  merge: {canonical: id:a, duplicate: id:b}\n", "exactly one of"),
        (RETRACT.replace("    article:", "    source:"), "retract has missing article"),
        (RETRACT.replace("id:china-banks", "id:china banks"), "not an entity"),
        (ADD.replace("article:", "factuality: sure\n    article:"), "factuality must be one of"),
        ("who: Ana\n", "must hold a list of entries"),
        ("- who: Ana\n  why: [unclosed\n", r"not valid YAML at line \d"),
    ],
    ids=["why", "when", "predicate", "action", "two-actions", "field", "entity", "factuality",
         "not-a-list", "yaml"],
)  # fmt: skip
def test_malformed_entries_are_refused_with_the_place(
    tmp_path: Path, text: str, message: str
) -> None:
    folder = curation_dir(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        load_folder(folder)
    assert "corrections.yaml" in str(caught.value)


def test_no_folder_means_no_entries(tmp_path: Path) -> None:
    assert load_folder(tmp_path / "missing") == []


# ---------------------------------------------------------------- the command line


def test_build_applies_the_curation_folder_and_curate_reapplies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = curation_dir(tmp_path, RETRACT)  # ./curation, beside ./sanctions-store
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(SEEDS), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "applied 1 curation entry" in result.output
    built = Graph().parse(tmp_path / "exports" / "sanctions.ttl")
    assert XI_ORDERS not in built
    assert (None, SG.retractedBy, None) in built

    (folder / "corrections.yaml").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(main, ["curate"])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export", "--format", "nt"])
    assert XI_ORDERS in Graph().parse(data=exported.output, format="nt")
    stats = json.loads(runner.invoke(main, ["stats", "--format", "json"]).output)
    assert stats["named_graphs"] == 5  # ontology, reference and three articles: no curation
