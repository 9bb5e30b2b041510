"""The store: an embedded Oxigraph database, one named graph per article.

This is the only module that imports pyoxigraph. Everything it hands out is
engine-neutral (rdflib terms, bytes, plain dicts), except ``Store.query``,
which returns pyoxigraph's own result objects for callers that want to stream.

Layout (docs/graph-shape.md): every article lives in its own named graph, the
ontology, the reference entities and the curations in theirs; queries see the
union of the named graphs as their default graph.

Oxigraph stores numbers, booleans and date-times as values, so they come back
in canonical lexical form: "01"^^xsd:integer as "1", "2017-09-21T16:00:00+00:00"
as "...Z", "1E0"^^xsd:double as "1". Compare graphs after a trip through the
store, not with what went in.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError, StoreError
from .namespace import GRAPH_BASE, ID_BASE, ONTOLOGY_IRI
from .turtle_writer import TurtleHalves, prefix_header, sorted_less, write_turtle

DEFAULT_STORE = Path("sanctions-store")

# The prefixes every output uses, in this order (Turtle and TriG headers,
# JSON-LD context, shortened IRIs in tables) and that every query may use
# without declaring them.
PREFIXES: dict[str, str] = {
    "sg": ONTOLOGY_IRI,
    "id": ID_BASE,
    "graph": GRAPH_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

# Formats for data going in. Only triple formats make sense for one graph.
_IN_FORMATS: dict[str, ox.RdfFormat] = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

# Formats `dump` writes: the dataset ones keep the named graphs, the graph ones
# write the union of the named graphs as one graph.
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Results:
    """A query's answer, read to the end, in rdflib terms.

    ``kind`` is "select", "ask" or "graph" (CONSTRUCT and DESCRIBE). SELECT
    fills ``variables`` and ``rows`` (None for an unbound variable), ASK
    ``boolean``, the graph forms ``triples`` (deduplicated, sorted).
    """

    __slots__ = ("kind", "variables", "rows", "boolean", "triples")

    def __init__(
        self,
        kind: str,
        variables: list[str] | None = None,
        rows: list[tuple[Node | None, ...]] | None = None,
        boolean: bool | None = None,
        triples: list[tuple[Node, Node, Node]] | None = None,
    ) -> None:
        self.kind = kind
        self.variables = variables or []
        self.rows = rows or []
        self.boolean = boolean
        self.triples = triples or []

    def __repr__(self) -> str:
        size = {"select": len(self.rows), "graph": len(self.triples)}.get(self.kind, self.boolean)
        return f"<Results {self.kind} {size}>"


class Store:
    """An Oxigraph store on disk (or in memory for tests), one graph per article.

    Open it with :meth:`open` or :meth:`memory`; use it as a context manager so
    that the folder's lock is released when you are done.
    """

    def __init__(self, inner: ox.Store, path: Path | None, read_only: bool) -> None:
        self._inner: ox.Store | None = inner
        self.path = path
        self.read_only = read_only

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
    ) -> Store:
        """Open the store in folder ``path`` (default ``./sanctions-store``).

        ``create=False`` refuses to make a new store; ``read_only=True`` never
        writes, and, as Oxigraph warns, must not be used while another process
        writes to the same folder.
        """
        folder = Path(path) if path is not None else DEFAULT_STORE
        _check_folder(folder, create=create and not read_only)
        try:
            inner = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as error:
            raise _open_error(folder, error) from None
        return cls(inner, folder, read_only)

    @classmethod
    def memory(cls) -> Store:
        """A store that lives in memory and disappears with the object (for tests)."""
        return cls(ox.Store(), None, False)

    def close(self) -> None:
        """Flush and release the store; the folder can be opened again afterwards.

        pyoxigraph has no close(): the database closes when its last reference
        goes, so a query result still being read keeps it open until then.
        """
        inner, self._inner = self._inner, None
        if inner is not None and self.path is not None and not self.read_only:
            try:
                inner.flush()
            except OSError as error:
                raise StoreError(f"could not flush the store at {self.path}: {error}") from None
        del inner

    @property
    def closed(self) -> bool:
        return self._inner is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else "memory"
        return f"<Store {where}{' read-only' if self.read_only else ''}>"

    @property
    def _db(self) -> ox.Store:
        if self._inner is None:
            raise StoreError("the store is closed; open it again with Store.open()")
        return self._inner

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(
                f"the store at {self.path} is open read-only; "
                "open it without read_only to change it"
            )
        return self._db

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: str, data: bytes | str | Graph, format: str = "nt") -> int:
        """Replace named graph ``graph_iri`` with ``data``, atomically; return its triple count.

        The data is parsed first, so malformed data changes nothing. Then one
        SPARQL update, ``DROP SILENT GRAPH <g> ; CREATE SILENT GRAPH <g> ;
        INSERT DATA { GRAPH <g> { ... } }``, removes the old version and adds the
        new one: Oxigraph runs all operations of one update request in one
        RocksDB transaction (the Python API has no other multi-operation
        transaction: ``load`` and ``remove_graph`` each commit on their own, and
        ``bulk_extend``/``bulk_load`` are not transactional at all). So a crash
        or an error leaves either the old graph or the new one, never a mix, and
        readers never see the graph missing. The price is that the triples go
        through the SPARQL parser, a few times slower than ``load``: fine for
        one article's graph, which is why whole shards use :meth:`bulk_load`.
        """
        db = self._writable()
        graph = _named_node(graph_iri)
        triples = self._parse_triples(data, format, graph_iri)
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        update = f"DROP SILENT GRAPH {graph} ;\nCREATE SILENT GRAPH {graph}"
        if triples:
            update += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
        try:
            db.update(update)
        except SyntaxError as error:  # a term pyoxigraph wrote but cannot read back
            raise StoreError(
                f"could not write graph <{graph_iri}>: {error}; nothing was changed"
            ) from None
        except OSError as error:
            raise StoreError(f"could not write graph <{graph_iri}> to the store: {error}") from None
        return len(set(triples))

    def replace_graphs(self, graphs: Mapping[str, bytes | str | Graph], format: str = "nt") -> int:
        """Replace several named graphs, each atomically (not all as one); return triple count."""
        return sum(self.replace_graph(iri, data, format) for iri, data in graphs.items())

    def bulk_load(
        self,
        source: bytes | str | os.PathLike[str],
        format: str = "nquads",
        *,
        replace: bool = True,
        graphs: Iterable[str] | None = None,
    ) -> None:
        """Load an N-Quads (or TriG) shard fast: the ``ingest --bulk`` path.

        ``source`` is a file path, or the data itself as bytes. With
        ``replace`` the graphs named in the shard are dropped first, so that
        re-loading a shard replaces its articles instead of adding to them.
        ``graphs`` names them if the caller knows them already; otherwise
        :func:`graph_names_in` finds them: from the header of a shard that
        :func:`nquads_shard` wrote (checked against the digest of the rest
        of the file, no parse), else by parsing the shard, which also
        refuses a malformed one before anything is removed.
        ``replace=False`` skips all that (for a new store).

        Not atomic: Oxigraph's bulk loader writes outside transactions, so a
        crash half-way leaves part of the shard in the store. Load the shard
        again to repair it.
        """
        db = self._writable()
        fmt = _rdf_format(format)
        kwargs: dict[str, Any] = {"format": fmt}
        if isinstance(source, bytes):
            kwargs["input"] = source
            where = "the data"
        else:
            path = Path(source)
            if not path.is_file():
                raise InputError(f"{path} is not a file; pass the path of an N-Quads shard")
            kwargs["path"] = str(path)
            where = str(path)
        try:
            if replace:
                names = graphs if graphs is not None else graph_names_in(source, format, where)
                for name in sorted(names):
                    db.remove_graph(ox.NamedNode(name))
            db.bulk_load(**kwargs)
        except SyntaxError as error:
            raise InputError(f"{where} is not valid {format}: {error}") from None
        except OSError as error:
            raise StoreError(f"could not bulk-load {where} into the store: {error}") from None

    def bulk_load_files(
        self, paths: list[Path], *, progress: Callable[[int, int, str], None] | None = None
    ) -> None:
        """:meth:`bulk_load` each file (``.trig`` as TriG, others as N-Quads), replacing.

        While Oxigraph loads one shard (in Rust, without the GIL), a thread
        reads the graph names of the next, so the replace pass costs little:
        for shards :func:`nquads_shard` wrote, a hash of the file (which
        releases the GIL) instead of a parse (:func:`graph_names_in`).
        """
        from concurrent.futures import ThreadPoolExecutor

        def fmt(path: Path) -> str:
            return "trig" if path.suffix.lower() == ".trig" else "nquads"

        def names(path: Path) -> set[str]:
            return graph_names_in(path, fmt(path), str(path))

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-names") as pool:
            upcoming = pool.submit(names, paths[0]) if paths else None
            for n, path in enumerate(paths, start=1):
                assert upcoming is not None
                graphs = upcoming.result()
                upcoming = pool.submit(names, paths[n]) if n < len(paths) else None
                self.bulk_load(path, fmt(path), graphs=graphs)
                if progress:
                    progress(n, len(paths), path.name)

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove one named graph; return whether it was there."""
        db = self._writable()
        graph = _named_node(graph_iri)
        present = db.contains_named_graph(graph)
        if present:
            db.remove_graph(graph)
        return present

    def _parse_triples(
        self, data: bytes | str | Graph, format: str, graph_iri: str
    ) -> list[ox.Triple]:
        if isinstance(data, Graph):
            data, format = data.serialize(format="nt", encoding="utf-8"), "nt"
        fmt = _rdf_format(format)
        try:
            quads = list(ox.parse(data, fmt, rename_blank_nodes=True))
        except SyntaxError as error:
            raise InputError(
                f"the data for graph <{graph_iri}> is not valid {format}: {error}; "
                "nothing was changed"
            ) from None
        if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise InputError(
                f"the data for graph <{graph_iri}> names graphs of its own; "
                "pass triples (nt, turtle) to replace_graph"
            )
        return [q.triple for q in quads]

    # ------------------------------------------------------------------ reading

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph_iri: str) -> bool:
        return self._db.contains_named_graph(_named_node(graph_iri))

    def __len__(self) -> int:
        """The number of quads, over all graphs."""
        return len(self._db)

    def __bool__(self) -> bool:  # an empty store is still a store
        return True

    def quads(
        self, graph_iri: str | None = None
    ) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
        """Every quad, or the quads of one graph, as rdflib terms (None for the default graph)."""
        graph = _named_node(graph_iri) if graph_iri is not None else None
        for q in self._db.quads_for_pattern(None, None, None, graph):
            yield (
                _to_rdflib(q.subject),
                _to_rdflib(q.predicate),
                _to_rdflib(q.object),
                None if isinstance(q.graph_name, ox.DefaultGraph) else _to_rdflib(q.graph_name),
            )  # type: ignore[misc]

    def triples(
        self, graph_iri: str | None = None, *, canonical: bool = False
    ) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of one graph, or of the union of all graphs (each triple once).

        ``canonical=True`` sorts them as the dumps do and relabels blank nodes
        canonically (RDFC-1.0), for output that must not depend on load order.
        """
        if graph_iri is not None:
            graph = _named_node(graph_iri)
            found: Iterable[Any] = (
                q.triple for q in self._db.quads_for_pattern(None, None, None, graph)
            )
        else:
            found = _union_triples(self._db)
        if canonical:
            found = sorted(_canonical_blank_nodes(found), key=_sort_key)
        for t in found:
            yield _to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)

    def graph(self, graph_iri: str | None = None) -> Graph:
        """One named graph, or the union of all graphs, copied into an rdflib Graph."""
        g = Graph()
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace, replace=True)
        for triple in self.triples(graph_iri):
            g.add(triple)
        return g

    # ------------------------------------------------------------------ queries

    def query(
        self, sparql: str, *, timeout: float | None = None, allow_network: bool = False
    ) -> Any:
        """Run a SPARQL query over the union of the named graphs.

        Returns pyoxigraph's results: ``QuerySolutions`` for SELECT,
        ``QueryBoolean`` for ASK, ``QueryTriples`` for CONSTRUCT and DESCRIBE
        (read lazily; the store stays open while they are read). Read them in
        the thread that ran the query: pyoxigraph aborts the process when a
        result object is used from another thread. With a ``timeout`` in
        seconds, the query runs to completion in a worker thread and comes back
        already read (``QuerySolutions``, ``QueryBoolean``, or a list of
        ``Triple`` for the graph forms), or QueryError if it is not done in time.

        The usual prefixes (sg:, id:, graph:, rdf: ...) need no declaration.
        SERVICE is refused unless ``allow_network``; updates always are.
        """
        union = check_query(sparql, allow_network=allow_network)
        if timeout is None:
            return self._run(sparql, union)

        # pyoxigraph's result objects are "unsendable": touching one from
        # another thread than the one that made it aborts the whole process.
        # So the worker hands back bytes, parsed again in this thread.
        def work() -> tuple[bool, bytes]:
            results = self._run(sparql, union)
            if isinstance(results, ox.QueryTriples):
                return True, results.serialize(format=ox.RdfFormat.N_TRIPLES)
            return False, results.serialize(format=ox.QueryResultsFormat.JSON)

        is_graph, data = _with_timeout(work, timeout)
        if is_graph:
            return [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)

    def results(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
        max_rows: int | None = None,
    ) -> Results:
        """Run a query and read its answer to the end, as rdflib terms (see :class:`Results`).

        ``max_rows`` caps the answer (rows, or triples for CONSTRUCT): past it
        reading stops with a QueryError instead of filling the memory.
        """
        union = check_query(sparql, allow_network=allow_network)

        def work() -> Results:
            return _read_results(self._run(sparql, union), max_rows)

        return work() if timeout is None else _with_timeout(work, timeout)

    def select(
        self, sparql: str, *, timeout: float | None = None, allow_network: bool = False
    ) -> tuple[list[str], list[tuple[Node | None, ...]]]:
        """Run a SELECT query: (variable names, rows of rdflib terms or None)."""
        results = self.results(sparql, timeout=timeout, allow_network=allow_network)
        if results.kind != "select":
            raise QueryError(
                f"expected a SELECT query, got {_kind_name(results.kind)}; use ask() or construct()"
            )
        return results.variables, results.rows

    def ask(
        self, sparql: str, *, timeout: float | None = None, allow_network: bool = False
    ) -> bool:
        """Run an ASK query."""
        results = self.results(sparql, timeout=timeout, allow_network=allow_network)
        if results.kind != "ask":
            raise QueryError(
                f"expected an ASK query, got {_kind_name(results.kind)}; "
                "use select() or construct()"
            )
        return bool(results.boolean)

    def construct(
        self,
        sparql: str,
        format: str = "turtle",
        *,
        timeout: float | None = None,
        allow_network: bool = False,
    ) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query: the graph, sorted, in ``format`` (turtle or nt)."""
        union = check_query(sparql, allow_network=allow_network)
        fmt = _dump_format(format)
        if fmt.supports_datasets:
            raise QueryError(f"a CONSTRUCT result is one graph; pick turtle or nt, not {format}")

        def work() -> bytes:
            results = self._run(sparql, union)
            if not isinstance(results, ox.QueryTriples):
                kind = "select" if isinstance(results, ox.QuerySolutions) else "ask"
                raise QueryError(
                    f"expected a CONSTRUCT or DESCRIBE query, got {_kind_name(kind)}; "
                    "use select() or ask()"
                )
            return _serialize_sorted(set(results), fmt)

        return work() if timeout is None else _with_timeout(work, timeout)

    def _run(self, sparql: str, union: bool) -> Any:
        try:
            return self._db.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)
        except SyntaxError as error:
            raise _syntax_error(sparql, error) from None
        except OSError as error:
            raise QueryError(f"the query failed: {error}") from None

    # ------------------------------------------------------------------ dumps

    def dump(self, format: str = "trig") -> bytes:
        """The store serialized: trig/nquads keep the graphs, turtle/nt are the union as one graph.

        Sorted, so the same content always gives the same bytes.
        """
        buffer = _Buffer()
        self.write(buffer, format)  # type: ignore[arg-type]
        return buffer.getvalue()

    def dump_to(self, path: str | os.PathLike[str], format: str = "trig") -> None:
        """Write :meth:`dump` to ``path`` ("-" for stdout) through a temporary file and a rename."""
        from .export import open_atomic  # the one place that writes files

        fmt = _dump_format(format)
        if fmt.supports_datasets:
            statements = list(self._db)
            with open_atomic(path) as out:
                _write_dataset(statements, fmt, out)
            return
        # The store is read before the file is opened: errors leave no file.
        with self._view(fmt) as write, open_atomic(path) as out:
            write(out)

    def write(self, out: IO[bytes], format: str) -> None:
        """Serialize (like :meth:`dump`) into an open binary file."""
        fmt = _dump_format(format)
        if fmt.supports_datasets:
            _write_dataset(list(self._db), fmt, out)
        else:
            with self._view(fmt) as write:
                write(out)

    def write_view(
        self,
        out: IO[bytes],
        format: str,
        *,
        skip_graphs: Iterable[str] = (),
        skip_subjects: Iterable[str] = (),
        skip_objects: Mapping[str, Iterable[str]] | None = None,
        skip_quads: Iterable[tuple[str, str, str, str]] = (),
    ) -> None:
        """Write the union of the graphs less what is skipped, sorted, as :meth:`write` writes.

        The view is given by IRIs (strings): whole graphs, every triple of
        some subjects, triples of a predicate to some objects
        (``{predicate: objects}``), and single (graph, subject, predicate,
        object) quads, whose triple stays if another graph (not skipped)
        has it too. For views of the store (views.py) that leave out a few
        nodes: the store is read as N-Triples lines (see :meth:`write`) and
        never as Python terms, which at a million triples is the difference
        between a few seconds and a minute.
        """
        fmt = _dump_format(format)
        if fmt.supports_datasets:
            raise StoreError(f"a view is one graph; pick turtle or nt, not {format}")
        with self._view(
            fmt,
            skip_graphs=skip_graphs,
            skip_subjects=skip_subjects,
            skip_objects=skip_objects,
            skip_quads=skip_quads,
        ) as write:
            write(out)

    @contextmanager
    def _view(
        self,
        fmt: ox.RdfFormat,
        *,
        skip_graphs: Iterable[str] = (),
        skip_subjects: Iterable[str] = (),
        skip_objects: Mapping[str, Iterable[str]] | None = None,
        skip_quads: Iterable[tuple[str, str, str, str]] = (),
    ) -> Iterator[Callable[[IO[bytes]], None]]:
        """Read a view (see :meth:`write_view`); within the block, what writes it to a file.

        Turtle is written by :class:`TurtleHalves`, half the subjects in a
        worker process; N-Triples, and anything with blank nodes (which
        are relabelled with every line in view), by one process. The
        worker, if any, is gone at the end of the block, written or not.
        """
        # A string that is not an IRI names nothing in the store: nothing to skip.
        graphs = {g for g in skip_graphs if _is_iri(g)}
        objects = {p: set(found) for p, found in (skip_objects or {}).items() if _is_iri(p)}
        subjects = [_iri_line_term(s) for s in skip_subjects]
        hidden = self._hidden_lines(skip_quads, graphs)
        halves = TurtleHalves(PREFIXES, type_key=_TYPE_KEY) if fmt == ox.RdfFormat.TURTLE else None
        try:
            lines, blank = _read_graph_lines(
                self._db,
                skip_graphs=graphs,
                skip_objects=objects,
                sink=halves.add if halves is not None else None,
            )
            if halves is not None and not blank:

                def write_halves(out: IO[bytes]) -> None:
                    with _WriteBehind(out) as target:
                        halves.write(target, skip_subjects=subjects, hidden=hidden)  # type: ignore[arg-type]

                yield write_halves
                return
            if halves is not None:
                lines = halves.lines()
            lines = sorted_less(lines, subjects, hidden)
            if blank:
                lines = _canonical_blank_lines(lines)
            yield lambda out: _write_lines(lines, fmt, out)
        finally:
            if halves is not None:
                halves.close()

    def _hidden_lines(
        self, quads: Iterable[tuple[str, str, str, str]], skip_graphs: set[str]
    ) -> set[bytes]:
        """The triples of ``quads`` (graph, subject, predicate, object IRIs) that no
        other graph has, as lines in sort form: those a view leaves out.

        A triple stays if the default graph or a graph that is neither
        skipped nor one of its quads' has it. One query finds every graph of
        every triple.
        """
        graphs_of: dict[tuple[str, str, str], set[str]] = {}
        for g, s, p, o in quads:
            if all(_is_iri(t) for t in (g, s, p, o)):
                graphs_of.setdefault((s, p, o), set()).add(g)
        if not graphs_of:
            return set()
        values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in sorted(graphs_of))
        rows = self._db.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
            "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        kept = set()
        for s, p, o, g in rows:
            triple = (s.value, p.value, o.value)
            # g is None for the default graph; a blank node names no skipped graph.
            if not isinstance(g, ox.NamedNode) or (
                g.value not in skip_graphs and g.value not in graphs_of[triple]
            ):
                kept.add(triple)
        return {
            _type_keyed(b" ".join(_iri_line_term(t) for t in triple))
            for triple in graphs_of
            if triple not in kept
        }

    # ------------------------------------------------------------------ stats

    def stats(self) -> dict[str, Any]:
        """Counts: quads, triples, graphs, articles, assertions, measures, entities by type.

        Measures and entities are found through the class hierarchy, so they
        are counted only when the ontology is in the store (graph:ontology).
        """

        def count(where: str, var: str = "x") -> int:
            _, rows = self.select(f"SELECT (COUNT(DISTINCT ?{var}) AS ?n) WHERE {{ {where} }}")
            return int(rows[0][0]) if rows and rows[0][0] is not None else 0

        _, triple_rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        )
        names = self.graph_names()
        _, type_rows = self.select(
            "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) "
            "WHERE { ?type rdfs:subClassOf* sg:Entity . ?e a ?type } "
            "GROUP BY ?type ORDER BY ?type"
        )
        return {
            "quads": len(self),
            "triples": int(triple_rows[0][0]) if triple_rows else 0,  # type: ignore[arg-type]
            "named_graphs": len(names),
            "article_graphs": sum(1 for n in names if n.startswith(GRAPH_BASE + "article/")),
            "articles": count("?x a sg:Article"),
            "assertions": count("?x a sg:Assertion"),
            "measures": count("?x a/rdfs:subClassOf* sg:SanctionsMeasure"),
            "entities": count("?type rdfs:subClassOf* sg:Entity . ?x a ?type"),
            "entities_by_type": {shorten(str(t)): int(n) for t, n in type_rows},  # type: ignore[arg-type]
        }


# ---------------------------------------------------------------------- helpers


def shorten(iri: str) -> str:
    """``https://w3id.org/sanctions-graph/ontology#Bank`` -> ``sg:Bank``; other IRIs unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def serialize_triples(
    triples: Iterable[tuple[Node, Node, Node]],
    format: str = "turtle",
    out: IO[bytes] | None = None,
) -> bytes:
    """rdflib triples as sorted Turtle or N-Triples, written the way :meth:`Store.dump` writes.

    With ``out`` the text streams into that binary file and b"" is returned.
    """
    fmt = _dump_format(format)
    if fmt.supports_datasets:
        raise StoreError(f"triples make one graph; pick turtle or nt, not {format}")
    return _serialize_sorted({ox.Triple(*map(_from_rdflib, t)) for t in triples}, fmt, out)


def canonical_triples(
    triples: Iterable[tuple[Node, Node, Node]],
) -> list[tuple[Node, Node, Node]]:
    """rdflib triples, deduplicated, blank nodes relabelled (RDFC-1.0) and sorted as dumps sort.

    For writers outside this module (JSON-LD, views of the store) whose output
    must not depend on load order.
    """
    unique = {ox.Triple(*map(_from_rdflib, t)) for t in triples}
    return [
        (_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object))
        for t in sorted(_canonical_blank_nodes(unique), key=_sort_key)
    ]


# SPARQL endpoints' answers, for RemoteStore (remote.py), which speaks HTTP but
# parses with the same engine so that its results match the embedded store's.
ANSWER_TYPES: dict[str, Any] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def parse_answer(data: bytes, media_type: str, max_rows: int | None = None) -> Results:
    """A SPARQL endpoint's answer (results or an RDF graph, by media type) as :class:`Results`."""
    fmt = ANSWER_TYPES.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        raise QueryError(
            f"the endpoint answered in {media_type or 'no media type'}, which is not a SPARQL "
            "results or RDF format; check the endpoint URL"
        )
    try:
        if isinstance(fmt, ox.RdfFormat):
            triples = (q.triple for q in ox.parse(data, fmt, rename_blank_nodes=True))
            return _read_results(triples, max_rows)
        return _read_results(ox.parse_query_results(data, fmt), max_rows)
    except SyntaxError as error:
        raise QueryError(f"the endpoint's answer is not valid {media_type}: {error}") from None


def as_nquads(data: bytes, graph_iri: str, format: str = "nt") -> bytes:
    """Triples (N-Triples by default) as N-Quads in graph ``graph_iri``: one article's shard."""
    graph = _named_node(graph_iri)
    try:
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in ox.parse(data, _rdf_format(format))
        ]
    except SyntaxError as error:
        raise InputError(
            f"the data for graph <{graph_iri}> is not valid {format}: {error}"
        ) from None
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def graph_names_in(
    source: bytes | str | os.PathLike[str], format: str, where: str = "the data"
) -> set[str]:
    """The IRIs of the named graphs in N-Quads or TriG data or file (InputError if malformed).

    An N-Quads file that :func:`nquads_shard` wrote is answered from its
    header, without parsing, once the SHA-256 of the rest of the file matches
    the header's (:func:`shard_header_names`). Anything else (data in memory,
    TriG, no header, a malformed one, a file edited since) is parsed whole,
    which also checks its syntax.
    """
    if not isinstance(source, bytes) and _rdf_format(format) == ox.RdfFormat.N_QUADS:
        listed = shard_header_names(source)
        if listed is not None:
            return listed
    given: dict[str, Any] = (
        {"input": source} if isinstance(source, bytes) else {"path": str(source)}
    )
    try:
        return {
            q.graph_name.value
            for q in ox.parse(**given, format=_rdf_format(format))
            if isinstance(q.graph_name, ox.NamedNode)
        }
    except SyntaxError as error:
        raise InputError(f"{where} is not valid {format}: {error}") from None


# The first line of an N-Quads shard written by nquads_shard (an N-Quads comment):
#   # sanctions-graph shard v1 sha256=<64 hex digits> graphs=<iri1> <iri2> ...
_SHARD_MAGIC = b"# sanctions-graph shard v1 "
_SHARD_HEADER = re.compile(r"# sanctions-graph shard v1 sha256=([0-9a-f]{64}) graphs=(.*)\n")
_HEADER_IRI = re.compile(r'<([^\x00-\x20<>"{}|^`\\]+)>')
_SHARD_HEADER_MAX = 64 << 20  # bytes; 500 article IRIs take about 30 KB
_HASH_BLOCK = 1 << 20


def nquads_shard(body: bytes) -> bytes:
    """N-Quads ``body`` with the header line that lets ingest skip parsing it.

    The header is one N-Quads comment, so every parser ignores it::

        # sanctions-graph shard v1 sha256=<hex> graphs=<iri1> <iri2> ...

    ``sha256`` is the digest of every byte after that line (the body), the
    graphs are the named graphs of the body, sorted, in N-Triples form and
    separated by one space (none: ``graphs=`` ends the line). The body is
    parsed here, so a header is only ever written over valid N-Quads and
    lists exactly its graphs: :func:`graph_names_in` then trusts it for as
    long as the digest matches. That guards against edits, not forgery:
    whoever can write a shard decides what it loads anyway.

    InputError if the body is not valid N-Quads. A body whose graph names
    cannot be listed in the header comes back as it is, without one.
    """
    names = graph_names_in(body, "nquads", "the shard")
    listed = [str(ox.NamedNode(name)) for name in sorted(names)]
    if not all(_HEADER_IRI.fullmatch(term) for term in listed):
        return body
    digest = hashlib.sha256(body).hexdigest()
    header = f"{_SHARD_MAGIC.decode()}sha256={digest} graphs={' '.join(listed)}\n"
    return header.encode("utf-8") + body


def shard_header_names(path: str | os.PathLike[str]) -> set[str] | None:
    """The graphs an N-Quads file's :func:`nquads_shard` header lists, if it can be trusted.

    None (parse the file instead) if the first line is not such a header, is
    malformed, or the SHA-256 of the rest of the file is not the header's:
    the file was edited after it was written. Reads the first line, then
    hashes the rest in large blocks; never parses.
    """
    try:
        with open(path, "rb") as f:
            if f.read(len(_SHARD_MAGIC)) != _SHARD_MAGIC:
                return None
            header = _read_shard_header(_SHARD_MAGIC + f.readline(_SHARD_HEADER_MAX))
            if header is None:
                return None
            expected, names = header
            digest = hashlib.sha256()
            block = bytearray(_HASH_BLOCK)
            view = memoryview(block)
            while size := f.readinto(block):
                digest.update(view[:size])
    except OSError:
        return None  # the parse that follows reports it
    return names if digest.hexdigest() == expected else None


def _read_shard_header(line: bytes) -> tuple[str, set[str]] | None:
    """(digest, graph names) of a shard's header line, or None if it is not one."""
    try:
        match = _SHARD_HEADER.fullmatch(line.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    if match is None:
        return None
    names: set[str] = set()
    for term in match[2].split(" ") if match[2] else []:
        iri = _HEADER_IRI.fullmatch(term)
        if iri is None or not _is_iri(iri[1]):
            return None
        names.add(iri[1])
    return match[1], names


def dump_statements(
    quads: Iterable[tuple[Node, Node, Node, Node | None]], format: str
) -> list[Any]:
    """rdflib quads (None: default graph) as what the dump writers take, for ``format``.

    For stores that are not this engine (RemoteStore): their quads go through
    the same sorted writers as :meth:`Store.dump`, so both give the same bytes.
    """
    fmt = _dump_format(format)
    if fmt.supports_datasets:
        return [
            ox.Quad(
                *map(_from_rdflib, (s, p, o)),
                ox.DefaultGraph() if g is None else _from_rdflib(g),
            )
            for s, p, o, g in quads
        ]
    return list({ox.Triple(*map(_from_rdflib, (s, p, o))) for s, p, o, _ in quads})


def serialize_statements(statements: list[Any], format: str, out: IO[bytes] | None = None) -> bytes:
    """:func:`dump_statements`' output written as :meth:`Store.dump` writes (sorted)."""
    return _serialize_sorted(statements, _dump_format(format), out)


_PARSER_POSITION = re.compile(r"^Parser error (?:at|between) .*?: ")


def read_rdf(path: str | os.PathLike[str], format: str) -> list[tuple[Node, Node, Node]]:
    """The triples of an RDF file as rdflib terms; the graphs of TriG or N-Quads are merged.

    Parsed by Oxigraph, offline: a JSON-LD file that names a remote
    context is refused rather than fetched. A syntax error comes back as an
    InputError naming the file and the line.
    """
    fmt = _rdf_format(format)
    try:
        quads = list(ox.parse(path=str(path), format=fmt, rename_blank_nodes=True))
    except SyntaxError as error:
        detail = _PARSER_POSITION.sub("", str(error.args[0] if error.args else error))
        if "remote context" in detail:
            detail = "it names a remote @context, which is never fetched; embed the context"
        where = f", line {error.lineno}" if error.lineno else ""
        where += f", column {error.offset}" if error.lineno and error.offset else ""
        raise InputError(
            f"{path}{where}: not valid {format}: {_clip(detail, 200)}; fix the file "
            "(nothing was loaded)"
        ) from None
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read {path}: {error}; check the path") from None
    return list(
        dict.fromkeys(
            (_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)) for q in quads
        )
    )


def _check_folder(folder: Path, *, create: bool) -> None:
    """Refuse files, foreign folders and (without ``create``) missing stores, before Oxigraph
    turns any folder it is given into a database."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder; pass --store a folder path")
    if not folder.exists():
        if not create:
            raise StoreError(
                f"no store at {folder}; build one with `sanctions-graph ingest` or pass --store"
            )
        return
    if not any(folder.iterdir()):
        if not create:
            raise StoreError(
                f"{folder} is empty, not a store; "
                "build one with `sanctions-graph ingest` or pass --store"
            )
        return
    if not _looks_like_oxigraph(folder):
        raise StoreError(
            f"{folder} exists but is not a sanctions-graph store (no Oxigraph database in it); "
            "pass --store a new or empty folder"
        )


def _looks_like_oxigraph(folder: Path) -> bool:
    """A RocksDB folder (CURRENT file) whose options name Oxigraph's column families."""
    if not (folder / "CURRENT").is_file():
        return False
    for options in folder.glob("OPTIONS-*"):
        try:
            if '[CFOptions "spog"]' in options.read_text(errors="replace"):
                return True
        except OSError:
            continue
    return False


def _open_error(folder: Path, error: OSError) -> StoreError:
    message = str(error)
    # RocksDB's LOCK file: "While lock file: .../LOCK: Resource temporarily
    # unavailable" from another process, "lock hold by current process" from
    # this one.
    if "lock hold by current process" in message:
        return StoreError(
            f"the store at {folder} is already open in this process; "
            "close it before opening it again"
        )
    if "lock" in message.lower():
        return StoreError(
            f"the store at {folder} is in use by another sanctions-graph process; "
            "wait for it to finish, or use --store to work on another folder"
        )
    if isinstance(error, FileNotFoundError):
        return StoreError(
            f"no store at {folder}; build one with `sanctions-graph ingest` or pass --store"
        )
    return StoreError(
        f"cannot open the store at {folder}: {message}; pass --store a new or empty folder"
    )


def _named_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(iri))
    except ValueError as error:
        raise InputError(f"{iri!r} is not a valid IRI for a graph name: {error}") from None


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(str(value))
    except ValueError:
        return False
    return True


def _rdf_format(name: str) -> ox.RdfFormat:
    try:
        return _IN_FORMATS[name]
    except KeyError:
        raise InputError(
            f"unknown RDF format {name!r}; use one of {', '.join(_IN_FORMATS)}"
        ) from None


def _dump_format(name: str) -> ox.RdfFormat:
    try:
        return DUMP_FORMATS[name]
    except KeyError:
        raise StoreError(
            f"unknown dump format {name!r}; use one of {', '.join(DUMP_FORMATS)}"
        ) from None


def _to_rdflib(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # normalize=False keeps the lexical form as stored ("01" stays "01").
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise StoreError(
        f"the store holds an RDF 1.2 triple term ({term}), which this tool does not handle"
    )


def _from_rdflib(term: Node) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store {term!r}: only IRIs, blank nodes and literals are RDF terms")


def _union_triples(db: ox.Store) -> set[ox.Triple]:
    # The union of all graphs as a set: one entity's type and label repeat in
    # every article graph that mentions it.
    return {q.triple for q in db}


def _term_key(term: Any) -> str:
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


_RDF_TYPE_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_TYPE = f"<{_RDF_TYPE_IRI}>"


def _sort_key(statement: Any) -> tuple[str, ...]:
    # By graph, subject, predicate, object in N-Triples form; rdf:type first
    # among the predicates, so Turtle reads "id:china a sg:Government ; ...".
    predicate = str(statement.predicate)
    key = (
        str(statement.subject),
        "" if predicate == _RDF_TYPE else predicate,
        str(statement.object),
    )
    if isinstance(statement, ox.Quad):
        return (_term_key(statement.graph_name), *key)
    return key


def _serialize_sorted(
    statements: Iterable[ox.Quad] | Iterable[ox.Triple],
    fmt: ox.RdfFormat,
    out: IO[bytes] | None = None,
) -> bytes:
    """Serialize in sorted order: same content, same bytes.

    A graph (Turtle, N-Triples) is sorted as N-Triples lines and written by
    :func:`_write_lines`, like the store's own dumps, so both give the same
    bytes for the same triples. A dataset (TriG, N-Quads) is sorted as
    pyoxigraph objects by :func:`_sort_key`: fine up to a few million quads.
    The Turtle and TriG writers group consecutive statements by
    subject (and graph), so sorted input also gives the most compact text.
    """
    target: Any = out if out is not None else _Buffer()
    if fmt.supports_datasets:
        _write_dataset(statements, fmt, target)
    else:
        lines = _statement_lines(_canonical_blank_nodes(statements))
        lines.sort()
        _write_lines(lines, fmt, target)
    return target.getvalue() if out is None else b""


def _write_dataset(quads: Iterable[ox.Quad], fmt: ox.RdfFormat, out: IO[bytes]) -> None:
    ordered = sorted(_canonical_blank_nodes(quads), key=_sort_key)
    if fmt == ox.RdfFormat.TRIG:
        header = _PrefixHeader(out)
        ox.serialize(ordered, header, fmt, prefixes=PREFIXES)
        header.finish()
    else:
        ox.serialize(ordered, out, fmt)


def _canonical_blank_nodes(statements: Iterable[Any]) -> list[Any]:
    """Blank nodes relabelled by RDFC-1.0, so that equal content gives equal labels.

    Oxigraph gives blank nodes random ids when it loads them, so two stores
    with the same content (the ontology's OWL lists, say) would otherwise dump
    differently. Canonicalization is exponential in the worst case but only
    looks at statements with blank nodes, which are few here; without any it
    is skipped.
    """
    statements = list(statements)
    # RDFC-1.0 labels depend only on the statements that mention a blank node,
    # so only those go through it: building a Dataset of every statement took
    # seconds at a million triples, most of a Turtle dump.
    plain: list[Any] = []
    blank: list[Any] = []
    for s in statements:
        if (
            isinstance(s.subject, ox.BlankNode)
            or isinstance(s.object, ox.BlankNode)
            or (isinstance(s, ox.Quad) and isinstance(s.graph_name, ox.BlankNode))
        ):
            blank.append(s)
        else:
            plain.append(s)
    if not blank:
        return statements
    dataset = ox.Dataset(
        [s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object) for s in blank]
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    if not isinstance(blank[0], ox.Quad):
        return plain + [q.triple for q in dataset]
    return plain + list(dataset)


# ---------------------------------------------------------------- sorted graphs
#
# A graph (Turtle, N-Triples) is written from its N-Triples lines, sorted as
# bytes. Lines are kept without their " ." and with rdf:type written as
# _TYPE_KEY: a byte that sorts before "<", so that a subject's types come
# first ("id:china a sg:Government ; ..."), and that N-Triples never holds raw
# (it escapes every control character). Sorting these lines orders triples as
# _sort_key does, by subject, predicate and object in N-Triples form: a term
# never runs on into a space and every byte of a term sorts after the space,
# so a term sorts before any longer term it begins. Bytes sort in a fraction
# of the time pyoxigraph objects take, in a fraction of the memory.

_TYPE_NT = _RDF_TYPE.encode()
_TYPE_KEY = b"\x01"
_LINE_END = b" .\n"
_TSV = ox.QueryResultsFormat.TSV

# Threads reading the store: pyoxigraph releases the GIL while it evaluates a
# query and serializes its results, so each reader keeps a core busy. Two
# readers on two cores took the 1M-triple export's reading from 4.9 to 2.8 s;
# one more than the cores keeps them busy while the predicates are listed.
_READERS = max(1, min(4, (os.cpu_count() or 1) + 1))
# Read before the listing of the predicates is done: those with the most
# triples in nearly every store.
_READ_FIRST = (_RDF_TYPE_IRI, "http://www.w3.org/2000/01/rdf-schema#label")

# In TSV results (SPARQL 1.1 TSV, Oxigraph's writer) a term is written as in
# N-Triples, except some literals: numbers and booleans bare ("42", "true"),
# and the control characters other than tab, newline and carriage return
# left raw in strings. Tabs and newlines are always escaped inside terms, so
# raw ones only separate columns and rows.
_TSV_BARE_OBJECT = re.compile(rb'\t([^<_"\n][^\n]*)$', re.MULTILINE)
_TSV_QUOTED_OBJECT = re.compile(rb'\t("[^\n]*)$', re.MULTILINE)
# Bare integers: xsd:integer literals (a bare decimal has a ".", a bare double an "e").
_TSV_INTEGERS = re.compile(rb"(?:[+-]?[0-9]+\n)*")
_XSD_INTEGER = b"http://www.w3.org/2001/XMLSchema#integer"
# Every byte but those control characters: deleting them from a text leaves
# its raw control characters, if any (four times faster than a regex search).
_NOT_RAW_CONTROL = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F or b in b"\t\n\r")


def _type_keyed(line: bytes) -> bytes:
    """An N-Triples line (no " .") in sort form: an rdf:type predicate as _TYPE_KEY."""
    space = line.find(b" ")
    if line.startswith(_TYPE_NT + b" ", space + 1):
        return line[: space + 1] + _TYPE_KEY + line[space + 1 + len(_TYPE_NT) :]
    return line


def _statement_lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    """Triples as lines in sort form, each once (a graph is a set)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    lines = set(data.split(_LINE_END))
    lines.discard(b"")
    return [_type_keyed(line) for line in lines]


def _plain_chunks(lines: list[bytes], size: int = 8192) -> Iterator[bytes]:
    """Sort-form lines back as N-Triples text, a few thousand lines at a time."""
    for start in range(0, len(lines), size):
        chunk = _LINE_END.join(lines[start : start + size]) + _LINE_END
        yield chunk.replace(b" " + _TYPE_KEY + b" ", b" " + _TYPE_NT + b" ")


def _write_lines(lines: list[bytes], fmt: ox.RdfFormat, out: IO[bytes]) -> None:
    """Sorted sort-form lines written to ``out`` as N-Triples or Turtle, streaming.

    N-Triples is the lines themselves. Turtle is written from them by
    turtle_writer.py, which gives pyoxigraph's Turtle for the same triples
    in 0.7 s against 1.2 s at 1M.
    """
    with _WriteBehind(out) as target:
        if fmt == ox.RdfFormat.N_TRIPLES:
            for chunk in _plain_chunks(lines):
                target.write(chunk)
        else:
            write_turtle(lines, target, PREFIXES, type_key=_TYPE_KEY)  # type: ignore[arg-type]


class _WriteBehind:
    """Writes to a file from a thread of its own, a few chunks behind.

    Writing to a file releases the GIL, so the next chunks are made while
    the last ones are written: at a million triples, 0.15 s of writing is
    hidden behind the making of the text. An error in writing is raised by
    the next write or at the end, and nothing is written after it.
    """

    def __init__(self, out: IO[bytes], depth: int = 4) -> None:
        import queue

        self._out = out
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="write-behind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    self._out.write(chunk)
                except BaseException as error:  # noqa: BLE001 - raised in the writer's thread
                    self._error = error

    def write(self, data: bytes) -> int:
        if self._error is not None:
            raise self._error
        self._chunks.put(bytes(data))
        return len(data)

    def __enter__(self) -> _WriteBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        self._chunks.put(None)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error


def _read_graph_lines(
    db: ox.Store,
    *,
    skip_graphs: Iterable[str] = (),
    skip_objects: Mapping[str, Iterable[str]] | None = None,
    sink: Callable[[list[bytes]], None] | None = None,
) -> tuple[list[bytes], bool]:
    """The triples of the default graph and the named graphs (less ``skip_graphs``),
    each once, as lines in sort form; and whether any may hold a blank node.
    With a ``sink``, the lines go to it instead, a sorted run per predicate
    as they are read.

    Read predicate by predicate: ``SELECT DISTINCT ?s ?o`` per predicate,
    evaluated and written as TSV by Oxigraph, in :data:`_READERS` threads.
    Reading terms out of RocksDB is what costs (a lookup per term per row),
    so the predicate is never read back (it is in the query) and a triple
    found in many graphs is read once. ``skip_objects`` (``{predicate IRI:
    object IRIs}``) leaves those triples out in the query itself, unread.
    The lines come sorted predicate by predicate, so that sorting them all
    is mostly merging.

    Each predicate is its own query, read from its own snapshot: a write to
    the store from another thread meanwhile could show up in part. Nothing
    in this package writes while it reads, and no other process may write a
    store that is open (see :meth:`open`).
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    graphs = " , ".join(str(ox.NamedNode(g)) for g in sorted(set(skip_graphs)))
    graph_filter = f"FILTER(?g NOT IN ({graphs}))" if graphs else ""
    # MINUS with VALUES is a hash anti-join in Oxigraph: ten times faster than
    # reading the triples, and a hundred times faster than FILTER(?o NOT IN ...).
    minus = {
        p: f"MINUS {{ VALUES ?o {{ {' '.join(terms)} }} }}"
        for p, objects in (skip_objects or {}).items()
        if (terms := sorted(str(ox.NamedNode(o)) for o in set(objects) if _is_iri(o)))
    }

    def read(predicate: str) -> tuple[str, bytes]:
        p = str(ox.NamedNode(predicate))
        query = (
            f"SELECT DISTINCT ?s ?o WHERE {{ {{ {{ ?s {p} ?o }} UNION "
            f"{{ GRAPH ?g {{ ?s {p} ?o }} {graph_filter} }} }} {minus.get(predicate, '')} }}"
        )
        try:
            return predicate, db.query(query).serialize(format=_TSV)
        except OSError as error:
            raise StoreError(f"could not read the store: {error}") from None

    lines: list[bytes] = []
    blank = False
    with ThreadPoolExecutor(max_workers=_READERS, thread_name_prefix="graph-reader") as pool:
        # rdf:type and rdfs:label have the most triples in nearly every store:
        # read them while the predicates are being listed (a pass over every
        # quad), and take what they read while the listing goes on.
        futures = [pool.submit(read, p) for p in _READ_FIRST]
        listing = pool.submit(_predicates, db)
        pending = {listing, *futures}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    if future is listing:
                        rest = [p for p in listing.result() if p not in _READ_FIRST]
                        more = [pool.submit(read, p) for p in rest]
                        futures += more
                        pending.update(more)
                        continue
                    predicate, data = future.result()
                    chunk = _pair_lines(data, predicate)
                    chunk.sort()  # while the readers read
                    if sink is None:
                        lines += chunk
                    else:
                        sink(chunk)
                    blank = blank or b"_:" in data
        finally:
            listing.cancel()
            for future in futures:
                future.cancel()
    return lines, blank


def _predicates(db: ox.Store) -> list[str]:
    """Every predicate in the store, the most used first (so the readers finish together)."""
    try:
        rows = db.query(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } "
            "GROUP BY ?p"
        )
        counts = [(int(n.value), p.value) for p, n in rows if isinstance(p, ox.NamedNode)]
    except OSError as error:
        raise StoreError(f"could not read the store: {error}") from None
    return [p for _, p in sorted(counts, key=lambda c: (-c[0], c[1]))]


def _pair_lines(data: bytes, predicate: str) -> list[bytes]:
    """TSV rows of (subject, object) for ``predicate`` as lines in sort form."""
    body = data[data.index(b"\n") + 1 :]  # after the "?s\t?o" header
    body = _as_ntriples_objects(body, _TSV_BARE_OBJECT)
    if body.translate(None, _NOT_RAW_CONTROL):
        body = _as_ntriples_objects(body, _TSV_QUOTED_OBJECT)
    key = _TYPE_KEY if predicate == _RDF_TYPE_IRI else str(ox.NamedNode(predicate)).encode()
    lines = body.replace(b"\t", b" " + key + b" ").split(b"\n")
    lines.pop()  # after the last newline
    return lines


def _as_ntriples_objects(body: bytes, pattern: re.Pattern[bytes]) -> bytes:
    """TSV rows with the objects ``pattern`` finds rewritten in N-Triples form.

    Those objects are read back by Oxigraph's own TSV parser, all at once, and
    written as N-Triples terms: no escaping rules of ours to get wrong. Rows
    whose objects are all bare integers (character offsets, say) are
    rewritten in bulk, without a call per row.
    """
    matches = pattern.findall(body)
    if not matches:
        return body
    found = sorted(set(matches))
    if (
        pattern is _TSV_BARE_OBJECT
        and len(matches) == body.count(b"\n")
        and _TSV_INTEGERS.fullmatch(b"\n".join(found) + b"\n")
    ):
        return body.replace(b"\t", b'\t"').replace(b"\n", b'"^^<' + _XSD_INTEGER + b">\n")
    parsed = ox.parse_query_results(b"?o\n" + b"\n".join(found) + b"\n", _TSV)
    forms = {token: str(row[0]).encode() for token, row in zip(found, parsed, strict=True)}
    return pattern.sub(lambda match: b"\t" + forms[match.group(1)], body)


def _canonical_blank_lines(lines: list[bytes]) -> list[bytes]:
    """Sorted lines with their blank nodes relabelled (RDFC-1.0), sorted again.

    The store's blank node ids are random; :func:`_canonical_blank_nodes`
    gives the same content the same labels. Only lines with "_:" can hold a
    blank node, and those are few; without any the lines come back as they
    are. (A pass over every line: callers skip it when the text they read
    had no "_:" at all.)
    """
    candidates = [line for line in lines if b"_:" in line]
    if not candidates:
        return lines
    parsed = [
        quad.triple
        for chunk in _plain_chunks(candidates)
        for quad in ox.parse(chunk, ox.RdfFormat.N_TRIPLES)
    ]
    replaced = set(candidates)
    kept = [line for line in lines if line not in replaced]
    kept += _statement_lines(_canonical_blank_nodes(parsed))
    kept.sort()
    return kept


def _iri_line_term(iri: str) -> bytes:
    """An IRI as it is written in N-Triples (Oxigraph writes IRIs unescaped)."""
    return f"<{iri}>".encode()


class _Buffer:
    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class _PrefixHeader:
    """Writes our @prefix header, then drops the serializer's own @prefix lines."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._pending = b""
        self._in_header = True
        raw.write(prefix_header(PREFIXES))

    def write(self, data: bytes) -> int:
        if not self._in_header:
            self.raw.write(data)
            return len(data)
        self._pending += bytes(data)
        while self._in_header and b"\n" in self._pending:
            line, rest = self._pending.split(b"\n", 1)
            if line.startswith(b"@prefix "):
                self._pending = rest
            else:
                self._in_header = False
        if not self._in_header:
            self.raw.write(b"\n" + self._pending)
            self._pending = b""
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self._pending:
            self.raw.write((b"\n" if self._in_header else b"") + self._pending)
            self._pending = b""


def _read_results(results: Any, max_rows: int | None = None) -> Results:
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows = [
            tuple(
                None if solution[i] is None else _to_rdflib(solution[i])
                for i in range(len(variables))
            )
            for solution in _capped(results, max_rows, "rows")
        ]
        return Results("select", variables=variables, rows=rows)
    if isinstance(results, ox.QueryBoolean):
        return Results("ask", boolean=bool(results))
    unique = sorted(set(_capped(results, max_rows, "triples")), key=_sort_key)
    return Results(
        "graph",
        triples=[
            (_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)) for t in unique
        ],
    )


def _capped(items: Iterable[Any], max_rows: int | None, what: str) -> Iterator[Any]:
    for n, item in enumerate(items, start=1):
        if max_rows is not None and n > max_rows:
            raise QueryError(
                f"the answer has more than {max_rows:,} {what}; add LIMIT to the query, "
                "or raise the cap with --limit-rows N (0 for no cap)"
            )
        yield item


def _kind_name(kind: str) -> str:
    return {
        "select": "a SELECT query",
        "ask": "an ASK query",
        "graph": "a CONSTRUCT/DESCRIBE query",
    }[kind]


def _with_timeout(work: Callable[[], Any], timeout: float) -> Any:
    """Run ``work`` in a worker thread; QueryError if it is not done within ``timeout`` seconds.

    pyoxigraph releases the GIL while it evaluates but cannot be interrupted:
    a query that times out keeps running in its (daemon) thread until it
    finishes, and keeps the store open until then. The caller gets control
    back on time, which is what a command line needs.
    """
    if not timeout > 0:
        raise QueryError(f"the timeout must be more than 0 seconds, not {timeout:g}")
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="sanctions-graph-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryError(
            f"the query did not finish within {timeout:g} s; "
            "narrow it (LIMIT, more specific patterns) "
            "or allow more time with --timeout"
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# ---------------------------------------------------------------- query checks

# Strings, IRIs and comments, which may contain any word without it being a
# keyword. Long strings first, so that ''' is not read as an empty string.
_OPAQUE = re.compile(
    r"""
      '''(?:[^\\]|\\.)*?'''
    | \"\"\"(?:[^\\]|\\.)*?\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | \#[^\n\r]*
    """,
    re.VERBOSE | re.DOTALL,
)


def _keyword(*words: str) -> re.Pattern[str]:
    # A bare keyword: not a variable (?service), a prefixed name (ex:load,
    # load:x), a blank node label or a language tag.
    return re.compile(rf"(?<![\w?$:@.\-])({'|'.join(words)})(?![\w:\-])", re.IGNORECASE)


_SERVICE = _keyword("SERVICE")
_UPDATE = _keyword(
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"
)
_DATASET = _keyword("FROM")


def check_query(sparql: str, *, allow_network: bool = False) -> bool:
    """Refuse what a read-only, offline query must not do; return whether to use the union graph.

    The check works on the query with its strings, IRIs and comments blanked
    out (pyoxigraph 0.5 exposes no parsed query to inspect). SERVICE calls a
    remote endpoint, so it needs ``allow_network``. Updates (LOAD, INSERT ...)
    are never run by ``query``. FROM never reaches the network in Oxigraph (it
    names graphs of the store), but pyoxigraph ignores FROM when the union
    default graph is on, so a query with FROM runs without it and gets the
    dataset it asks for.
    """
    if not isinstance(sparql, str) or not sparql.strip():
        raise QueryError(
            "the query is empty; pass SPARQL text, a .rq file or the name of a named query"
        )
    code = _OPAQUE.sub(" ", sparql)
    update = _UPDATE.search(code)
    if update:
        word = update.group(1).upper()
        raise QueryError(
            f"the query contains {word}, a SPARQL update; queries here are read-only "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE): change the store with `sanctions-graph ingest`"
        )
    if not allow_network and _SERVICE.search(code):
        raise QueryError(
            "the query uses SERVICE, which calls a remote SPARQL endpoint over the network; "
            "pass --allow-network (allow_network=True) to allow it"
        )
    return _DATASET.search(code) is None


_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def _syntax_error(sparql: str, error: SyntaxError) -> QueryError:
    """One line: where (line and column as Oxigraph counts them), what was expected, that line."""
    message = " ".join(str(error).split())
    match = _POSITION.match(message)
    if not match:
        return QueryError(f"SPARQL syntax error: {_clip(message, 200)}; fix the query")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = sparql.splitlines()
    near = lines[line - 1].strip() if 0 < line <= len(lines) else "end of query"
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column} (in {_clip(near, 60)!r}): "
        f"{_clip(detail, 160)}"
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
