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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Identifier

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

Triple = tuple[URIRef, URIRef, Identifier]


class _Terms:
    """A namespace whose terms are made once: ``SG.evidenceText`` makes and checks a
    new URIRef on every read, and an article's graph reads some for every assertion."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found as a plain attribute from now on
        return term


_SG, _RDF, _RDFS, _PROV, _SKOS, _DCTERMS = map(_Terms, (SG, RDF, RDFS, PROV, SKOS, DCTERMS))


@lru_cache(maxsize=4096)
def _text(value: str) -> Literal:
    """A plain literal. Evidence sentences, triggers and polarities repeat from one
    assertion to the next, and a Literal takes microseconds to make."""
    return Literal(value)


@lru_cache(maxsize=4096)
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


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
    item: Assertion | Measure, node: URIRef, article: URIRef, activity: URIRef
) -> Iterator[Triple]:
    yield node, _PROV.wasDerivedFrom, article
    yield node, _PROV.wasGeneratedBy, activity
    yield node, _SG.evidenceText, _text(item.evidence.text)
    yield node, _SG.evidenceStart, _integer(item.evidence.start)
    yield node, _SG.evidenceEnd, _integer(item.evidence.end)
    if item.trigger:
        yield node, _SG.trigger, _text(item.trigger)
    if item.claimant:
        yield node, _SG.claimant, entity_iri(item.claimant)


def extraction_graph(x: Extraction, *, started: datetime | None = None) -> Graph:
    """The named graph of one article, as an rdflib Graph with the graph's IRI."""
    g = Graph(identifier=article_graph_iri(x.document.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in extraction_triples(x, started=started):
        g.add(triple)
    return g


def extraction_ntriples(x: Extraction, *, started: datetime | None = None) -> bytes:
    """The N-Triples of :func:`extraction_graph`, without building the Graph (its
    indexes cost more than the rest of the build)."""
    return ntriples(extraction_triples(x, started=started))


def ntriples(triples: Iterable[Triple]) -> bytes:
    """N-Triples for these triples, each once, in the order given.

    The same triples in the same order give the same bytes in every process
    (rdflib's own writer follows its set's order, which changes with
    PYTHONHASHSEED), so an extracted shard is reproducible.
    """
    return "".join(map(_nt_row, dict.fromkeys(triples))).encode("utf-8")


def _nt_row(triple: Triple) -> str:
    s, p, o = triple
    return f"{_n3(s)} {_n3(p)} {_nt_object(o)} .\n"


def _nt_object(term: Identifier) -> str:
    """An object as rdflib's N-Triples serializer writes it (literals escaped its way)."""
    if type(term) is URIRef or not isinstance(term, Literal):
        return _n3(term)
    escaped = (
        term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    )
    text = f'"{escaped}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype:
        return f"{text}^^<{term.datatype}>"
    return text


@lru_cache(maxsize=8192)
def _n3(term: Identifier) -> str:
    # Cached: predicates, classes and the article's entities come back in every
    # row, and URIRef.n3 checks the IRI each time.
    return term.n3()


def extraction_triples(x: Extraction, *, started: datetime | None = None) -> Iterator[Triple]:
    """The triples of one article's graph, in the order the graph is built."""
    doc = x.document
    article = article_iri(doc.id)
    activity = ID[f"activity/{doc.id}"]

    yield article, _RDF.type, _SG.Article
    yield article, _SG.articleId, _text(doc.id)
    if doc.title:
        yield article, _DCTERMS.title, Literal(doc.title)
    if doc.source:
        yield article, _DCTERMS.source, Literal(doc.source)
    if doc.published:
        yield article, _DCTERMS.issued, Literal(doc.published, datatype=XSD.date)

    yield activity, _RDF.type, _SG.ExtractionActivity
    yield activity, _PROV.used, article
    when = (started or _now()).replace(microsecond=0)
    yield activity, _PROV.startedAtTime, Literal(when, datatype=XSD.dateTime)
    yield activity, _SG.softwareVersion, Literal(__version__)

    for entity in x.entities.values():
        node = entity_iri(entity.key)
        for t in entity.types:
            yield node, _RDF.type, SG[t]
        yield node, _RDFS.label, _text(entity.label)
        for alias in sorted(entity.aliases):
            if alias and alias != entity.label:
                yield node, _SKOS.altLabel, _text(alias)

    nodes: dict[int, URIRef] = {}
    for a in x.assertions:
        node = _assertion_iri(doc.id, a)
        nodes[id(a)] = node
        s, p, o = entity_iri(a.subject), RELATION[a.predicate], entity_iri(a.object)
        if a.direct:
            yield s, p, o
        yield node, _RDF.type, _SG.Assertion
        yield node, _RDF.subject, s
        yield node, _RDF.predicate, p
        yield node, _RDF.object, o
        yield from _evidence(a, node, article, activity)
        yield node, _SG.factuality, FACTUALITY[a.factuality]
        yield node, _SG.polarity, _text(a.polarity)
        yield node, _SG.tense, TENSE[a.tense]
        if a.event_date:
            yield node, _SG.eventDate, Literal(a.event_date, datatype=XSD.date)
    for a in x.assertions:
        if a.denies is not None and id(a.denies) in nodes:
            yield nodes[id(a)], _SG.deniesAssertion, nodes[id(a.denies)]

    classes = measure_classes()
    for n, measure in enumerate(x.measures, start=1):
        node = ID[f"measure/{doc.id}-{n}"]
        yield node, _RDF.type, classes.get(measure.kind, _SG.SanctionsMeasure)
        yield node, _SG.measureKind, _text(measure.kind)
        names = ", ".join(x.entities[k].label for k in measure.imposed_by if k in x.entities)
        aims = ", ".join(x.entities[k].label for k in measure.targets if k in x.entities)
        yield node, _RDFS.label, Literal(f"{measure.kind.replace('-', ' ')}: {names} on {aims}")
        for key in measure.imposed_by:
            yield node, _SG.imposedBy, entity_iri(key)
        for key in measure.targets:
            yield node, _SG.targets, entity_iri(key)
        for key in measure.implemented_by:
            yield node, _SG.implementedBy, entity_iri(key)
        for key in measure.legal_basis:
            yield node, _SG.legalBasis, entity_iri(key)
        yield node, _SG.status, STATUS[measure.status]
        for q in measure.quantities:
            yield node, _SG.quantity, Literal(q)
        if measure.deadline:
            yield node, _SG.deadline, Literal(measure.deadline)
        yield from _evidence(measure, node, article, activity)
