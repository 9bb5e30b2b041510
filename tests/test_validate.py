"""SHACL validation of the union graph against ontology/shapes.ttl."""

from __future__ import annotations

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from sanctions_graph.errors import InputError
from sanctions_graph.namespace import ID, SG
from sanctions_graph.store import Store
from sanctions_graph.validate import ValidationReport, validate
from tests.fixtures.sample import (
    ARTICLE_A,
    ARTICLE_B,
    article_a,
    graph_iri,
    nt,
    sample_graphs,
    union,
)

ASSERTION = ID[f"assertion/{ARTICLE_A}-1"]
MEASURE = ID[f"measure/{ARTICLE_A}-1"]


def load(graphs: dict[str, Graph]) -> Store:
    s = Store.memory()
    for iri, graph in graphs.items():
        s.replace_graph(iri, nt(graph))
    return s


def broken_article(change) -> dict[str, Graph]:
    graphs = sample_graphs()
    graph = article_a()
    change(graph)
    graphs[graph_iri(ARTICLE_A)] = graph
    return graphs


def messages(report: ValidationReport) -> set[str]:
    return {str(m) for m in report.results_graph.objects(None, SH.resultMessage)}


def test_the_sample_store_conforms() -> None:
    report = validate(load(sample_graphs()))
    assert report.conforms, report.text
    assert bool(report) is True
    assert "Conforms: True" in report.text
    assert not list(report.results_graph.subjects(RDF.type, SH.ValidationResult))


def test_an_rdflib_graph_conforms_too() -> None:
    # Without the ontology graph in the data: validate adds sanctions.ttl.
    assert validate(union(sample_graphs(with_ontology=False))).conforms


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sg: <https://w3id.org/sanctions-graph/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<urn:assertion> a sh:NodeShape ; sh:targetClass sg:Assertion ;
    sh:property [ sh:path rdf:object ; sh:class sg:Entity ;
        sh:message "object must be an entity" ] .
<urn:entity> a sh:NodeShape ; sh:targetClass sg:Entity ;
    sh:property [ sh:path sg:demonym ; sh:minCount 1 ; sh:message "needs a demonym" ] .
"""
ONTOLOGY = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sg: <https://w3id.org/sanctions-graph/ontology#> .
sg:Government rdfs:subClassOf sg:Entity .
"""


def test_a_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    ontology = Graph().parse(data=ONTOLOGY, format="turtle")
    dataset = Dataset()
    article = dataset.graph(URIRef(graph_iri(ARTICLE_A)))
    article.add((ASSERTION, RDF.type, SG.Assertion))
    article.add((ASSERTION, RDF.object, ID.china))
    reference = dataset.graph(URIRef("https://example.org/reference"))
    reference.add((ID.china, RDF.type, SG.Government))
    reference.add((ID.china, SG.demonym, Literal("Chinese")))
    # On its own, the article graph points at an untyped object.
    alone = validate(Graph() + article, shapes=shapes, ontology=ontology)
    assert messages(alone) == {"object must be an entity"}
    assert validate(dataset, shapes=shapes, ontology=ontology).conforms


def test_custom_shapes_and_ontology() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    ontology = Graph().parse(data=ONTOLOGY, format="turtle")
    data = Graph()
    data.add((ID.china, RDF.type, SG.Government))
    data.add((ID.china, SG.demonym, Literal("Chinese")))
    assert validate(data, shapes=shapes, ontology=ontology).conforms
    data.add((ID.dprk, RDF.type, SG.Government))
    report = validate(data, shapes=shapes, ontology=ontology)
    assert not report.conforms
    assert messages(report) == {"needs a demonym"}
    assert set(report.results_graph.objects(None, SH.focusNode)) == {ID.dprk}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda g: g.remove((ASSERTION, SG.evidenceText, None)),
            "Exactly one sg:evidenceText is required",
        ),
        (
            lambda g: (
                g.remove((ASSERTION, SG.evidenceEnd, None)),
                g.add((ASSERTION, SG.evidenceEnd, Literal(3))),
            ),
            "sg:evidenceStart must be less than sg:evidenceEnd",
        ),
        (
            lambda g: (
                g.remove((ASSERTION, SG.factuality, None)),
                g.add((ASSERTION, SG.factuality, SG.Past)),
            ),
            "An assertion needs exactly one sg:factuality",
        ),
        (
            lambda g: g.remove((MEASURE, SG.status, None)),
            "A sanctions measure needs exactly one sg:status",
        ),
        (
            lambda g: g.add((ASSERTION, RDF.object, ID["nobody-knows"])),
            "An assertion needs exactly one rdf:object",
        ),
    ],
    ids=[
        "no-evidence",
        "end-before-start",
        "bad-factuality",
        "measure-without-status",
        "untyped-object",
    ],
)
def test_non_conforming_data_is_reported(change, expected: str) -> None:
    report = validate(load(broken_article(change)))
    assert not report.conforms
    assert bool(report) is False
    assert "Conforms: False" in report.text
    assert expected in " ".join(messages(report)), report.text
    focus = set(report.results_graph.objects(None, SH.focusNode))
    assert focus & {ASSERTION, MEASURE}


def test_the_measure_shape_reaches_measure_subclasses_through_the_ontology() -> None:
    # sg:FinancialServicesBan is only a sg:SanctionsMeasure through rdfs:subClassOf.
    report = validate(union(broken_article(lambda g: g.remove((MEASURE, SG.imposedBy, None)))))
    assert not report.conforms
    assert any("sg:imposedBy" in m for m in messages(report))


def test_other_article_graphs_do_not_hide_problems() -> None:
    graphs = sample_graphs()
    del graphs[graph_iri(ARTICLE_B)]
    assert validate(load(graphs)).conforms
    graphs[graph_iri(ARTICLE_A)].remove((ASSERTION, SG.evidenceStart, None))
    assert not validate(load(graphs)).conforms


def test_missing_shapes_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="not found"):
        validate(Graph(), shapes=tmp_path / "nope.ttl")
