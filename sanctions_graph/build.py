"""Model objects to RDF: the one place that mints IRIs.

One article becomes one named graph (``graph:article/{doc}``) holding its
entities as the article names them, the direct entity-to-entity triples, an
assertion node per relation with its evidence, and the measures. See
docs/graph-shape.md.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from . import __version__
from .model import Assertion, Extraction, Measure
from .namespace import GRAPH_BASE, ID, ID_BASE, ONTOLOGY_IRI, SG
from .paths import ONTOLOGY_FILE, ontology_dir

FACTUALITY = {
    "certain": SG.Certain,
    "probable": SG.Probable,
    "possible": SG.Possible,
    "negated": SG.Negated,
}
STATUS = {
    "proposed": SG.Proposed,
    "in-force": SG.InForce,
    "withdrawn": SG.Withdrawn,
    "denied": SG.Denied,
    "reported": SG.Reported,
}
TENSE = {"past": SG.Past, "present": SG.Present, "future": SG.Future}
RELATION = {
    "orders": SG.orders,
    "targets": SG.targets,
    "denies": SG.denies,
    "tradesWith": SG.tradesWith,
}

PREFIXES = {
    "sg": ONTOLOGY_IRI,
    "id": ID_BASE,
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}


@lru_cache(maxsize=1)
def measure_classes() -> dict[str, URIRef]:
    """Measure kind slug -> class, read from the ontology (sg:kindSlug)."""
    onto = Graph().parse(ontology_dir() / ONTOLOGY_FILE, format="turtle")
    return {str(slug): cls for cls, slug in onto.subject_objects(SG.kindSlug)}


def _now() -> datetime:
    """The extraction time: now, or SOURCE_DATE_EPOCH when it is set.

    SOURCE_DATE_EPOCH is the reproducible-builds convention (seconds since
    1970): with it, two builds of the same articles give byte-identical
    TriG and N-Quads exports, activity timestamps included.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            pass  # not a number of seconds: fall back to the clock
    return datetime.now(UTC)


def article_graph_iri(doc_id: str) -> URIRef:
    return URIRef(f"{GRAPH_BASE}article/{doc_id}")


def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{doc_id}"]


def entity_iri(key: str) -> URIRef:
    return ID[key]


def curation_iri(digest: str) -> URIRef:
    """One entry of curation/*.yaml, named by a digest of its content."""
    return ID[f"curation/{digest}"]


def curated_assertion_iri(digest: str) -> URIRef:
    return ID[f"assertion/curation-{digest}"]


def agent_iri(who: str) -> URIRef:
    """The person behind a curation: an IRI as given (ORCID, mailto:), else minted from the name."""
    if re.match(r"^(https?|mailto):\S+$", who):
        return URIRef(who)
    slug = re.sub(r"[^a-z0-9]+", "-", who.casefold()).strip("-") or "someone"
    return ID[f"agent/{slug}"]


def _assertion_iri(doc_id: str, a: Assertion) -> URIRef:
    digest = hashlib.sha1(
        f"{a.subject}|{a.predicate}|{a.object}|{a.evidence.start}|{a.polarity}".encode()
    ).hexdigest()[:12]
    return ID[f"assertion/{doc_id}-{digest}"]


def _evidence(
    g: Graph, node: URIRef, item: Assertion | Measure, article: URIRef, activity: URIRef
) -> None:
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, PROV.wasGeneratedBy, activity))
    g.add((node, SG.evidenceText, Literal(item.evidence.text)))
    g.add((node, SG.evidenceStart, Literal(item.evidence.start, datatype=XSD.integer)))
    g.add((node, SG.evidenceEnd, Literal(item.evidence.end, datatype=XSD.integer)))
    if item.trigger:
        g.add((node, SG.trigger, Literal(item.trigger)))
    if item.claimant:
        g.add((node, SG.claimant, entity_iri(item.claimant)))


def extraction_graph(x: Extraction, *, started: datetime | None = None) -> Graph:
    """The named graph of one article, as an rdflib Graph with the graph's IRI."""
    doc = x.document
    g = Graph(identifier=article_graph_iri(doc.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    article = article_iri(doc.id)
    activity = ID[f"activity/{doc.id}"]

    g.add((article, RDF.type, SG.Article))
    g.add((article, SG.articleId, Literal(doc.id)))
    if doc.title:
        g.add((article, DCTERMS.title, Literal(doc.title)))
    if doc.source:
        g.add((article, DCTERMS.source, Literal(doc.source)))
    if doc.published:
        g.add((article, DCTERMS.issued, Literal(doc.published, datatype=XSD.date)))

    g.add((activity, RDF.type, SG.ExtractionActivity))
    g.add((activity, PROV.used, article))
    when = (started or _now()).replace(microsecond=0)
    g.add((activity, PROV.startedAtTime, Literal(when, datatype=XSD.dateTime)))
    g.add((activity, SG.softwareVersion, Literal(__version__)))

    for entity in x.entities.values():
        node = entity_iri(entity.key)
        for t in entity.types:
            g.add((node, RDF.type, SG[t]))
        g.add((node, RDFS.label, Literal(entity.label)))
        for alias in sorted(entity.aliases):
            if alias and alias != entity.label:
                g.add((node, SKOS.altLabel, Literal(alias)))

    nodes: dict[int, URIRef] = {}
    for a in x.assertions:
        node = _assertion_iri(doc.id, a)
        nodes[id(a)] = node
        s, p, o = entity_iri(a.subject), RELATION[a.predicate], entity_iri(a.object)
        if a.direct:
            g.add((s, p, o))
        g.add((node, RDF.type, SG.Assertion))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        _evidence(g, node, a, article, activity)
        g.add((node, SG.factuality, FACTUALITY[a.factuality]))
        g.add((node, SG.polarity, Literal(a.polarity)))
        g.add((node, SG.tense, TENSE[a.tense]))
        if a.event_date:
            g.add((node, SG.eventDate, Literal(a.event_date, datatype=XSD.date)))
    for a in x.assertions:
        if a.denies is not None and id(a.denies) in nodes:
            g.add((nodes[id(a)], SG.deniesAssertion, nodes[id(a.denies)]))

    classes = measure_classes()
    for n, measure in enumerate(x.measures, start=1):
        node = ID[f"measure/{doc.id}-{n}"]
        g.add((node, RDF.type, classes.get(measure.kind, SG.SanctionsMeasure)))
        g.add((node, SG.measureKind, Literal(measure.kind)))
        names = ", ".join(x.entities[k].label for k in measure.imposed_by if k in x.entities)
        aims = ", ".join(x.entities[k].label for k in measure.targets if k in x.entities)
        g.add((node, RDFS.label, Literal(f"{measure.kind.replace('-', ' ')}: {names} on {aims}")))
        for key in measure.imposed_by:
            g.add((node, SG.imposedBy, entity_iri(key)))
        for key in measure.targets:
            g.add((node, SG.targets, entity_iri(key)))
        for key in measure.implemented_by:
            g.add((node, SG.implementedBy, entity_iri(key)))
        for key in measure.legal_basis:
            g.add((node, SG.legalBasis, entity_iri(key)))
        g.add((node, SG.status, STATUS[measure.status]))
        for q in measure.quantities:
            g.add((node, SG.quantity, Literal(q)))
        if measure.deadline:
            g.add((node, SG.deadline, Literal(measure.deadline)))
        _evidence(g, node, measure, article, activity)
    return g
