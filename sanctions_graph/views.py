"""Two views of the store that the exports share: the asserted view and the entity network.

**The asserted view** is what the graph says, without the machinery that
produced it: the union of every named graph except

* ``graph:ontology`` (the vocabulary; it is published as ontology/sanctions.ttl),
* extraction bookkeeping: every triple about an ``sg:ExtractionActivity`` (its
  start time and software version) and the ``prov:wasGeneratedBy`` links to
  one, which change on every run although the articles did not,
* direct triples a curation retracted: ``s p o`` from a graph that holds an
  assertion of ``s p o`` marked ``sg:retractedBy``. The assertion itself stays,
  with its evidence and the mark, so the retraction is visible.

It keeps the entities (article and reference labels, types, Wikidata links),
the direct triples, the assertions with their evidence, the measures, the
articles (title, source, date), the curations and imported graphs. Turtle,
N-Triples and JSON-LD write it; TriG and N-Quads write everything.

**The entity network** reads the asserted view into a networkx graph of
entities only, for Gephi and Cytoscape (GraphML, GEXF, CSV): one edge per
subject, relation, object and factuality, counting the assertions behind it,
and one ``imposes`` edge per measure imposer, target, kind and status.
Retracted assertions draw no edge; entities merged by a curation
(``sg:canonical``) are drawn as their canonical entity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from .namespace import ONTOLOGY_GRAPH, SG
from .paths import ONTOLOGY_FILE, ontology_dir
from .render import ENTITY_TYPES, RELATIONS
from .store import Store, canonical_triples

Triple = tuple[Node, Node, Node]

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

#: Node attributes of the entity network, in the order the CSV writes them.
NODE_FIELDS = ("label", "type", "wikidata")
#: Edge attributes of the entity network, in the order the CSV writes them.
EDGE_FIELDS = ("relation", "factuality", "evidence_count", "articles", "measure_kind", "status")


def asserted_triples(store: Store) -> list[Triple]:
    """The asserted view of the store (see the module docstring), canonical and sorted."""
    ontology = str(ONTOLOGY_GRAPH)
    quads = [q for q in store.quads() if q[3] is None or str(q[3]) != ontology]
    activities = {s for s, p, o, _ in quads if p == RDF.type and o == SG.ExtractionActivity}
    retracted = {s for s, p, _, _ in quads if p == SG.retractedBy}
    # Where each retracted assertion lives and what it says, graph by graph:
    # the retraction hides the direct triple of that graph only.
    parts: dict[tuple[Node, Node | None], dict[Node, Node]] = defaultdict(dict)
    for s, p, o, g in quads:
        if s in retracted and p in (RDF.subject, RDF.predicate, RDF.object):
            parts[(s, g)][p] = o
    hidden = {
        (g, spo[RDF.subject], spo[RDF.predicate], spo[RDF.object])
        for (_, g), spo in parts.items()
        if len(spo) == 3
    }
    return canonical_triples(
        (s, p, o)
        for s, p, o, g in quads
        if s not in activities
        and not (p == PROV.wasGeneratedBy and o in activities)
        and (g, s, p, o) not in hidden
    )


def write_asserted(store: Store, out: IO[bytes], format: str) -> None:
    """Write the asserted view as Turtle or N-Triples: the bytes of
    ``serialize_triples(asserted_triples(store), format, out)``, faster.

    The few things to leave out (activities, retracted direct triples) are
    found by SPARQL; the store then writes its union less those, without
    turning a million quads into rdflib terms and back (a minute at a million
    triples, and three times the memory). Activities and retractions are
    looked for in the named graphs, where the layout puts everything.
    """
    ontology = str(ONTOLOGY_GRAPH)
    _, rows = store.select(
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a a sg:ExtractionActivity } "
        f"FILTER(?g != <{ontology}>) }}"
    )
    activities = {str(a) for (a,) in rows}
    _, hidden = store.select(
        "SELECT DISTINCT ?g ?s ?p ?o WHERE { "
        f"GRAPH ?gr {{ ?a sg:retractedBy ?c }} FILTER(?gr != <{ontology}>) "
        "GRAPH ?g { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } "
        f"FILTER(?g != <{ontology}>) }}"
    )
    store.write_view(
        out,
        format,
        skip_graphs=[ontology],
        skip_subjects=activities,
        skip_objects={str(PROV.wasGeneratedBy): activities},
        skip_quads=[
            (str(g), str(s), str(p), str(o))
            for g, s, p, o in hidden
            if all(isinstance(t, URIRef) for t in (g, s, p, o))
        ],
    )


def asserted_graph(store: Store) -> Graph:
    graph = Graph()
    for triple in asserted_triples(store):
        graph.add(triple)
    return graph


# ---------------------------------------------------------------- entity network


def entity_network(graph: Graph) -> nx.MultiDiGraph:
    """The entity network of an asserted view (see the module docstring).

    Nodes are entity IRIs (str) with ``label``, ``type`` (the most specific
    entity class's local name) and ``wikidata`` (a Wikidata entity IRI or "");
    edges carry every field of :data:`EDGE_FIELDS` ("" where it does not
    apply). Nodes and edges are added in sorted order, so writers that keep
    insertion order write the same bytes for the same graph.
    """
    entity_classes, measure_classes = _classes()
    canonical = _canonical_map(graph)

    def node(term: Node) -> URIRef:
        return canonical.get(term, term)  # type: ignore[return-value]

    entities = {
        s for c in entity_classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)
    }
    edges: dict[tuple[str, ...], set[str]] = defaultdict(set)
    counts: dict[tuple[str, ...], int] = defaultdict(int)

    relations = set(RELATIONS)
    for assertion in set(graph.subjects(RDF.type, SG.Assertion)):
        if (assertion, SG.retractedBy, None) in graph:
            continue
        s, p, o = (graph.value(assertion, q) for q in (RDF.subject, RDF.predicate, RDF.object))
        if p not in relations or s not in entities or o not in entities:
            continue
        factuality = _slug(graph.value(assertion, SG.factuality))
        key = (str(node(s)), _local(p), str(node(o)), factuality, "", "")
        counts[key] += 1
        edges[key].update(_article_ids(graph, assertion))

    measures = {m for c in measure_classes for m in graph.subjects(RDF.type, c)}
    for measure in measures:
        kind = str(graph.value(measure, SG.measureKind) or "") or _kind(graph, measure)
        status = _slug(graph.value(measure, SG.status))
        imposers = [i for i in graph.objects(measure, SG.imposedBy) if i in entities]
        targets = [t for t in graph.objects(measure, SG.targets) if t in entities]
        for imposer in imposers:
            for target in targets:
                key = (str(node(imposer)), "imposes", str(node(target)), "", kind, status)
                counts[key] += 1
                edges[key].update(_article_ids(graph, measure))

    network = nx.MultiDiGraph()
    for iri in sorted({k[0] for k in edges} | {k[2] for k in edges}):
        term = URIRef(iri)
        network.add_node(
            iri,
            label=_best_label(graph, term),
            type=_most_specific_type(graph, term),
            wikidata=_wikidata(graph, term),
        )
    for n, key in enumerate(sorted(edges)):
        source, relation, target, factuality, kind, status = key
        network.add_edge(
            source,
            target,
            key=f"e{n}",
            relation=relation,
            factuality=factuality,
            evidence_count=counts[key],
            articles=" ".join(sorted(edges[key])),
            measure_kind=kind,
            status=status,
        )
    return network


@lru_cache(maxsize=1)
def _classes() -> tuple[frozenset[URIRef], frozenset[URIRef]]:
    # From the ontology file, not the store: the asserted view leaves
    # graph:ontology out, and an imported file never has it.
    onto = Graph().parse(ontology_dir() / ONTOLOGY_FILE, format="turtle")
    measures = frozenset(onto.transitive_subjects(RDFS.subClassOf, SG.SanctionsMeasure))
    entities = frozenset(onto.transitive_subjects(RDFS.subClassOf, SG.Entity)) - measures
    return entities, measures


def _canonical_map(graph: Graph) -> dict[Node, Node]:
    direct = {s: o for s, o in graph.subject_objects(SG.canonical)}
    resolved: dict[Node, Node] = {}
    for start in sorted(direct, key=str):
        seen, current = {start}, direct[start]
        while current in direct and current not in seen:  # chains; a cycle stops where it closes
            seen.add(current)
            current = direct[current]
        resolved[start] = current
    return resolved


def _article_ids(graph: Graph, node: Node) -> Iterable[str]:
    for article in graph.objects(node, PROV.wasDerivedFrom):
        yield str(graph.value(article, SG.articleId) or _local(article))


def _kind(graph: Graph, measure: Node) -> str:
    classes = sorted(str(c) for c in graph.objects(measure, RDF.type))
    return _slug(URIRef(classes[0])) if classes else ""


def _most_specific_type(graph: Graph, entity: URIRef) -> str:
    types = set(graph.objects(entity, RDF.type))
    for name, cls in ENTITY_TYPES:
        if cls in types:
            return name
    return "Entity"


def _wikidata(graph: Graph, entity: URIRef) -> str:
    links = sorted(
        str(o) for o in graph.objects(entity, SKOS.exactMatch) if str(o).startswith(WIKIDATA_ENTITY)
    )
    return links[0] if links else ""


def _best_label(graph: Graph, entity: URIRef) -> str:
    labels = [label for label in graph.objects(entity, RDFS.label) if isinstance(label, Literal)]
    if not labels:
        return _local(entity)
    # English or untagged first, then the shortest, then alphabetical: a
    # stable choice among the labels different articles give.
    labels.sort(key=lambda lit: (lit.language not in (None, "en"), len(str(lit)), str(lit)))
    return str(labels[0])


def _local(term: Any) -> str:
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1] if term is not None else ""


def _slug(term: Any) -> str:
    """``sg:InForce`` -> ``in-force``, ``sg:Certain`` -> ``certain``; None -> ""."""
    if term is None:
        return ""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", _local(term)).lower()
