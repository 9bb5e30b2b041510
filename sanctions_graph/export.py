"""Graph -> files: Turtle, TriG, N-Triples, N-Quads and JSON-LD.

Every format is deterministic: the same store content gives byte-identical
files, so exports can be committed and diffed. Every file is written to a
temporary file beside the target and renamed over it at the end, so an error
half-way leaves the old file (or none), never half a file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .store import PREFIXES, Store

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# The JSON-LD context: only prefixes, so that every value keeps its exact RDF
# form ({"@value": ..., "@type": ...}) and the file round-trips to the same
# graph, while keys and IRIs read as sg:targets, id:china.
CONTEXT: dict[str, str] = dict(PREFIXES)


@dataclass(frozen=True)
class ExportFormat:
    """One way to write the store out."""

    name: str
    extension: str
    media_type: str
    dataset: bool  # True: keeps the named graphs; False: the union as one graph
    write: Callable[[Store, IO[bytes]], None]
    description: str


def _native(name: str) -> Callable[[Store, IO[bytes]], None]:
    # Turtle, TriG, N-Triples and N-Quads come from pyoxigraph's writers,
    # streaming sorted statements (Store.write). rdflib could write prettier
    # Turtle but would first copy the whole graph into Python objects and is
    # slow past a few hundred thousand triples; sorting costs memory too, but
    # only pyoxigraph's compact objects.
    def write(store: Store, out: IO[bytes]) -> None:
        store.write(out, name)

    return write


def write_jsonld(store: Store, out: IO[bytes]) -> None:
    """The union graph as one JSON-LD document: one node object per subject, sorted."""
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in store.triples(canonical=True):
        by_subject.setdefault(s, []).append((p, o))
    out.write(b'{\n"@context": ')
    out.write(json.dumps(CONTEXT, indent=1).encode())
    out.write(b',\n"@graph": [')
    for i, subject in enumerate(sorted(by_subject, key=_term_key)):
        out.write(b"\n" if i == 0 else b",\n")
        node = _node_object(subject, by_subject[subject])
        out.write(json.dumps(node, ensure_ascii=False).encode())
    out.write(b"\n]\n}\n")


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "turtle",
            "ttl",
            "text/turtle",
            False,
            _native("turtle"),
            "the union of all graphs, Turtle",
        ),
        ExportFormat(
            "trig", "trig", "application/trig", True, _native("trig"), "every named graph, TriG"
        ),
        ExportFormat(
            "nt",
            "nt",
            "application/n-triples",
            False,
            _native("nt"),
            "the union of all graphs, N-Triples",
        ),
        ExportFormat(
            "nquads",
            "nq",
            "application/n-quads",
            True,
            _native("nquads"),
            "every named graph, N-Quads",
        ),
        ExportFormat(
            "jsonld",
            "jsonld",
            "application/ld+json",
            False,
            write_jsonld,
            "the union of all graphs, JSON-LD",
        ),
    )
}


def export(store: Store, fmt: str, out: str | os.PathLike[str]) -> None:
    """Write the store in format ``fmt`` (a key of FORMATS) to ``out``, a path or "-" for stdout."""
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    with open_atomic(out) as stream:
        spec.write(store, stream)


@contextmanager
def open_atomic(out: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``out`` only once everything was written.

    Writes go to a hidden temporary file in the same folder (so the rename
    cannot cross file systems), which is fsynced and renamed over ``out`` at the
    end, and removed on any error. "-" means stdout, which cannot be undone: an
    error there leaves what was already printed.
    """
    if str(out) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{path} is a folder; pass a file path (or - for stdout)")
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist; create it or write elsewhere")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _file_mode(path: Path) -> int:
    # mkstemp makes 0600 files; give the export the mode an ordinary open()
    # would (the old file's, or 0666 minus the umask).
    with suppress(FileNotFoundError):
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# ---------------------------------------------------------------- JSON-LD


def _term_key(term: Node) -> tuple[int, str]:
    if isinstance(term, URIRef):
        return (0, str(term))
    if isinstance(term, BNode):
        return (1, str(term))
    assert isinstance(term, Literal)
    return (2, f"{term}\x00{term.datatype or ''}\x00{term.language or ''}")


def _compact(iri: str) -> str:
    for prefix, namespace in CONTEXT.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            # "prefix://..." would be read as an absolute IRI, not a compact one.
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _node_id(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else _compact(str(term))


def _value(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        value = {"@value": str(term)}
        if term.language:
            value["@language"] = term.language
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            value["@type"] = _compact(str(term.datatype))
        return value
    return {"@id": _node_id(term)}


def _node_object(subject: Node, pairs: list[tuple[Node, Node]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _node_id(subject)}
    types = sorted(str(o) for p, o in pairs if p == RDF.type and isinstance(o, URIRef))
    if types:
        node["@type"] = [_compact(t) for t in types]
    values: dict[str, list[Node]] = {}
    for p, o in pairs:
        if p == RDF.type and isinstance(o, URIRef):
            continue
        values.setdefault(_compact(str(p)), []).append(o)
    for key in sorted(values):
        node[key] = [_value(o) for o in sorted(values[key], key=_term_key)]
    return node
