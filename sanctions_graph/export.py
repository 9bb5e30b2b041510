"""Graph -> files: Turtle, TriG, N-Triples, N-Quads, JSON-LD, GraphML, GEXF and CSV.

TriG and N-Quads write everything, named graphs kept. Turtle, N-Triples and
JSON-LD write the asserted view (``views.py``: no ontology, no extraction
bookkeeping, no retracted direct triples). GraphML, GEXF and CSV write the
entity network of the asserted view, for Gephi and Cytoscape; CSV is two
files, ``nodes.csv`` and ``edges.csv``, in the folder given as the output.

Every format is deterministic: the same store content gives byte-identical
files, so exports can be committed and diffed. Every file is written to a
temporary file beside the target and renamed over it at the end, so an error
half-way leaves the old file (or none), never half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, OutputError
from .store import PREFIXES, Store
from .views import (
    EDGE_FIELDS,
    NODE_FIELDS,
    asserted_graph,
    asserted_triples,
    entity_network,
    write_asserted,
)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'

# The JSON-LD context: only prefixes, so that every value keeps its exact RDF
# form ({"@value": ..., "@type": ...}) and the file round-trips to the same
# graph, while keys and IRIs read as sg:targets, id:china. It is published as
# ontology/context.jsonld (a test keeps the file current) and embedded in every
# export, so that the file reads offline, with no context to fetch.
CONTEXT: dict[str, str] = dict(PREFIXES)
CONTEXT_FILE = "context.jsonld"


def context_document() -> str:
    """The text of ontology/context.jsonld."""
    return json.dumps({"@context": CONTEXT}, indent=2) + "\n"


@dataclass(frozen=True)
class ExportFormat:
    """One way to write the store out.

    ``write`` gets an open binary file, or for a ``folder`` format the folder
    to write its files in.
    """

    name: str
    extension: str
    media_type: str
    dataset: bool  # True: keeps the named graphs; False: one graph (a view of the store)
    write: Callable[[Store, Any], None]
    description: str
    folder: bool = False
    rdf: bool = True  # False: the entity network, not RDF


def _native(name: str) -> Callable[[Store, IO[bytes]], None]:
    # TriG and N-Quads come from pyoxigraph's writers, streaming sorted
    # statements (Store.write). rdflib could write prettier Turtle but would
    # first copy the whole graph into Python objects and is slow past a few
    # hundred thousand triples; sorting costs memory too, but only
    # pyoxigraph's compact objects.
    def write(store: Store, out: IO[bytes]) -> None:
        store.write(out, name)

    return write


def _asserted(name: str) -> Callable[[Store, IO[bytes]], None]:
    # The asserted view through the store's sorted writers, filtered inside
    # the store (views.write_asserted): the same bytes as
    # serialize_triples(asserted_triples(store)), without the rdflib round trip.
    def write(store: Store, out: IO[bytes]) -> None:
        write_asserted(store, out, name)

    return write


def write_jsonld(store: Store, out: IO[bytes]) -> None:
    """The asserted view as one JSON-LD document: one node object per subject, sorted."""
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in asserted_triples(store):
        by_subject.setdefault(s, []).append((p, o))
    out.write(b'{\n"@context": ')
    out.write(json.dumps(CONTEXT, indent=1).encode())
    out.write(b',\n"@graph": [')
    for i, subject in enumerate(sorted(by_subject, key=_term_key)):
        out.write(b"\n" if i == 0 else b",\n")
        node = _node_object(subject, by_subject[subject])
        out.write(json.dumps(node, ensure_ascii=False).encode())
    out.write(b"\n]\n}\n")


def _network(store: Store) -> nx.MultiDiGraph:
    return entity_network(asserted_graph(store))


def write_graphml(store: Store, out: IO[bytes]) -> None:
    """The entity network as GraphML (Gephi, Cytoscape, yEd, igraph)."""
    text = "\n".join(nx.generate_graphml(_network(store), named_key_ids=True))
    _write_chunks(out, _XML_DECLARATION + text.encode("utf-8") + b"\n")


def write_gexf(store: Store, out: IO[bytes]) -> None:
    """The entity network as GEXF 1.2 (Gephi)."""
    text = "\n".join(nx.generate_gexf(_network(store), version="1.2draft"))
    # networkx stamps today's date into <meta>; the same graph must give the
    # same bytes tomorrow.
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    _write_chunks(out, _XML_DECLARATION + text.encode("utf-8") + b"\n")


def _write_chunks(out: IO[bytes], data: bytes, size: int = 1 << 16) -> None:
    # In pieces, as the streaming writers do, so that a full disk shows up
    # part-way and not as one write that either fits or does not.
    for start in range(0, len(data), size):
        out.write(data[start : start + size])


def write_csv(store: Store, folder: Path) -> None:
    """The entity network as FOLDER/nodes.csv and FOLDER/edges.csv.

    Column names follow Gephi's spreadsheet import (Id, Label; Source,
    Target, Type), the rest are attributes. Each file is written atomically;
    the pair is not (a failure between the two leaves the old edges.csv).
    """
    network = _network(store)
    with open_atomic(folder / "nodes.csv") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        rows = csv.writer(text)
        rows.writerow(["Id", "Label", *NODE_FIELDS[1:]])
        for node, attrs in network.nodes(data=True):
            rows.writerow([node, attrs["label"], *(attrs[f] for f in NODE_FIELDS[1:])])
        text.flush()
        text.detach()
    with open_atomic(folder / "edges.csv") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        rows = csv.writer(text)
        rows.writerow(["Source", "Target", "Type", *EDGE_FIELDS])
        for source, target, attrs in network.edges(data=True):
            rows.writerow([source, target, "Directed", *(attrs[f] for f in EDGE_FIELDS)])
        text.flush()
        text.detach()


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "turtle", "ttl", "text/turtle", False, _asserted("turtle"),
            "the asserted view, Turtle",
        ),
        ExportFormat(
            "trig", "trig", "application/trig", True, _native("trig"),
            "everything, every named graph kept, TriG",
        ),
        ExportFormat(
            "nt", "nt", "application/n-triples", False, _asserted("nt"),
            "the asserted view, N-Triples",
        ),
        ExportFormat(
            "nquads", "nq", "application/n-quads", True, _native("nquads"),
            "everything, every named graph kept, N-Quads",
        ),
        ExportFormat(
            "jsonld", "jsonld", "application/ld+json", False, write_jsonld,
            "the asserted view, JSON-LD (context: ontology/context.jsonld, embedded)",
        ),
        ExportFormat(
            "graphml", "graphml", "application/graphml+xml", False, write_graphml,
            "the entity network, GraphML", rdf=False,
        ),
        ExportFormat(
            "gexf", "gexf", "application/gexf+xml", False, write_gexf,
            "the entity network, GEXF 1.2", rdf=False,
        ),
        ExportFormat(
            "csv", "", "text/csv", False, write_csv,
            "the entity network, nodes.csv and edges.csv in the folder -o names",
            folder=True, rdf=False,
        ),
    )
}  # fmt: skip


def export(store: Store, fmt: str, out: str | os.PathLike[str]) -> None:
    """Write the store in format ``fmt`` (a key of FORMATS) to ``out``, a path or "-" for stdout.

    For a folder format (csv) ``out`` is the folder, made if missing.
    """
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    if spec.folder:
        spec.write(store, _output_folder(out, spec))
        return
    with open_atomic(out) as stream:
        spec.write(store, stream)


def _output_folder(out: str | os.PathLike[str], spec: ExportFormat) -> Path:
    if str(out) == "-":
        raise InputError(
            f"{spec.name} writes two files, nodes.csv and edges.csv; "
            "pass -o a folder to write them in"
        )
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(
            f"{folder} is a file; {spec.name} writes nodes.csv and edges.csv into a folder, "
            "so pass -o a folder path"
        )
    if not folder.parent.is_dir():
        raise InputError(f"folder {folder.parent} does not exist; create it or write elsewhere")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create {folder}: {error.strerror or error}; "
            "check the permissions or write elsewhere"
        ) from None
    return folder


@contextmanager
def open_atomic(out: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``out`` only once everything was written.

    Writes go to a hidden temporary file in the same folder (so the rename
    cannot cross file systems), which is fsynced and renamed over ``out`` at the
    end, and removed on any error. "-" means stdout, which cannot be undone: an
    error there leaves what was already printed.
    """
    if str(out) == "-":
        try:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise  # the reader left (| head); click exits quietly on EPIPE
        except OSError as error:
            raise OutputError(
                f"could not write to stdout: {error.strerror or error}; "
                "free some space or write to a file with -o"
            ) from None
        return
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{path} is a folder; pass a file path (or - for stdout)")
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist; create it or write elsewhere")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise OutputError(
            f"cannot write in {path.parent}: {error.strerror or error}; "
            "check its permissions or write elsewhere"
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException as error:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            # A full disk, a quota, an I/O error: the temporary file is gone
            # and whatever was at ``path`` before is still there.
            kept = "left unchanged" if path.exists() else "not created"
            raise OutputError(
                f"could not write {path}: {error.strerror or error}; {path} was {kept}; "
                "free some space or write elsewhere"
            ) from None
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
