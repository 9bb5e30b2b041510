"""RDF from other tools -> a named graph of its own, checked against the SHACL shapes first.

A file ``NAME.ttl`` lands in ``graph:import/NAME``; importing it again
replaces that graph and nothing else. The graphs of a TriG or N-Quads file
are merged into it (the file's own graph names are not kept).

Validation runs the shapes on the file together with what it references:
for every IRI the file mentions, the store's triples about it (types,
labels ...), from every graph except the ontology and the import graph being
replaced, plus the ontology. So an assertion in the file may point at
``id:china`` or an article already in the store. Only violations on nodes the
file itself describes (its subjects) count: the file answers for what it
says, not for the rest of the store. A file with any violation is refused
with the report's first lines, and nothing is loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .errors import InputError, ValidationError
from .namespace import GRAPH_BASE, ONTOLOGY_GRAPH
from .store import Store, read_rdf, shorten
from .validate import validate

#: Import formats: name -> file suffixes that select it when --format is not given.
FORMATS: dict[str, tuple[str, ...]] = {
    "turtle": (".ttl", ".turtle"),
    "trig": (".trig",),
    "nt": (".nt", ".ntriples"),
    "nquads": (".nq", ".nquads"),
    "jsonld": (".jsonld", ".json"),
    "xml": (".rdf", ".owl", ".xml"),
}

_SHOWN = 5  # violations named in the refusal


@dataclass(frozen=True)
class ImportResult:
    graph: str
    triples: int
    format: str


def import_graph_iri(path: str | os.PathLike[str]) -> str:
    """``graph:import/<file stem>``, the stem reduced to characters safe in an IRI."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(path).stem).strip("-") or "data"
    return f"{GRAPH_BASE}import/{stem}"


def guess_format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    raise InputError(
        f"cannot tell the RDF format of {path} from its suffix; pass --format "
        f"({', '.join(FORMATS)})"
    )


def import_file(store: Store, path: str | os.PathLike[str], fmt: str | None = None) -> ImportResult:
    """Validate ``path`` and load it into ``graph:import/<stem>`` (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} is not a file; pass the path of an RDF file")
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown import format {fmt!r}; use one of {', '.join(FORMATS)}")
    triples = read_rdf(path, fmt)
    if not triples:
        raise InputError(f"{path} holds no triples; nothing to import")
    target = import_graph_iri(path)
    data = Graph()
    for triple in triples:
        data.add(triple)
    check(store, data, target, where=str(path))
    store.replace_graph(target, data)
    return ImportResult(target, len(data), fmt)


def check(store: Store, data: Graph, target: str, *, where: str) -> None:
    """Raise ValidationError when ``data``, with what it references, violates the shapes."""
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in _referenced(store, data, target):
        combined.add(triple)
    report = validate(combined)
    if report.conforms:
        return
    described = set(data.subjects())
    results = report.results_graph
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = results.value(result, SH.focusNode)
        if focus not in described:
            continue
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage) or "violates a shape"
        problems.append(f"{_name(focus)}{' ' + _name(path) if path is not None else ''}: {message}")
    if not problems:
        return
    problems = sorted(set(problems))
    shown = "; ".join(problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    raise ValidationError(
        f"{where} does not conform to the SHACL shapes, so nothing was imported: "
        f"{len(problems)} violation(s): {shown}{more}"
    )


def _referenced(store: Store, data: Graph, target: str) -> Graph:
    """The store's triples about the IRIs ``data`` mentions, outside ``target`` and the ontology."""
    iris = sorted({t for triple in data for t in triple if isinstance(t, URIRef)}, key=str)
    context = Graph()
    for start in range(0, len(iris), 200):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + 200])
        nt = store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{target}>, <{ONTOLOGY_GRAPH}>)) }}",
            format="nt",
        )
        context.parse(data=nt, format="nt")
    return context


def _name(term: Node) -> str:
    return shorten(str(term)) if isinstance(term, URIRef) else str(term)
