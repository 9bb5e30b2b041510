"""Graph -> interactive HTML.

Three steps, each usable on its own:

* :func:`network_from_graph` reads the RDF shape of ``docs/graph-shape.md``
  into a :class:`networkx.MultiDiGraph` of entities, measures and (optionally)
  the assertions and articles behind them;
* :func:`focus` cuts that network down to the neighbourhood of one entity;
* :func:`render_html` / :func:`write_html` turn a network into one HTML file
  that works from disk with no network access.

The page uses vis-network, the library pyvis wraps. We take the copy pyvis
ships and inline it, but not pyvis' ``Network`` class or its template: the
template loads Bootstrap from a CDN, and ``Network.add_node``/``add_edge``
look nodes up in a list, which is quadratic and takes minutes on the 20,000
nodes we accept. The layout is computed here, ahead of time, and physics is
off in the browser, so a large graph is drawn once instead of simulated.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from rdflib import RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from sanctions_graph.errors import InputError, SanctionsGraphError
from sanctions_graph.namespace import ID, ONTOLOGY_IRI, SG

__all__ = [
    "MAX_NODES",
    "focus",
    "layout_positions",
    "network_from_graph",
    "render_html",
    "write_html",
]

#: Largest network :func:`render_html` accepts. Beyond it the page takes too
#: long to lay out and draw to be useful; narrow the graph first.
MAX_NODES = 20_000

# Entity classes from most to least specific: a node typed sg:Group and
# sg:Bank (a group of banks) is drawn as a Bank, a CentralBank as a
# CentralBank although it is a Government too.
ENTITY_TYPES: tuple[tuple[str, URIRef], ...] = (
    ("CentralBank", SG.CentralBank),
    ("Official", SG.Official),
    ("Bank", SG.Bank),
    ("Government", SG.Government),
    ("UNResolution", SG.UNResolution),
    ("ExecutiveOrder", SG.ExecutiveOrder),
    ("Person", SG.Person),
    ("Group", SG.Group),
    ("Organization", SG.Organization),
)

MEASURE_CLASSES: frozenset[URIRef] = frozenset(
    {
        SG.FinancialServicesBan,
        SG.ImportBan,
        SG.ExportBan,
        SG.ExportCap,
        SG.AssetFreeze,
        SG.TravelBan,
        SG.LaborBan,
        SG.BusinessClosure,
        SG.SecondarySanctions,
        SG.VesselEntryBan,
        SG.Designation,
        SG.TradeEmbargo,
        SG.SanctionsEnforcement,
    }
)

#: The relations between entities that have direct triples and assertions.
RELATIONS: tuple[URIRef, ...] = (SG.orders, SG.targets, SG.denies, SG.tradesWith)

#: Measure -> entity links, drawn as edges from the measure node.
MEASURE_LINKS: tuple[tuple[str, URIRef], ...] = (
    ("imposedBy", SG.imposedBy),
    ("targets", SG.targets),
    ("implementedBy", SG.implementedBy),
    ("legalBasis", SG.legalBasis),
)

#: Edges that only say where something came from; hidden with provenance.
PROVENANCE_RELATIONS = ("subject", "object", "derivedFrom", "deniesAssertion")
PROVENANCE_KINDS = ("assertion", "article")

# Node look by type: colour and vis-network shape. Shapes with the label
# below them (dot, square ...) stay small on large graphs; measures are boxes
# so that their kind and status are readable.
NODE_STYLES: dict[str, dict[str, Any]] = {
    "Bank": {"color": "#1f77b4", "shape": "square", "size": 13},
    "CentralBank": {"color": "#0b3c6e", "shape": "hexagon", "size": 15},
    "Government": {"color": "#d62728", "shape": "star", "size": 17},
    "Official": {"color": "#9467bd", "shape": "triangle", "size": 13},
    "Person": {"color": "#c39bd3", "shape": "triangleDown", "size": 12},
    "Organization": {"color": "#2ca02c", "shape": "dot", "size": 12},
    "UNResolution": {"color": "#17becf", "shape": "diamond", "size": 13},
    "ExecutiveOrder": {"color": "#bcbd22", "shape": "diamond", "size": 13},
    "Group": {"color": "#8c564b", "shape": "hexagon", "size": 13},
    "measure": {"color": "#ff7f0e", "shape": "box", "size": 12},
    "article": {"color": "#7f7f7f", "shape": "square", "size": 8},
    "assertion": {"color": "#c7c7c7", "shape": "dot", "size": 4},
    "other": {"color": "#a0a0a0", "shape": "dot", "size": 10},
}
TYPE_LABELS = {
    "UNResolution": "UN resolution",
    "ExecutiveOrder": "Executive order",
    "CentralBank": "Central bank",
    "measure": "Sanctions measure",
    "article": "Article",
    "assertion": "Assertion",
    "other": "Other",
}

RELATION_COLORS: dict[str, str] = {
    "orders": "#1f77b4",
    "targets": "#e6550d",
    "denies": "#756bb1",
    "tradesWith": "#31a354",
    "imposedBy": "#8c564b",
    "implementedBy": "#17becf",
    "legalBasis": "#998a00",
    "subject": "#d0d0d0",
    "object": "#d0d0d0",
    "derivedFrom": "#d0d0d0",
    "deniesAssertion": "#e7a0a0",
}

# How sure the graph is of an edge. A denied relation (the object of some
# sg:deniesAssertion) beats a negated one, which beats a reported one.
EDGE_STATUSES: dict[str, dict[str, Any]] = {
    "certain": {"dashes": False, "color": None, "label": "certain (solid)"},
    "reported": {"dashes": [8, 5], "color": None, "label": "reported (dashed)"},
    "negated": {"dashes": [2, 4], "color": "#9e9e9e", "label": "negated (grey dotted)"},
    "denied": {"dashes": [8, 5], "color": "#d62728", "label": "denied (red dashed)"},
}
# A measure's status decides how its edges are drawn.
_MEASURE_EDGE_STATUS = {
    "InForce": "certain",
    "Proposed": "reported",
    "Reported": "reported",
    "Withdrawn": "negated",
    "Denied": "denied",
}

_PIXELS_PER_UNIT = 95.0
_SEED = 7


# --------------------------------------------------------------------------
# RDF -> network


def network_from_graph(graph: Graph, *, show_provenance: bool = True) -> nx.MultiDiGraph:
    """Read entities, relations, measures and provenance into a network.

    Nodes are keyed by IRI (as ``str``) and carry ``kind`` (``entity``,
    ``measure``, ``assertion``, ``article``), ``type`` (the legend category:
    an entity class local name, ``measure``, ``assertion``, ``article`` or
    ``other``), ``label`` and the drawing attributes ``color``, ``shape``,
    ``size``. Edges carry ``relation``, ``status`` (``certain``,
    ``reported``, ``negated``, ``denied``), ``evidence`` (one dict per
    assertion: sentence, article id, source ...), ``label``, ``color`` and
    ``dashes``.

    One edge is drawn per subject, relation, object and status, so two
    articles saying the same thing share an edge with two evidence entries.
    With ``show_provenance`` each assertion and article is a node of its own,
    linked to what it is about and where it came from.

    A :class:`rdflib.Dataset` is read as the union of its named graphs.
    """
    g = _union(graph)
    reader = _Reader(g)
    net = nx.MultiDiGraph()

    entity_classes = reader.subclasses(SG.Entity) | {t for _, t in ENTITY_TYPES}
    # A measure of no particular kind is typed sg:SanctionsMeasure itself.
    measure_classes = (
        reader.subclasses(SG.SanctionsMeasure) | MEASURE_CLASSES | {SG.SanctionsMeasure}
    )
    entity_classes -= measure_classes

    measures = sorted(
        {s for c in measure_classes for s in g.subjects(RDF.type, c) if _is_resource(s)},
        key=str,
    )
    measure_set = set(measures)
    entities = sorted(
        {
            s
            for c in entity_classes
            for s in g.subjects(RDF.type, c)
            if _is_resource(s) and s not in measure_set
        },
        key=str,
    )
    for entity in entities:
        reader.add_entity(net, entity)
    # Measures before assertions, so that an assertion about a measure finds
    # it drawn as one.
    for measure in measures:
        reader.add_measure(net, measure, measure_classes, show_provenance)

    # Assertions, grouped into one edge per (subject, relation, object, status).
    assertions = sorted(
        {a for a in g.subjects(RDF.type, SG.Assertion)}
        | {a for a in g.subjects(RDF.predicate, None) if g.value(a, RDF.subject) is not None},
        key=str,
    )
    denied = {o for o in g.objects(None, SG.deniesAssertion)}
    grouped: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    asserted_positive: set[tuple[Node, Node, Node]] = set()
    for assertion in assertions:
        s = g.value(assertion, RDF.subject)
        p = g.value(assertion, RDF.predicate)
        o = g.value(assertion, RDF.object)
        if not (_is_resource(s) and isinstance(p, URIRef) and _is_resource(o)):
            continue
        status = reader.assertion_status(assertion, denied)
        if status != "negated":
            asserted_positive.add((s, p, o))
        for node in (s, o):
            reader.add_entity(net, node)
        grouped[(str(s), _local(p), str(o), status)].append(reader.evidence(assertion))
        if show_provenance:
            reader.add_assertion_node(net, assertion, s, p, o, status)

    for (s, relation, o, status), evidence in grouped.items():
        _add_edge(net, s, o, relation, status, evidence=evidence)

    # Direct triples with no assertion behind them (curation, reference data).
    for p in RELATIONS:
        for s, o in sorted(g.subject_objects(p), key=lambda so: (str(so[0]), str(so[1]))):
            if s in measure_set or not (_is_resource(s) and _is_resource(o)):
                continue
            if (s, p, o) in asserted_positive:
                continue
            reader.add_entity(net, s)
            reader.add_entity(net, o)
            _add_edge(net, str(s), str(o), _local(p), "certain", evidence=[])

    if show_provenance:
        for assertion in assertions:
            other = g.value(assertion, SG.deniesAssertion)
            if str(assertion) in net and other is not None and str(other) in net:
                _add_edge(net, str(assertion), str(other), "deniesAssertion", "denied")
        for article in sorted(g.subjects(RDF.type, SG.Article), key=str):
            reader.add_article(net, article)
    return net


class _Reader:
    """Lookups on one (union) graph, shared by the parts of network_from_graph."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self._labels: dict[Node, str] = {}

    def subclasses(self, cls: URIRef) -> set[URIRef]:
        """cls and every class below it, as far as the graph says (ontology loaded or not)."""
        found = {cls}
        todo = deque([cls])
        while todo:
            for sub in self.g.subjects(RDFS.subClassOf, todo.popleft()):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def label(self, node: Node) -> str:
        if node not in self._labels:
            self._labels[node] = _best_label(self.g, node)
        return self._labels[node]

    def entity_type(self, node: Node) -> tuple[str, list[str]]:
        classes = {c for c in self.g.objects(node, RDF.type) if isinstance(c, URIRef)}
        sg_classes = sorted(_local(c) for c in classes if str(c).startswith(ONTOLOGY_IRI))
        for name, cls in ENTITY_TYPES:
            if cls in classes:
                return name, sg_classes
        return "other", sg_classes

    def add_entity(self, net: nx.MultiDiGraph, node: Node) -> None:
        key = str(node)
        if key in net:
            return
        type_, classes = self.entity_type(node)
        aliases = sorted(
            {str(a) for a in self.g.objects(node, SKOS.altLabel) if isinstance(a, Literal)}
        )
        net.add_node(
            key,
            kind="entity",
            type=type_,
            classes=classes,
            label=self.label(node),
            iri=key,
            aliases=aliases,
            **_node_style(type_),
        )

    def assertion_status(self, assertion: Node, denied: set[Node]) -> str:
        if assertion in denied:
            return "denied"
        factuality = self.g.value(assertion, SG.factuality)
        polarity = str(self.g.value(assertion, SG.polarity) or "positive").lower()
        if factuality == SG.Negated or polarity == "negative":
            return "negated"
        # Possible (a threat, a proposal) is less sure than Probable, so it is
        # drawn as reported too.
        if factuality in (SG.Probable, SG.Possible) or self.g.value(assertion, SG.claimant):
            return "reported"
        return "certain"

    def article_info(self, article: Node | None) -> dict[str, Any]:
        if article is None:
            return {}
        g = self.g
        article_id = g.value(article, SG.articleId)
        return _compact(
            {
                "article": str(article),
                "articleId": str(article_id) if article_id is not None else _local(article),
                "articleTitle": _str(g.value(article, DCTERMS.title)),
                "source": _str(g.value(article, DCTERMS.source)),
                "issued": _str(g.value(article, DCTERMS.issued)),
            }
        )

    def evidence(self, node: Node) -> dict[str, Any]:
        g = self.g
        claimant = g.value(node, SG.claimant)
        item = {
            "id": str(node),
            "text": _str(g.value(node, SG.evidenceText)),
            "trigger": _str(g.value(node, SG.trigger)),
            "factuality": _local(g.value(node, SG.factuality)),
            "polarity": _str(g.value(node, SG.polarity)),
            "tense": _local(g.value(node, SG.tense)),
            "date": _str(g.value(node, SG.eventDate)),
            "start": _int(g.value(node, SG.evidenceStart)),
            "end": _int(g.value(node, SG.evidenceEnd)),
            "claimant": self.label(claimant) if claimant is not None else None,
            "claimantIri": str(claimant) if claimant is not None else None,
            "denies": _str(g.value(node, SG.deniesAssertion)),
        }
        item.update(self.article_info(g.value(node, PROV.wasDerivedFrom)))
        return _compact(item)

    def add_assertion_node(
        self,
        net: nx.MultiDiGraph,
        assertion: Node,
        s: Node,
        p: URIRef,
        o: Node,
        status: str,
    ) -> None:
        key = str(assertion)
        relation = _local(p)
        trigger = _str(self.g.value(assertion, SG.trigger))
        net.add_node(
            key,
            kind="assertion",
            type="assertion",
            label=trigger or relation,
            iri=key,
            relation=relation,
            status=status,
            statement=f"{self.label(s)} {relation} {self.label(o)}",
            evidence=[self.evidence(assertion)],
            **_node_style("assertion"),
        )
        _add_edge(net, key, str(s), "subject", "certain")
        _add_edge(net, key, str(o), "object", "certain")
        article = self.g.value(assertion, PROV.wasDerivedFrom)
        if _is_resource(article):
            self.add_article(net, article)
            _add_edge(net, key, str(article), "derivedFrom", "certain")

    def add_article(self, net: nx.MultiDiGraph, article: Node) -> None:
        key = str(article)
        if key in net:
            return
        info = self.article_info(article)
        net.add_node(
            key,
            kind="article",
            type="article",
            label=info.get("articleId", _local(article)),
            iri=key,
            **{k: v for k, v in info.items() if k != "article"},
            **_node_style("article"),
        )

    def add_measure(
        self,
        net: nx.MultiDiGraph,
        measure: Node,
        measure_classes: set[URIRef],
        show_provenance: bool,
    ) -> None:
        g = self.g
        key = str(measure)
        classes = sorted((c for c in g.objects(measure, RDF.type) if c in measure_classes), key=str)
        slug = _str(g.value(measure, SG.kindSlug))
        for cls in classes:
            slug = slug or _str(g.value(cls, SG.kindSlug))
        kind_value = g.value(measure, SG.measureKind)
        if not slug and kind_value is not None:
            slug = _local(kind_value) if isinstance(kind_value, URIRef) else str(kind_value)
        if not slug and classes:
            slug = _slug(_local(classes[0]))
        slug = slug or "sanctions-measure"
        if re.search(r"[a-z][A-Z]", slug):  # a class local name, not a slug
            slug = _slug(slug)
        kind_label = re.sub(r"[-_]+", " ", slug)
        status_local = _local(g.value(measure, SG.status)) or "InForce"
        status_label = _words(status_local)
        edge_status = _MEASURE_EDGE_STATUS.get(status_local, "certain")

        links: dict[str, list[str]] = {}
        for relation, prop in MEASURE_LINKS:
            targets = sorted((t for t in g.objects(measure, prop) if _is_resource(t)), key=str)
            links[relation] = [str(t) for t in targets]
            for target in targets:
                self.add_entity(net, target)
        evidence = self.evidence(measure)
        net.add_node(
            key,
            kind="measure",
            type="measure",
            label=f"{kind_label}\n[{status_label}]",
            iri=key,
            measureKind=slug,
            kindLabel=kind_label,
            classes=[_local(c) for c in classes],
            status=status_local,
            statusLabel=status_label,
            description=_str(g.value(measure, RDFS.label)),
            quantity=sorted(_str(q) for q in g.objects(measure, SG.quantity)),
            deadline=_str(g.value(measure, SG.deadline)),
            links={
                relation: [{"iri": t, "label": net.nodes[t]["label"]} for t in targets]
                for relation, targets in links.items()
            },
            evidence=[evidence],
            **_node_style("measure"),
        )
        for relation, targets in links.items():
            for target in targets:
                _add_edge(net, key, target, relation, edge_status, evidence=[evidence])
        article = g.value(measure, PROV.wasDerivedFrom)
        if show_provenance and _is_resource(article):
            self.add_article(net, article)
            _add_edge(net, key, str(article), "derivedFrom", "certain")


def _add_edge(
    net: nx.MultiDiGraph,
    source: str,
    target: str,
    relation: str,
    status: str,
    *,
    evidence: list[dict[str, Any]] | None = None,
) -> None:
    net.add_edge(
        source,
        target,
        key=f"{relation}|{status}",
        relation=relation,
        status=status,
        evidence=evidence or [],
        **_edge_style(relation, status),
    )


def _node_style(type_: str) -> dict[str, Any]:
    return dict(NODE_STYLES.get(type_, NODE_STYLES["other"]))


def _edge_style(relation: str, status: str) -> dict[str, Any]:
    look = EDGE_STATUSES.get(status, EDGE_STATUSES["certain"])
    provenance = relation in PROVENANCE_RELATIONS
    return {
        "label": "" if provenance else relation,
        "color": look["color"] or RELATION_COLORS.get(relation, "#888888"),
        "dashes": look["dashes"],
        "width": 0.6 if provenance else 1.6,
    }


# --------------------------------------------------------------------------
# Focus


def focus(graph_or_network: Graph | nx.Graph, entity_iri: str, depth: int) -> nx.MultiDiGraph:
    """The part of the network within ``depth`` hops of one entity.

    Hops are counted over entities and measures, in either direction (an
    entity and the measure it imposed are one hop apart; two entities a
    measure links are two). Provenance nodes come along with what they
    explain: an assertion when its subject and object are both kept, an
    article when something kept was derived from it.

    ``entity_iri`` may be a full IRI, ``id:slug``, a bare slug or an exact
    label. An unknown entity raises :class:`~sanctions_graph.errors.InputError`.
    """
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}")
    if isinstance(graph_or_network, Graph):
        network = network_from_graph(graph_or_network)
    elif isinstance(graph_or_network, nx.Graph):
        network = graph_or_network
    else:
        raise InputError(
            "focus() needs an rdflib Graph or a networkx graph, "
            f"not {type(graph_or_network).__name__}"
        )
    start = _find_node(network, entity_iri)

    def is_provenance(node: str) -> bool:
        return network.nodes[node].get("kind") in PROVENANCE_KINDS

    keep = {start: 0}
    todo = deque([start])
    while todo:
        node = todo.popleft()
        if keep[node] == depth:
            continue
        neighbours = set(network.successors(node)) | set(network.predecessors(node))
        for other in sorted(neighbours):
            if other not in keep and not is_provenance(other):
                keep[other] = keep[node] + 1
                todo.append(other)

    nodes = set(keep)
    for node in list(network.nodes):
        if network.nodes[node].get("kind") == "assertion":
            ends = {
                v
                for _, v, r in network.out_edges(node, data="relation")
                if r in ("subject", "object")
            }
            if ends and ends <= keep.keys():
                nodes.add(node)
    for node in list(nodes):
        for _, article, relation in network.out_edges(node, data="relation"):
            if relation == "derivedFrom":
                nodes.add(article)
    for node in list(nodes):
        if network.nodes[node].get("kind") == "assertion":
            for _, other, relation in network.out_edges(node, data="relation"):
                if relation == "deniesAssertion":
                    nodes.add(other)
    sub = nx.MultiDiGraph(network.subgraph(nodes))
    sub.graph["focus"] = start
    sub.graph["depth"] = depth
    return sub


def _find_node(network: nx.Graph, wanted: str) -> str:
    text = str(wanted).strip()
    candidates = [text]
    if text.startswith("id:"):
        candidates.append(str(ID) + text[3:])
    elif "://" not in text and not text.startswith("urn:"):
        candidates.append(str(ID) + text)
    for candidate in candidates:
        if candidate in network:
            return candidate
    by_label = sorted(
        n
        for n, data in network.nodes(data=True)
        if data.get("kind") not in PROVENANCE_KINDS
        and (
            str(data.get("label", "")).casefold() == text.casefold()
            or text.casefold() in (a.casefold() for a in data.get("aliases", ()))
        )
    )
    if len(by_label) == 1:
        return by_label[0]
    if by_label:
        raise InputError(
            f"{text!r} names {len(by_label)} entities ({', '.join(by_label[:5])}); "
            "pass one IRI to --focus"
        )
    raise InputError(
        f"no entity {text!r} in the graph; pass an IRI, id:slug or exact label to --focus "
        "(list entities with the 'entities' query)"
    )


# --------------------------------------------------------------------------
# Layout


def layout_positions(network: nx.Graph, *, seed: int = _SEED) -> dict[Any, tuple[float, float]]:
    """Positions in pixels for every node, the same for the same network.

    Entities and measures are laid out first, each connected component on
    its own with Fruchterman-Reingold, and the components are packed in rows,
    biggest first, so small islands neither drift off nor pile onto the main
    one. Provenance nodes are then put beside what they explain (an assertion
    next to the middle of its edge, an article at the centre of what came
    from it), so hiding them leaves the same picture, and they do not pull
    the entities about.

    Components up to 500 nodes use networkx' spring_layout; larger ones
    start from a spectral embedding and use a grid approximation (exact
    repulsion from the 3x3 nearby cells, cell centroids beyond), which keeps
    20,000 nodes to seconds with numpy alone: networkx' spring_layout needs
    scipy above 500 nodes and its forceatlas2_layout builds n x n x 2 arrays.
    """
    nodes = sorted(network.nodes, key=str)
    kinds = {n: network.nodes[n].get("kind") for n in nodes}
    core = [n for n in nodes if kinds[n] not in PROVENANCE_KINDS]
    undirected = {(u, v) if str(u) <= str(v) else (v, u) for u, v in network.edges() if u != v}
    core_set = set(core)
    placed = _layout_components(
        core, [(u, v) for u, v in undirected if u in core_set and v in core_set], seed
    )

    # Assertions beside their edge, alternating sides, then articles at the
    # centre of what they gave.
    rest = [n for n in nodes if n not in placed]
    side = Counter[tuple[Any, Any]]()
    for kind in PROVENANCE_KINDS:
        for node in rest:
            if kinds[node] != kind or node in placed:
                continue
            ends = sorted(
                {v for v in network.successors(node) if v in placed}
                | (
                    {v for v in network.predecessors(node) if v in placed}
                    if kind == "article"
                    else set()
                ),
                key=str,
            )
            if not ends:
                continue
            points = np.array([placed[v] for v in ends])
            centre = points.mean(axis=0)
            if kind == "assertion" and len(points) >= 2:
                direction = points[-1] - points[0]
                normal = np.array([-direction[1], direction[0]]) / (
                    np.linalg.norm(direction) or 1.0
                )
                key = (ends[0], ends[-1])
                turn = side[key]
                side[key] += 1
                offset = normal * 0.3 * (1 + turn // 2) * (1 if turn % 2 == 0 else -1)
            else:
                # crc32, not hash(): hash() is salted per process.
                angle = (zlib.crc32(str(node).encode()) % 360) * np.pi / 180
                offset = np.array([np.cos(angle), np.sin(angle)]) * 0.6
            placed[node] = centre + offset

    leftover = [n for n in nodes if n not in placed]
    if leftover:
        left_set = set(leftover)
        extra = _layout_components(
            leftover, [(u, v) for u, v in undirected if u in left_set and v in left_set], seed
        )
        if placed:
            # Below everything else, left-aligned.
            low = np.array(list(placed.values())).min(axis=0)
            high = np.array(list(placed.values())).max(axis=0)
            extra_low = np.array(list(extra.values())).min(axis=0)
            shift = np.array([low[0], high[1] + 2.0]) - extra_low
            extra = {n: p + shift for n, p in extra.items()}
        placed.update(extra)
    return {
        n: (float(p[0] * _PIXELS_PER_UNIT), float(p[1] * _PIXELS_PER_UNIT))
        for n, p in placed.items()
    }


def _layout_components(
    nodes: list[Any], edges: list[tuple[Any, Any]], seed: int
) -> dict[Any, np.ndarray]:
    """Lay out each connected component and pack them; positions in edge lengths."""
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in edges)
    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        members[root(i)].append(i)
    comp_edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in pairs:
        comp_edges[root(a)].append((a, b))
    components = sorted(members.items(), key=lambda item: (-len(item[1]), item[1][0]))

    laid_out = []
    for comp_root, comp in components:
        local = {g: i for i, g in enumerate(comp)}
        comp_pairs = np.array(
            [(local[a], local[b]) for a, b in comp_edges[comp_root]], dtype=np.int64
        ).reshape(-1, 2)
        laid_out.append((comp, _force_layout(len(comp), comp_pairs, seed)))
    return {nodes[i]: p for i, p in _pack(laid_out).items()}


def _force_layout(n: int, edges: np.ndarray, seed: int) -> np.ndarray:
    """Fruchterman-Reingold with ideal edge length 1 on an n-node component."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    if n <= 500:
        # networkx' own dense Fruchterman-Reingold: numpy only below 500 nodes.
        small = nx.Graph()
        small.add_nodes_from(range(n))
        small.add_edges_from(map(tuple, edges.tolist()))
        laid = nx.spring_layout(small, seed=seed, iterations=200, k=2.5 / np.sqrt(n))
        pos = np.array([laid[i] for i in range(n)])
        lengths = np.sqrt(((pos[edges[:, 0]] - pos[edges[:, 1]]) ** 2).sum(axis=1))
        return (pos - pos.mean(axis=0)) / max(float(np.median(lengths)), 1e-6) * 1.4
    rng = np.random.default_rng(seed)
    side = float(np.sqrt(n)) * 1.2
    exact = n <= 800
    if exact:
        pos = (rng.random((n, 2)) - 0.5) * side
        iterations, temperature = 80, side * 0.1
    else:
        pos = _spectral_start(n, edges, rng) * side
        iterations, temperature = 45, side * 0.04
    cooling = temperature / (iterations + 1)
    u, v = edges[:, 0], edges[:, 1]
    for _ in range(iterations):
        disp = _repulsion_exact(pos) if exact else _repulsion_grid(pos)
        delta = pos[u] - pos[v]
        dist = np.sqrt((delta**2).sum(axis=1)).clip(0.01)
        pull = delta * dist[:, None]  # magnitude dist^2 / k with k = 1
        for d in (0, 1):
            disp[:, d] -= np.bincount(u, weights=pull[:, d], minlength=n)
            disp[:, d] += np.bincount(v, weights=pull[:, d], minlength=n)
        length = np.sqrt((disp**2).sum(axis=1)).clip(1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos - pos.mean(axis=0)


def _repulsion_exact(pos: np.ndarray) -> np.ndarray:
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = (delta**2).sum(axis=-1)
    np.fill_diagonal(d2, np.inf)
    d2 = d2.clip(1e-4)
    return (delta / d2[:, :, None]).sum(axis=1)  # magnitude k^2 / d


def _repulsion_grid(pos: np.ndarray) -> np.ndarray:
    n = len(pos)
    per_side = int(np.clip(np.sqrt(n), 4, 256))
    low = pos.min(axis=0)
    span = float((pos.max(axis=0) - low).max()) or 1.0
    cell_size = span / per_side
    cxy = np.minimum(((pos - low) / cell_size).astype(np.int64), per_side - 1)
    cell = cxy[:, 0] * per_side + cxy[:, 1]
    ncells = per_side * per_side
    count = np.bincount(cell, minlength=ncells)

    # Far field: the node density on the grid convolved (by FFT) with the
    # repulsion kernel r / |r|^2, leaving out the 3x3 neighbourhood that the
    # near field below does exactly. Every node in a cell gets the push at
    # the cell's centre.
    steps = np.arange(-(per_side - 1), per_side)
    kx, ky = np.meshgrid(steps, steps, indexing="ij")
    r2 = (kx * kx + ky * ky).astype(float) * cell_size * cell_size
    close = (np.abs(kx) <= 1) & (np.abs(ky) <= 1)
    r2[close] = np.inf
    size = 3 * per_side - 2
    density = np.fft.rfft2(count.reshape(per_side, per_side).astype(float), s=(size, size))
    inside = slice(per_side - 1, 2 * per_side - 1)
    far = np.empty((ncells, 2))
    for d, k in enumerate((kx, ky)):
        kernel = np.fft.rfft2(k * cell_size / r2, s=(size, size))
        field = np.fft.irfft2(density * kernel, s=(size, size))[inside, inside]
        far[:, d] = field.reshape(-1)
    disp = far[cell]

    # Near field: node to node within the 3x3 neighbourhood.
    order = np.argsort(cell, kind="stable")
    first = np.searchsorted(cell[order], np.arange(ncells))
    idx = np.arange(n)
    for step_x in (-1, 0, 1):
        for step_y in (-1, 0, 1):
            nbx, nby = cxy[:, 0] + step_x, cxy[:, 1] + step_y
            ok = (nbx >= 0) & (nbx < per_side) & (nby >= 0) & (nby < per_side)
            i = idx[ok]
            neighbour = (nbx * per_side + nby)[ok]
            reps = count[neighbour]
            ii = np.repeat(i, reps)
            offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
            jj = order[np.repeat(first[neighbour], reps) + offsets]
            keep = ii != jj
            ii, jj = ii[keep], jj[keep]
            delta = pos[ii] - pos[jj]
            d2 = np.maximum((delta * delta).sum(axis=1), 1e-4)
            for d in (0, 1):
                disp[:, d] += np.bincount(ii, weights=delta[:, d] / d2, minlength=n)
    return disp


def _spectral_start(n: int, edges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A rough 2-d spectral embedding in [-0.5, 0.5]^2, by power iteration.

    Coordinates are replaced by their ranks, which keeps the global shape but
    spreads the tight clumps spectral embeddings have, so that no grid cell
    starts with thousands of nodes.
    """
    u, v = edges[:, 0], edges[:, 1]
    degree = (np.bincount(u, minlength=n) + np.bincount(v, minlength=n)).astype(float)
    x = rng.standard_normal((n, 2))
    for _ in range(40):
        ax = np.stack(
            [
                np.bincount(u, weights=x[v, d], minlength=n)
                + np.bincount(v, weights=x[u, d], minlength=n)
                for d in (0, 1)
            ],
            axis=1,
        )
        x = 0.5 * (x + ax / degree[:, None])
        x -= (x * degree[:, None]).sum(axis=0) / degree.sum()
        x, _ = np.linalg.qr(x)
    ranks = np.empty_like(x)
    for d in (0, 1):
        ranks[np.argsort(x[:, d], kind="stable"), d] = np.arange(n)
    jitter = rng.random((n, 2)) * 0.5
    return (ranks + jitter) / n - 0.5


def _pack(components: list[tuple[list[int], np.ndarray]]) -> dict[int, np.ndarray]:
    """Place laid-out components in rows, biggest first, centred on 0."""
    margin = 1.5
    boxes = []
    for comp, pos in components:
        low, high = pos.min(axis=0), pos.max(axis=0)
        boxes.append((comp, pos - low, high - low + margin))
    area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    row_width = max(max(float(size[0]) for _, _, size in boxes), np.sqrt(area) * 1.3)
    placed: dict[int, np.ndarray] = {}
    x = y = row_height = 0.0
    for comp, pos, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for i, p in zip(comp, pos, strict=True):
            placed[i] = p + (x, y)
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    everything = np.array(list(placed.values()))
    centre = (everything.min(axis=0) + everything.max(axis=0)) / 2
    return {i: p - centre for i, p in placed.items()}


# --------------------------------------------------------------------------
# HTML


def render_html(network: nx.Graph, *, title: str = "Sanctions graph") -> str:
    """One self-contained HTML page drawing the network.

    vis-network (from pyvis' package) and its CSS are inlined and the data is
    embedded as JSON, so the file works from disk with no network access.
    Networks over :data:`MAX_NODES` nodes are refused with an
    :class:`~sanctions_graph.errors.InputError`.
    """
    count = network.number_of_nodes()
    if count > MAX_NODES:
        raise InputError(
            f"the network has {count:,} nodes, more than the {MAX_NODES:,} a page can draw; "
            "narrow it with --focus ENTITY --depth N or --query CONSTRUCT"
        )
    data = _page_data(network, title)
    css, js = _vis_assets()
    template = _template()
    values = {
        "TITLE": html.escape(title),
        "VIS_CSS": css.replace("</", "<\\/"),
        "VIS_JS": js.replace("</script", "<\\/script"),
        "DATA": _json_for_script(data),
        "NODE_COUNT": str(data["counts"]["nodes"]),
        "EDGE_COUNT": str(data["counts"]["edges"]),
    }
    # One pass, so nothing inserted is ever scanned for placeholders again.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


def write_html(
    network: nx.Graph, path: str | os.PathLike[str], *, title: str = "Sanctions graph"
) -> Path:
    """Render and write the page atomically (temp file in the folder, then rename).

    Relative ``dcterms:source`` paths are taken relative to the current folder
    and rewritten relative to the page, so the "source" links open the file.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    page = render_html(_relink_sources(network, folder), title=title)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _relink_sources(network: nx.Graph, folder: Path) -> nx.Graph:
    cwd = Path.cwd()
    base = folder.resolve()

    def relink(source: Any) -> Any:
        if not isinstance(source, str) or not source or _has_scheme(source):
            return source
        if os.path.isabs(source):
            return Path(source).as_uri()
        return Path(os.path.relpath(cwd / source, base)).as_posix()

    def fix_items(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        return [
            {**e, "href": relink(e["source"])} if isinstance(e, dict) and "source" in e else e
            for e in items
        ]

    copy = network.copy()
    for _, data in copy.nodes(data=True):
        if "source" in data:
            data["href"] = relink(data["source"])
        if "evidence" in data:
            data["evidence"] = fix_items(data["evidence"])
    for *_, data in copy.edges(data=True):
        if "evidence" in data:
            data["evidence"] = fix_items(data["evidence"])
    return copy


_NODE_FIELDS_SKIPPED = {"x", "y", "color", "shape", "size", "label", "type", "kind"}


def _page_data(network: nx.Graph, title: str) -> dict[str, Any]:
    # Positions already on the nodes (a caller's own layout) win.
    has_positions = all("x" in d and "y" in d for _, d in network.nodes(data=True))
    positions = {} if has_positions else layout_positions(network)
    ids = {n: str(n) for n in network.nodes}
    nodes = []
    type_counts: Counter[str] = Counter()
    for node, attrs in network.nodes(data=True):
        type_ = str(attrs.get("type") or "other")
        kind = str(
            attrs.get("kind") or (type_ if type_ in ("measure", *PROVENANCE_KINDS) else "entity")
        )
        type_counts[type_] += 1
        style = {
            **_node_style(type_),
            **{k: attrs[k] for k in ("color", "shape", "size") if k in attrs},
        }
        x, y = (attrs["x"], attrs["y"]) if has_positions else positions[node]
        item = {
            "id": ids[node],
            "label": str(attrs.get("label", node)),
            "type": type_,
            "kind": kind,
            "x": round(float(x), 1),
            "y": round(float(y), 1),
            **style,
        }
        for key, value in attrs.items():
            if key not in _NODE_FIELDS_SKIPPED and value not in (None, "", [], {}):
                item[key] = value
        nodes.append(item)

    edges = []
    relation_counts: Counter[str] = Counter()
    status_counts: Counter[str] = Counter()
    parallel: Counter[frozenset[str]] = Counter()
    for number, (u, v, attrs) in enumerate(_edges(network)):
        relation = str(attrs.get("relation") or "related")
        status = str(attrs.get("status") or "certain")
        relation_counts[relation] += 1
        status_counts[status] += 1
        style = {
            **_edge_style(relation, status),
            **{k: attrs[k] for k in ("label", "color", "dashes", "width") if k in attrs},
        }
        item = {
            "id": f"e{number}",
            "from": ids[u],
            "to": ids[v],
            "relation": relation,
            "status": status,
            **style,
        }
        # Edges between the same two nodes would be drawn on top of each
        # other; bend all but the first.
        pair = frozenset((ids[u], ids[v]))
        if parallel[pair]:
            item["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": 0.2 * parallel[pair],
            }
        parallel[pair] += 1
        evidence = attrs.get("evidence")
        if evidence:
            item["evidence"] = evidence
        edges.append(item)

    node_types = [
        {
            "type": t,
            "label": TYPE_LABELS.get(t, t),
            "count": type_counts.get(t, 0),
            "provenance": t in PROVENANCE_KINDS,
            **_node_style(t),
        }
        for t in [*NODE_STYLES, *sorted(set(type_counts) - set(NODE_STYLES))]
    ]
    relations = [
        {
            "relation": r,
            "count": c,
            "color": RELATION_COLORS.get(r, "#888888"),
            "provenance": r in PROVENANCE_RELATIONS,
        }
        for r, c in sorted(
            relation_counts.items(), key=lambda rc: (rc[0] in PROVENANCE_RELATIONS, rc[0])
        )
    ]
    statuses = [
        {
            "status": s,
            "label": look["label"],
            "dashes": look["dashes"],
            "color": look["color"] or "#555555",
            "count": status_counts.get(s, 0),
        }
        for s, look in EDGE_STATUSES.items()
    ]
    return {
        "title": title,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "nodeTypes": node_types,
        "relations": relations,
        "statuses": statuses,
        "focus": str(network.graph["focus"]) if "focus" in network.graph else None,
        "nodes": nodes,
        "edges": edges,
    }


def _edges(network: nx.Graph) -> Iterable[tuple[Any, Any, Mapping[str, Any]]]:
    if network.is_multigraph():
        for u, v, _, attrs in network.edges(keys=True, data=True):
            yield u, v, attrs
    else:
        yield from network.edges(data=True)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end the <script> block it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    folder = resources.files("pyvis") / "lib" / "vis-9.1.2"
    try:
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as error:
        raise SanctionsGraphError(
            f"vis-network is missing from the pyvis package ({error}); reinstall pyvis>=0.3.2,<0.4"
        ) from error
    return css, js


@lru_cache(maxsize=1)
def _template() -> str:
    return (resources.files("sanctions_graph") / "templates" / "network.html").read_text(
        encoding="utf-8"
    )


# --------------------------------------------------------------------------
# Small helpers


def _union(graph: Graph) -> Graph:
    # A Dataset only reads its default graph; the articles live in named ones.
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def _is_resource(node: Any) -> bool:
    return isinstance(node, (URIRef, BNode))


def _local(term: Any) -> str:
    if term is None:
        return ""
    text = str(term)
    return re.split(r"[#/]", text.rstrip("/#"))[-1] if isinstance(term, URIRef) else text


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "")}


def _slug(camel: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", camel).lower()


def _words(camel: str) -> str:
    return _slug(camel).replace("-", " ")


def _has_scheme(text: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) is not None and not re.match(
        r"^[A-Za-z]:[\\/]", text
    )


def _best_label(graph: Graph, node: Node) -> str:
    for prop in (RDFS.label, SKOS.prefLabel):
        labels = [label for label in graph.objects(node, prop) if isinstance(label, Literal)]
        if labels:
            # Prefer English or untagged, then the shortest, for a stable choice.
            labels.sort(key=lambda lit: (lit.language not in (None, "en"), len(str(lit)), str(lit)))
            return str(labels[0])
    local = _local(node) if isinstance(node, URIRef) else str(node)
    return local or str(node)
