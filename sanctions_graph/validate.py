"""Check the graph against the SHACL shapes in ontology/shapes.ttl, with pySHACL.

The data graph is the union of the store's named graphs, as queries see it:
an assertion in an article graph points at entities whose types may come from
the reference graph. The ontology is added to it and pySHACL runs RDFS
inference, so that ``sh:targetClass sg:SanctionsMeasure`` reaches a
``sg:FinancialServicesBan`` and ``sh:class sg:Entity`` accepts a ``sg:Bank``.

We merge the ontology ourselves instead of passing it as pySHACL's
``ont_graph``: pySHACL 0.40 "inoculates" the data with the ontology by cloning
node by node, which takes minutes on ontology/sanctions.ttl (about 450
triples), while a plain union takes milliseconds and gives the same data graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from .errors import InputError, ValidationError
from .paths import ONTOLOGY_FILE, SHAPES_FILE, ontology_dir
from .store import Store


@dataclass(frozen=True)
class ValidationReport:
    """pySHACL's verdict: whether the data conforms, its report as text and as a graph."""

    conforms: bool
    text: str
    results_graph: Graph

    def __bool__(self) -> bool:
        return self.conforms


def validate(
    source: Store | Graph,
    *,
    shapes: Graph | Path | None = None,
    ontology: Graph | Path | None = None,
    inference: str = "rdfs",
) -> ValidationReport:
    """Validate a store (the union of its graphs) or an rdflib graph.

    ``shapes`` and ``ontology`` default to ``ontology/shapes.ttl`` and
    ``ontology/sanctions.ttl``.
    """
    shapes_graph = _load(shapes, SHAPES_FILE)
    data = Graph()
    for triple in _data_graph(source):
        data.add(triple)
    for triple in _load(ontology, ONTOLOGY_FILE):
        data.add(triple)
    try:
        conforms, results_graph, text = shacl_validate(
            data,
            shacl_graph=shapes_graph,
            inference=inference,
            abort_on_first=False,
            allow_warnings=True,  # sh:Warning and sh:Info results are reported, not failures
        )
    except Exception as error:  # pySHACL's errors have no common base worth naming
        raise ValidationError(
            f"pySHACL could not run the shapes: {error}; check {SHAPES_FILE}"
        ) from None
    return ValidationReport(bool(conforms), str(text), results_graph)


def _data_graph(source: Store | Graph) -> Graph:
    if isinstance(source, Store):
        return source.graph()
    if isinstance(source, Dataset | ConjunctiveGraph):
        # pySHACL would validate each named graph on its own; the layout
        # means the union (an entity's type may live in another graph).
        union = Graph()
        for s, p, o, _ in source.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(source, Graph):
        return source
    raise InputError(f"cannot validate a {type(source).__name__}; pass a Store or an rdflib Graph")


def _load(given: Graph | Path | None, default_name: str) -> Graph:
    if isinstance(given, Graph):
        return given
    path = Path(given) if given is not None else ontology_dir() / default_name
    if not path.is_file():
        raise InputError(f"{path} not found; the shapes and the ontology ship in ontology/")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises parser-specific errors
        raise InputError(f"{path} is not valid Turtle: {error}") from None
    return graph
