"""The ontology files: vocabulary, shapes, reference entities and named queries.

The vocabulary test keeps ``sanctions_graph.namespace.SG`` and
``ontology/sanctions.ttl`` in step; the query tests run every named query on
Oxigraph over a two-article graph shaped like ``docs/graph-shape.md``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV

from sanctions_graph.model import FACTUALITIES, RELATIONS, STATUSES, TENSES
from sanctions_graph.namespace import (
    ID_BASE,
    ONTOLOGY_GRAPH,
    ONTOLOGY_IRI,
    REFERENCE_GRAPH,
    SG,
)
from sanctions_graph.paths import (
    ONTOLOGY_FILE,
    QUERIES_DIR,
    REFERENCE_FILE,
    SHAPES_FILE,
    ontology_dir,
)

SGNS = Namespace(ONTOLOGY_IRI)
# A plain Namespace: pytest probes module globals, and rdflib's XSD warns on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = Namespace(ID_BASE)
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}
RELATION_PREDICATES = {SG.orders, SG.targets, SG.denies, SG.tradesWith}
MEASURE_PREDICATES = {SG.imposedBy, SG.implementedBy, SG.legalBasis, SG.status}

ONTOLOGY_DIR = ontology_dir()
QUERY_FILES = sorted((ONTOLOGY_DIR / QUERIES_DIR).glob("*.rq"))
REQUIRED_QUERIES = {
    "who-ordered-whom",
    "measures-by-target",
    "contested-claims",
    "trade-relations",
    "entity-profile",
    "relation-sources",
    "entity-types",
}


def kebab(name: str) -> str:
    """``InForce`` -> ``in-force``: how the queries turn local names into slugs."""
    return re.sub(r"([a-z])([A-Z])", r"\1-\2", name).lower()


def local(term: URIRef) -> str:
    return str(term).removeprefix(ONTOLOGY_IRI)


def sg_terms() -> set[URIRef]:
    return {SGNS[name] for name in SG.__annotations__ if not name.startswith("_")}


def sg_iris_in(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(ONTOLOGY_IRI)
    }


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / REFERENCE_FILE, format="turtle")


def declared(ontology: Graph) -> set[URIRef]:
    return {
        s
        for t in DECLARATION_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }


def subclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.transitive_subjects(RDFS.subClassOf, cls))


# --- files parse ------------------------------------------------------------


@pytest.mark.parametrize("name", [ONTOLOGY_FILE, SHAPES_FILE, REFERENCE_FILE])
def test_turtle_parses_with_rdflib_and_oxigraph(name: str) -> None:
    path = ONTOLOGY_DIR / name
    with_rdflib = Graph().parse(path, format="turtle")
    with_oxigraph = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(with_rdflib) > 0
    assert len(with_rdflib) == len(set(with_oxigraph))


# --- vocabulary ---------------------------------------------------------------


def test_namespace_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    in_python = sg_terms()
    in_turtle = declared(ontology)
    assert sorted(in_python - in_turtle) == [], "in namespace.py but not declared in sanctions.ttl"
    assert sorted(in_turtle - in_python) == [], "declared in sanctions.ttl but not in namespace.py"


def test_ontology_uses_no_undeclared_sg_term(ontology: Graph) -> None:
    assert sorted(sg_iris_in(ontology) - sg_terms()) == []


@pytest.mark.parametrize("name", [SHAPES_FILE, REFERENCE_FILE])
def test_other_turtle_files_use_only_declared_sg_terms(name: str) -> None:
    graph = Graph().parse(ONTOLOGY_DIR / name, format="turtle")
    assert sorted(sg_iris_in(graph) - sg_terms()) == []


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_queries_use_only_declared_sg_terms(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    names = set(re.findall(r"\bsg:([A-Za-z_]\w*)", text))
    names |= set(re.findall(re.escape(ONTOLOGY_IRI) + r"([A-Za-z_]\w*)", text))
    assert sorted({SGNS[n] for n in names} - sg_terms()) == []


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    missing = [
        (local(term), what)
        for term in declared(ontology)
        for what, prop in (("rdfs:label", RDFS.label), ("rdfs:comment", RDFS.comment))
        if not str(ontology.value(term, prop) or "").strip()
    ]
    assert missing == []


def test_ontology_header(ontology: Graph) -> None:
    iri = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (iri, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(iri, RDFS.label) is not None


def test_entity_class_hierarchy(ontology: Graph) -> None:
    entity_classes = subclasses(ontology, SG.Entity)
    for cls in (
        SG.Organization, SG.Person, SG.Bank, SG.CentralBank, SG.Government,
        SG.Official, SG.UNResolution, SG.ExecutiveOrder, SG.Group,
    ):  # fmt: skip
        assert cls in entity_classes, local(cls)
    assert {SG.Bank, SG.Government} <= set(ontology.objects(SG.CentralBank, RDFS.subClassOf))
    assert SG.Person in set(ontology.transitive_objects(SG.Official, RDFS.subClassOf))
    assert SG.Organization in set(ontology.objects(SG.Bank, RDFS.subClassOf))
    assert SG.Organization in set(ontology.objects(SG.Government, RDFS.subClassOf))
    # Provenance and measure classes are not entities.
    for cls in (SG.Article, SG.Assertion, SG.SanctionsMeasure, SG.ExtractionActivity):
        assert cls not in entity_classes, local(cls)


def test_provenance_classes_align_to_prov(ontology: Graph) -> None:
    assert (SG.Assertion, RDFS.subClassOf, RDF.Statement) in ontology
    assert (SG.ExtractionActivity, RDFS.subClassOf, PROV.Activity) in ontology
    assert (SG.Curation, RDFS.subClassOf, PROV.Activity) in ontology
    assert (SG.Article, RDFS.subClassOf, PROV.Entity) in ontology
    assert (SG.Article, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")) in ontology


def test_measure_classes_have_kind_slugs(ontology: Graph) -> None:
    measure_classes = subclasses(ontology, SG.SanctionsMeasure) - {SG.SanctionsMeasure}
    assert len(measure_classes) == 13
    slugs = {}
    for cls in measure_classes:
        slug = ontology.value(cls, SG.kindSlug)
        assert slug is not None, f"{local(cls)} has no sg:kindSlug"
        # The named queries derive a measure's kind from its class name.
        assert str(slug) == kebab(local(cls))
        slugs[str(slug)] = cls
    assert len(slugs) == len(measure_classes)
    assert {"financial-services-ban", "export-cap", "sanctions-enforcement"} <= set(slugs)
    assert (SG.SanctionsMeasure, SKOS.closeMatch, URIRef("https://w3id.org/ftm#Sanction")) in (
        ontology
    )


@pytest.mark.parametrize(
    ("value_class", "slugs"),
    [(SG.MeasureStatus, STATUSES), (SG.Factuality, FACTUALITIES), (SG.Tense, TENSES)],
    ids=["status", "factuality", "tense"],
)
def test_value_individuals_match_the_model(
    ontology: Graph, value_class: URIRef, slugs: tuple[str, ...]
) -> None:
    members = set(ontology.subjects(RDF.type, value_class))
    assert (value_class, RDF.type, SKOS.ConceptScheme) in ontology
    for member in members:
        assert (member, RDF.type, OWL.NamedIndividual) in ontology
        assert (member, RDF.type, SKOS.Concept) in ontology
        assert (member, SKOS.inScheme, value_class) in ontology
        # The named queries derive a value's slug from its local name.
        assert str(ontology.value(member, SKOS.notation)) == kebab(local(member))
    assert {str(ontology.value(m, SKOS.notation)) for m in members} == set(slugs)


def test_relations_match_the_model(ontology: Graph) -> None:
    names = {}
    for prop in RELATION_PREDICATES:
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
        name = str(ontology.value(prop, SG.relationName))
        assert name == local(prop)
        names[name] = prop
    assert set(names) == set(RELATIONS)
    assert (SG.tradesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert ontology.value(SG.targets, RDFS.domain) is None, "sg:targets is used from measures too"
    cameo = {p: {str(n) for n in ontology.objects(p, SKOS.notation)} for p in RELATION_PREDICATES}
    assert cameo[SG.targets] == {"163", "112", "1312"}
    assert cameo[SG.denies] == {"016"}
    assert cameo[SG.tradesWith] == {"061"}
    assert cameo[SG.orders] == set()
    assert "CAMEO" in str(ontology.value(SG.orders, RDFS.comment))


def test_property_kinds_and_ranges(ontology: Graph) -> None:
    assert ontology.value(SG.status, RDFS.range) == SG.MeasureStatus
    assert ontology.value(SG.factuality, RDFS.range) == SG.Factuality
    assert ontology.value(SG.tense, RDFS.range) == SG.Tense
    assert ontology.value(SG.country, RDFS.range) == SG.Government
    assert ontology.value(SG.deniesAssertion, RDFS.range) == SG.Assertion
    for prop, datatype in (
        (SG.evidenceStart, XSD.integer), (SG.evidenceEnd, XSD.integer),
        (SG.evidenceText, XSD.string), (SG.eventDate, XSD.date), (SG.adoptionDate, XSD.date),
        (SG.articleId, XSD.string), (SG.demonym, XSD.string), (SG.polarity, XSD.string),
    ):  # fmt: skip
        assert (prop, RDF.type, OWL.DatatypeProperty) in ontology, local(prop)
        assert ontology.value(prop, RDFS.range) == datatype, local(prop)


# --- reference entities -----------------------------------------------------------


def test_reference_holds_no_relations_and_no_measures(ontology: Graph, reference: Graph) -> None:
    predicates = set(reference.predicates())
    assert predicates.isdisjoint(RELATION_PREDICATES)
    assert predicates.isdisjoint(MEASURE_PREDICATES)
    measure_classes = subclasses(ontology, SG.SanctionsMeasure)
    assert set(reference.objects(None, RDF.type)).isdisjoint(measure_classes)
    assert set(reference.subjects(RDF.type, SG.Assertion)) == set()


def test_every_reference_entity_has_one_label_and_an_entity_type(
    ontology: Graph, reference: Graph
) -> None:
    entity_classes = subclasses(ontology, SG.Entity)
    subjects = set(reference.subjects())
    assert len(subjects) > 100
    for entity in subjects:
        assert str(entity).startswith(ID_BASE), entity
        assert len(list(reference.objects(entity, RDFS.label))) == 1, entity
        types = set(reference.objects(entity, RDF.type))
        assert types and types <= entity_classes, entity


def normalise(label: str) -> str:
    """Case-, punctuation- and leading-"the"-insensitive, as ANNOTATION.md scores aliases."""
    text = re.sub(r"[^\w\s]", "", label.casefold())
    return re.sub(r"^the\s+", "", " ".join(text.split()))


def test_reference_names_are_unambiguous(reference: Graph) -> None:
    owners: dict[str, set[URIRef]] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for entity, name in reference.subject_objects(prop):
            owners.setdefault(normalise(str(name)), set()).add(entity)
    shared = {name: sorted(e) for name, e in owners.items() if len(e) > 1}
    assert shared == {}


@pytest.mark.parametrize(
    "alias", ["president", "regime", "central bank", "government", "ministry", "kim", "lee", "lu"]
)
def test_reference_has_no_context_dependent_alias(reference: Graph, alias: str) -> None:
    names = {normalise(str(o)) for o in reference.objects(None, SKOS.altLabel)}
    names |= {normalise(str(o)) for o in reference.objects(None, RDFS.label)}
    assert alias not in names


def test_reference_knows_the_key_actors(reference: Graph) -> None:
    expected = {
        "china": SG.Government, "usa": SG.Government, "dprk": SG.Government,
        "eu": SG.Government, "un": SG.Organization, "unsc": SG.Organization,
        "pboc": SG.CentralBank, "icbc": SG.Bank, "bank-of-dandong": SG.Bank,
        "trump": SG.Official, "xi-jinping": SG.Official, "kim-jong-un": SG.Official,
        "unsc-2375": SG.UNResolution, "eo-13810": SG.ExecutiveOrder,
    }  # fmt: skip
    for slug, cls in expected.items():
        assert (ID[slug], RDF.type, cls) in reference, slug
    aliases = {str(o) for o in reference.objects(ID.dprk, SKOS.altLabel)}
    assert {"DPRK", "Pyongyang"} <= aliases
    assert "Pudong Bank" in {str(o) for o in reference.objects(ID.spdb, SKOS.altLabel)}
    assert (ID.pboc, SG.country, ID.china) in reference
    assert (ID["lu-kang"], SG.country, ID.china) in reference
    assert Literal("North Korean") in set(reference.objects(ID.dprk, SG.demonym))


def test_demonyms_on_states_and_countries_are_states(reference: Graph) -> None:
    for state in reference.subjects(SG.demonym, None):
        assert (state, RDF.type, SG.Government) in reference
    for _, state in reference.subject_objects(SG.country):
        assert (state, RDF.type, SG.Government) in reference
    for official in reference.subjects(RDF.type, SG.Official):
        un_staff = {ID.guterres, ID["ban-ki-moon"]}
        assert official in un_staff or reference.value(official, SG.country) is not None, official


def test_resolutions_have_number_date_and_symbol(reference: Graph) -> None:
    resolutions = set(reference.subjects(RDF.type, SG.UNResolution))
    numbers = {"1718", "1874", "2087", "2094", "2270", "2321", "2356", "2371", "2375", "2397"}
    assert numbers <= {str(reference.value(r, SG.resolutionNumber)) for r in resolutions}
    for resolution in resolutions:
        number = str(reference.value(resolution, SG.resolutionNumber))
        adopted = reference.value(resolution, SG.adoptionDate)
        assert adopted is not None and adopted.datatype == XSD.date, resolution
        year = adopted.toPython().year
        assert str(reference.value(resolution, SG.officialSymbol)) == f"S/RES/{number} ({year})"
        assert resolution == ID[f"unsc-{number}"]
        label = str(reference.value(resolution, RDFS.label))
        assert label == f"UN Security Council Resolution {number}"
        aliases = {str(a) for a in reference.objects(resolution, SKOS.altLabel)}
        assert {f"Resolution {number}", f"resolution {number}", f"UNSCR {number}"} <= aliases
    adopted_2375 = reference.value(ID["unsc-2375"], SG.adoptionDate).toPython()
    assert adopted_2375 == date(2017, 9, 11)


WIKIDATA_ENTITY = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")


def test_every_un_resolution_has_its_official_symbol(reference: Graph) -> None:
    resolutions = set(reference.subjects(RDF.type, SG.UNResolution))
    assert len(resolutions) >= 16
    for resolution in resolutions:
        symbols = [str(s) for s in reference.objects(resolution, SG.officialSymbol)]
        assert len(symbols) == 1, resolution
        assert re.fullmatch(r"S/RES/[0-9]{3,4} \((19|20)[0-9]{2}\)", symbols[0]), symbols[0]
    assert str(reference.value(ID["unsc-2375"], SG.officialSymbol)) == "S/RES/2375 (2017)"


def test_exact_matches_are_wikidata_entities(reference: Graph) -> None:
    links = list(reference.subject_objects(SKOS.exactMatch))
    assert len(links) >= 20
    for entity, target in links:
        assert isinstance(target, URIRef) and WIKIDATA_ENTITY.match(str(target)), (entity, target)
    # One entity per QID and one QID per entity: a shared QID would merge two entities.
    assert len({t for _, t in links}) == len(links) == len({e for e, _ in links})
    # A few that anyone can check.
    assert (ID.china, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q148")) in reference
    assert (ID.trump, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q22686")) in reference
    assert (ID.unsc, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q37470")) in reference


def test_executive_orders_have_a_signing_date(reference: Graph) -> None:
    orders = set(reference.subjects(RDF.type, SG.ExecutiveOrder))
    for number in ("13810", "13846", "13850", "13884", "13660", "13661", "13662", "14024"):
        assert ID[f"eo-{number}"] in orders, number
    for order in orders:
        number = str(order).rsplit("-", 1)[1]
        assert str(reference.value(order, RDFS.label)) == f"Executive Order {number}"
        assert reference.value(order, SG.adoptionDate).datatype == XSD.date
        assert {f"EO {number}", f"E.O. {number}"} <= {
            str(a) for a in reference.objects(order, SKOS.altLabel)
        }
    assert reference.value(ID["eo-13810"], SG.adoptionDate).toPython() == date(2017, 9, 20)


# --- a tiny graph shaped like docs/graph-shape.md ------------------------------

# graph-shape.md writes ``id:article/{doc}``; a slash is not allowed in a
# Turtle prefixed name, hence one prefix per kind of minted IRI.

PREFIXES = """\
@prefix sg: <https://w3id.org/sanctions-graph/ontology#> .
@prefix id: <https://w3id.org/sanctions-graph/id/> .
@prefix article: <https://w3id.org/sanctions-graph/id/article/> .
@prefix activity: <https://w3id.org/sanctions-graph/id/activity/> .
@prefix assertion: <https://w3id.org/sanctions-graph/id/assertion/> .
@prefix measure: <https://w3id.org/sanctions-graph/id/measure/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ARTICLES = {
    "t-001": """
article:t-001 a sg:Article ; sg:articleId "t-001" ;
    dcterms:title "China tells banks to stop serving North Koreans" ;
    dcterms:issued "2017-09-21"^^xsd:date .
activity:t-001 a sg:ExtractionActivity ; prov:used article:t-001 ;
    prov:startedAtTime "2026-11-22T16:00:00Z"^^xsd:dateTime ; sg:softwareVersion "0.1.0" .

id:china a sg:Government ; rdfs:label "China" ; skos:altLabel "Beijing" .
id:icbc a sg:Bank ; rdfs:label "ICBC" .
id:trump a sg:Official ; rdfs:label "Trump" .
id:north-korean-citizens a sg:Group ; rdfs:label "North Korean citizens" .
id:unsc-2375 a sg:UNResolution ; rdfs:label "resolution 2375" .

id:china sg:orders id:icbc .

assertion:t-001-1 a sg:Assertion ;
    rdf:subject id:china ; rdf:predicate sg:orders ; rdf:object id:icbc ;
    prov:wasDerivedFrom article:t-001 ; prov:wasGeneratedBy activity:t-001 ;
    sg:evidenceText "China reportedly instructed ICBC to stop serving North Korean clients." ;
    sg:evidenceStart 0 ; sg:evidenceEnd 70 ; sg:trigger "instructed" ;
    sg:factuality sg:Probable ; sg:polarity "positive" ; sg:tense sg:Past ;
    sg:claimant id:trump ; sg:eventDate "2017-09-16"^^xsd:date .

measure:t-001-1 a sg:FinancialServicesBan ;
    rdfs:label "financial services ban: China on North Korean citizens" ;
    sg:imposedBy id:china ; sg:targets id:north-korean-citizens ;
    sg:implementedBy id:icbc ; sg:legalBasis id:unsc-2375 ; sg:status sg:InForce ;
    sg:quantity "180 days" ; sg:trigger "stop" ;
    sg:evidenceText "China reportedly instructed ICBC to stop serving North Korean clients." ;
    sg:evidenceStart 0 ; sg:evidenceEnd 70 ;
    prov:wasDerivedFrom article:t-001 ; prov:wasGeneratedBy activity:t-001 .
""",
    "t-002": """
article:t-002 a sg:Article ; sg:articleId "t-002" .
activity:t-002 a sg:ExtractionActivity ; prov:used article:t-002 ; sg:softwareVersion "0.1.0" .

id:china a sg:Government ; rdfs:label "Beijing" .
id:bank-of-china a sg:Bank ; rdfs:label "Bank of China" .
id:trump a sg:Official ; rdfs:label "Donald Trump" .
id:lu-kang a sg:Official ; rdfs:label "Lu Kang" .
id:dprk a sg:Government ; rdfs:label "Pyongyang" .

id:china sg:orders id:bank-of-china .
id:lu-kang sg:denies id:trump .
id:china sg:tradesWith id:dprk .

assertion:t-002-1 a sg:Assertion ;
    rdf:subject id:china ; rdf:predicate sg:orders ; rdf:object id:bank-of-china ;
    prov:wasDerivedFrom article:t-002 ; prov:wasGeneratedBy activity:t-002 ;
    sg:evidenceText "Trump said China had told Bank of China to cut off North Korea." ;
    sg:evidenceStart 10 ; sg:evidenceEnd 75 ; sg:trigger "told" ;
    sg:factuality sg:Certain ; sg:polarity "positive" ; sg:tense sg:Past ; sg:claimant id:trump .

assertion:t-002-2 a sg:Assertion ;
    rdf:subject id:lu-kang ; rdf:predicate sg:denies ; rdf:object id:trump ;
    prov:wasDerivedFrom article:t-002 ; prov:wasGeneratedBy activity:t-002 ;
    sg:evidenceText "Lu Kang said the claim was not consistent with the facts." ;
    sg:evidenceStart 80 ; sg:evidenceEnd 137 ; sg:trigger "not consistent with the facts" ;
    sg:factuality sg:Certain ; sg:polarity "positive" ; sg:tense sg:Past ;
    sg:deniesAssertion assertion:t-002-1 .

assertion:t-002-3 a sg:Assertion ;
    rdf:subject id:china ; rdf:predicate sg:tradesWith ; rdf:object id:dprk ;
    prov:wasDerivedFrom article:t-002 ; prov:wasGeneratedBy activity:t-002 ;
    sg:evidenceText "China's imports from North Korea fell sharply in August." ;
    sg:evidenceStart 140 ; sg:evidenceEnd 196 ;
    sg:factuality sg:Certain ; sg:polarity "positive" ; sg:tense sg:Past .

measure:t-002-1 a sg:ImportBan ;
    rdfs:label "import ban: China on North Korea" ;
    sg:imposedBy id:china ; sg:targets id:dprk ; sg:status sg:Reported ;
    sg:evidenceText "China has reportedly stopped buying North Korean coal." ;
    sg:evidenceStart 200 ; sg:evidenceEnd 254 ;
    prov:wasDerivedFrom article:t-002 ; prov:wasGeneratedBy activity:t-002 .
""",
}


def article_graph(doc: str) -> Graph:
    return Graph().parse(data=PREFIXES + ARTICLES[doc], format="turtle")


def tiny_graph() -> Graph:
    graph = Graph()
    for doc in ARTICLES:
        graph += article_graph(doc)
    return graph


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Ontology, reference and the two articles, each in its named graph."""
    store = ox.Store()
    for name, graph in ((ONTOLOGY_FILE, ONTOLOGY_GRAPH), (REFERENCE_FILE, REFERENCE_GRAPH)):
        store.load(
            path=str(ONTOLOGY_DIR / name),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(str(graph)),
        )
    for doc in ARTICLES:
        store.load(
            input=PREFIXES + ARTICLES[doc],
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(f"https://w3id.org/sanctions-graph/graph/article/{doc}"),
        )
    return store


def header(path: Path) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#\s*(title|description|param):\s*(.+)$", line)
        if match:
            fields.setdefault(match[1], []).append(match[2].strip())
    return fields


def bind(query: str, **params: str) -> str:
    """Replace the default of each ``VALUES ?name { default }`` clause."""
    for name, term in params.items():
        clause = re.compile(rf"VALUES \?{re.escape(name)} \{{[^}}]*\}}")
        assert len(clause.findall(query)) == 1, f"one VALUES clause for ?{name}"
        query = clause.sub(f"VALUES ?{name} {{ {term} }}".replace("\\", "\\\\"), query)
    return query


def run(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in solutions]


def named_query(name: str) -> str:
    return (ONTOLOGY_DIR / QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


def test_required_queries_exist() -> None:
    assert {p.stem for p in QUERY_FILES} >= REQUIRED_QUERIES


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_header_and_parameters(path: Path) -> None:
    fields = header(path)
    assert len(fields.get("title", [])) == 1
    assert len(fields.get("description", [])) == 1
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    declared_params = {}
    for param in fields.get("param", []):
        name, default = param.split(maxsplit=1)
        declared_params[name] = default
    bound = re.findall(r"VALUES \?(\w+) \{\s*([^}]*?)\s*\}", body)
    assert len(bound) == len(dict(bound)), "one VALUES clause per parameter"
    assert dict(bound) == declared_params
    for prefix in set(re.findall(r"(?<![\w<])([a-z]+):\w", re.sub(r"<[^>\s]*>", "", body))):
        assert re.search(rf"PREFIX {prefix}:\s*<", body), f"prefix {prefix}: not declared"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_on_ontology_and_reference(path: Path) -> None:
    store = ox.Store()
    for name in (ONTOLOGY_FILE, REFERENCE_FILE):
        store.load(path=str(ONTOLOGY_DIR / name), format=ox.RdfFormat.TURTLE)
    run(store, path.read_text(encoding="utf-8"))


def test_who_ordered_whom(store: ox.Store) -> None:
    rows = run(store, named_query("who-ordered-whom"))
    got = [
        (r["ordererLabel"], r["orderedLabel"], r["factuality"], r["claimantLabel"], r["articleId"])
        for r in rows
    ]
    # Reference labels win over the article's surface forms ("Beijing", "ICBC"),
    # and China's label in three graphs does not multiply the rows.
    assert got == [
        ("China", "Industrial and Commercial Bank of China", "probable", "Donald Trump", "t-001"),
        ("China", "Bank of China", "certain", "Donald Trump", "t-002"),
    ]
    assert rows[0]["evidence"].startswith("China reportedly instructed ICBC")


def test_measures_by_target(store: ox.Store) -> None:
    rows = run(store, named_query("measures-by-target"))
    got = [(r["targetLabel"], r["kind"], r["imposers"], r["status"], r["articleId"]) for r in rows]
    assert got == [
        ("North Korea", "import-ban", "China", "reported", "t-002"),
        # Not in the reference graph: the article's own label.
        ("North Korean citizens", "financial-services-ban", "China", "in-force", "t-001"),
    ]
    assert all(r["evidence"] for r in rows)


def test_contested_claims(store: ox.Store) -> None:
    rows = run(store, named_query("contested-claims"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["denierLabel"], row["claimantLabel"], row["articleId"]) == (
        "Lu Kang", "Donald Trump", "t-002",
    )  # fmt: skip
    assert (row["claimSubjectLabel"], row["claimRelation"], row["claimObjectLabel"]) == (
        "China", "orders", "Bank of China",
    )  # fmt: skip
    assert row["claimEvidence"].startswith("Trump said China")
    assert row["deniedAssertion"] == ID_BASE + "assertion/t-002-1"


def test_trade_relations(store: ox.Store) -> None:
    rows = run(store, named_query("trade-relations"))
    assert [(r["partyALabel"], r["partyBLabel"], r["factuality"]) for r in rows] == [
        ("China", "North Korea", "certain")
    ]


def test_entity_profile(store: ox.Store) -> None:
    rows = run(store, named_query("entity-profile"))  # default: id:china
    got = {(r["role"], r["relation"], r["otherLabel"], r["state"]) for r in rows}
    assert got == {
        ("subject", "orders", "Industrial and Commercial Bank of China", "probable"),
        ("subject", "orders", "Bank of China", "certain"),
        ("subject", "tradesWith", "North Korea", "certain"),
        ("imposes", "financial-services-ban", "North Korean citizens", "in-force"),
        ("imposes", "import-ban", "North Korea", "reported"),
    }
    rows = run(store, bind(named_query("entity-profile"), entity="id:icbc"))
    got = {(r["role"], r["relation"], r["otherLabel"]) for r in rows}
    assert got == {
        ("object", "orders", "China"),
        ("implements", "financial-services-ban", "North Korean citizens"),
    }


def test_relation_sources(store: ox.Store) -> None:
    rows = run(store, named_query("relation-sources"))  # default: china orders icbc
    assert [(r["articleId"], r["title"], r["published"], r["start"], r["end"]) for r in rows] == [
        ("t-001", "China tells banks to stop serving North Koreans", "2017-09-21", "0", "70")
    ]
    assert rows[0]["claimantLabel"] == "Donald Trump"
    assert rows[0]["trigger"] == "instructed"
    # tradesWith is symmetric: asking for it the other way round finds it too.
    query = bind(
        named_query("relation-sources"),
        subject="id:dprk", predicate="sg:tradesWith", object="id:china",
    )  # fmt: skip
    assert [r["articleId"] for r in run(store, query)] == ["t-002"]
    # orders is not.
    query = bind(named_query("relation-sources"), subject="id:icbc", object="id:china")
    assert run(store, query) == []


def test_entity_types(store: ox.Store) -> None:
    counts = {r["classLabel"]: int(r["count"]) for r in run(store, named_query("entity-types"))}
    reference = Graph().parse(ONTOLOGY_DIR / REFERENCE_FILE, format="turtle")
    banks = set(reference.subjects(RDF.type, SG.Bank)) | {ID["bank-of-china"], ID.icbc}
    assert counts["bank"] == len(banks)
    assert counts["group"] == 1  # north-korean-citizens, from the article only


# --- SHACL ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shacl(ontology: Graph, shapes: Graph):
    def check(data: Graph) -> tuple[bool, str]:
        conforms, _, text = validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=False
        )
        return conforms, text

    return check


def test_tiny_graph_conforms(shacl) -> None:
    conforms, text = shacl(tiny_graph())
    assert conforms, text


def test_reference_conforms(shacl, reference: Graph) -> None:
    conforms, text = shacl(reference)
    assert conforms, text


def _drop(s: URIRef, p: URIRef):
    def edit(g: Graph) -> None:
        g.remove((s, p, None))

    return edit


def _set(s: URIRef, p: URIRef, o):
    def edit(g: Graph) -> None:
        g.set((s, p, o))

    return edit


ASSERTION = ID["assertion/t-001-1"]
MEASURE = ID["measure/t-001-1"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_drop(ASSERTION, SG.evidenceText), "sg:evidenceText"),
        (_set(ASSERTION, SG.evidenceText, Literal("")), "sg:evidenceText"),
        (_drop(ASSERTION, SG.factuality), "sg:factuality"),
        (_set(ASSERTION, SG.factuality, SG.Past), "sg:factuality"),
        (_set(ASSERTION, RDF.predicate, SG.imposedBy), "rdf:predicate"),
        (_drop(ASSERTION, PROV.wasDerivedFrom), "prov:wasDerivedFrom"),
        (_set(ASSERTION, SG.evidenceStart, Literal(-1)), "sg:evidenceStart"),
        (_set(ASSERTION, SG.evidenceStart, Literal(500)), "less than sg:evidenceEnd"),
        (_set(ASSERTION, SG.polarity, Literal("maybe")), "sg:polarity"),
        (_set(ID["assertion/t-002-3"], SG.deniesAssertion, ASSERTION), "sg:deniesAssertion"),
        (_drop(MEASURE, SG.imposedBy), "sg:imposedBy"),
        (_drop(MEASURE, SG.targets), "sg:targets"),
        (_drop(MEASURE, SG.status), "sg:status"),
        (_set(MEASURE, SG.status, SG.Certain), "sg:status"),
        (_drop(MEASURE, PROV.wasDerivedFrom), "prov:wasDerivedFrom"),
        (_drop(ID["article/t-002"], SG.articleId), "sg:articleId"),
        (_drop(ID["north-korean-citizens"], RDFS.label), "rdfs:label"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_broken_graph_fails_with_a_message(shacl, edit, message: str) -> None:
    data = tiny_graph()
    edit(data)
    conforms, text = shacl(data)
    assert not conforms
    assert message in text
