"""A store behind a SPARQL endpoint: the same methods as :class:`~sanctions_graph.store.Store`.

``--store http://host:7878/query`` (or ``KnowledgeGraph.open(url)``) works
on a triple store server instead of the embedded one, over three standard
protocols and nothing else (urllib, no driver):

* SPARQL 1.1 Protocol for queries (``query_url``), POSTed as
  ``application/sparql-query``;
* SPARQL 1.1 Update for dropping graphs (``update_url``);
* SPARQL 1.1 Graph Store Protocol (``gsp_url``): ``PUT ?graph=IRI`` replaces
  one article's graph in one request (atomically on Oxigraph and Fuseki),
  ``DELETE`` removes one, and ``POST`` of N-Quads to the bare URL loads a
  shard (``ingest --bulk``).

The update and store URLs default to Oxigraph server's layout: the query URL
with its last segment (``query`` or ``sparql``) replaced by ``update`` and
``store``. Other servers need them given (README, "Remote stores").

The layout needs the union of the named graphs as the default graph.
Oxigraph server gives it per request (``union-default-graph`` in the query
string), which is sent by default and which other servers ignore; GraphDB,
Virtuoso and Neptune take the union by themselves and Fuseki with
``unionDefaultGraph`` in its dataset configuration. ``union_param=None``
sends no parameter, for a server that refuses unknown ones.

Answers are parsed by the same engine as the embedded store's (store.py's
:func:`~sanctions_graph.store.parse_answer`), so a named query gives the same
rows either way.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, NoReturn
from urllib.parse import quote, urlsplit, urlunsplit

from rdflib import Graph, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError, StoreError
from .store import (
    PREFIXES,
    Results,
    Store,
    _kind_name,
    canonical_triples,
    check_query,
    dump_statements,
    graph_names_in,
    parse_answer,
    serialize_statements,
    serialize_triples,
)

#: What ``--store`` takes for a remote store.
URL_SCHEMES = ("http://", "https://")

#: Oxigraph server's query-string switch for the union default graph.
OXIGRAPH_UNION_PARAM = "union-default-graph"

_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5, application/rdf+xml;q=0.4"
)
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def is_url(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL endpoint rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def sibling_url(query_url: str, name: str) -> str:
    """Oxigraph's layout: ``http://h/query`` -> ``http://h/NAME`` (also from ``/sparql``)."""
    parts = urlsplit(query_url)
    head, _, last = parts.path.rpartition("/")
    if last.lower() not in {"query", "sparql"}:
        raise InputError(
            f"cannot derive the {name} URL from {query_url}: its path does not end in /query "
            f"or /sparql; pass --{'update' if name == 'update' else 'gsp'}-url"
        )
    return urlunsplit(parts._replace(path=f"{head}/{name}", query="", fragment=""))


class RemoteStore(Store):
    """A SPARQL endpoint used as the store (see the module docstring).

    ``update_url`` and ``gsp_url`` default to Oxigraph server's ``/update``
    and ``/store`` beside ``query_url``. Credentials in the URL
    (``http://user:password@host/...``) are sent as HTTP Basic authentication.
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        union_param: str | None = OXIGRAPH_UNION_PARAM,
        read_only: bool = False,
        timeout: float = 300.0,
    ) -> None:
        if not is_url(query_url):
            raise InputError(f"{query_url!r} is not an http:// or https:// SPARQL endpoint URL")
        self._auth: str | None = None
        self.query_url = self._strip_credentials(query_url)
        self.update_url = self._strip_credentials(update_url or sibling_url(query_url, "update"))
        self.gsp_url = self._strip_credentials(gsp_url or sibling_url(query_url, "store"))
        self.union_param = union_param or None
        self.timeout = timeout
        self.path = None
        self.read_only = read_only
        self._inner = None
        self._open = True

    # ------------------------------------------------------------------ opening

    def close(self) -> None:
        self._open = False

    @property
    def closed(self) -> bool:
        return not self._open

    def __repr__(self) -> str:
        return f"<RemoteStore {self.query_url}{' read-only' if self.read_only else ''}>"

    @property
    def _db(self) -> NoReturn:
        # Every method of Store that reaches the embedded engine is overridden.
        raise StoreError("this is a remote store; the operation needs the embedded store")

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise StoreError(
                f"the store at {self.query_url} is open read-only; open it without read_only "
                "to change it"
            )

    def _check_open(self) -> None:
        if not self._open:
            raise StoreError("the store is closed; open it again")

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: str, data: bytes | str | Graph, format: str = "nt") -> int:
        """Replace named graph ``graph_iri`` with ``data`` by one Graph Store Protocol PUT.

        The data is parsed here first (malformed data sends nothing); the
        server replaces the graph in one request, atomically on Oxigraph and
        Fuseki.
        """
        self._check_writable()
        triples = self._parse_triples(data, format, graph_iri)
        body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        self._request(
            "PUT",
            self._graph_url(graph_iri),
            body.encode("utf-8"),
            {"Content-Type": "application/n-triples"},
            what=f"write graph <{graph_iri}>",
        )
        return len(set(triples))

    def bulk_load(
        self,
        source: bytes | str | os.PathLike[str],
        format: str = "nquads",
        *,
        replace: bool = True,
        graphs: Iterable[str] | None = None,
    ) -> None:
        """Load an N-Quads (or TriG) shard: one update dropping its graphs, one GSP POST.

        Not atomic, like :meth:`Store.bulk_load`: load the shard again to repair it.
        """
        self._check_writable()
        media = {"nquads": "application/n-quads", "trig": "application/trig"}.get(format)
        if media is None:
            raise InputError(f"bulk loading takes nquads or trig, not {format!r}")
        if isinstance(source, bytes):
            data, where = source, "the data"
        else:
            path = Path(source)
            if not path.is_file():
                raise InputError(f"{path} is not a file; pass the path of an N-Quads shard")
            data, where = path.read_bytes(), str(path)
        # Parsed here first: a malformed shard sends nothing, and gives its graph names.
        names = set(graphs) if graphs is not None else graph_names_in(data, format, where)
        if replace and names:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in sorted(names)))
        self._request("POST", self.gsp_url, data, {"Content-Type": media},
                      what=f"load {where}")

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove one named graph; return whether it was there."""
        self._check_writable()
        present = self.has_graph(graph_iri)
        if present:
            self.update(f"DROP SILENT GRAPH <{URIRef(graph_iri)}>")
        return present

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the update endpoint."""
        self._check_writable()
        self._request("POST", self.update_url, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update"}, what="update the store")

    # ------------------------------------------------------------------ reading

    def graph_names(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(g) for (g,) in rows if isinstance(g, URIRef))

    def has_graph(self, graph_iri: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{URIRef(graph_iri)}> {{ ?s ?p ?o }} }}")

    def __len__(self) -> int:
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0  # type: ignore[arg-type]

    def quads(
        self, graph_iri: str | None = None
    ) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
        """Every quad of the named graphs (or of one graph), as rdflib terms."""
        graph = f"<{URIRef(graph_iri)}>" if graph_iri is not None else "?g"
        _, rows = self.select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        fixed = URIRef(graph_iri) if graph_iri is not None else None
        for s, p, o, g in rows:
            yield s, p, o, fixed if fixed is not None else g  # type: ignore[misc]

    def triples(
        self, graph_iri: str | None = None, *, canonical: bool = False
    ) -> Iterator[tuple[Node, Node, Node]]:
        found = list(dict.fromkeys((s, p, o) for s, p, o, _ in self.quads(graph_iri)))
        yield from canonical_triples(found) if canonical else found

    # ------------------------------------------------------------------ queries

    def query(self, sparql: str, *, timeout: float | None = None,
              allow_network: bool = False) -> Results:
        """Unlike :meth:`Store.query`, the answer comes back read, as :class:`Results`."""
        return self.results(sparql, timeout=timeout, allow_network=allow_network)

    def results(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        allow_network: bool = False,
        max_rows: int | None = None,
    ) -> Results:
        """Run a query on the endpoint and read its answer (see :class:`Results`).

        The project's prefixes are declared for the server, which knows none.
        """
        self._check_open()
        union = check_query(sparql, allow_network=allow_network)
        url = self.query_url
        if union and self.union_param:
            url += ("&" if "?" in url else "?") + quote(self.union_param)
        media, data = self._request(
            "POST", url, _with_prefixes(sparql).encode("utf-8"),
            {"Content-Type": "application/sparql-query", "Accept": _ACCEPT},
            what="run the query", timeout=timeout, query=sparql,
        )
        return parse_answer(data, media, max_rows)

    def construct(self, sparql: str, format: str = "turtle", *, timeout: float | None = None,
                  allow_network: bool = False) -> bytes:
        results = self.results(sparql, timeout=timeout, allow_network=allow_network)
        if results.kind != "graph":
            raise QueryError(
                f"expected a CONSTRUCT or DESCRIBE query, got {_kind_name(results.kind)}; "
                "use select() or ask()"
            )
        if format not in ("turtle", "nt"):
            raise QueryError(f"a CONSTRUCT result is one graph; pick turtle or nt, not {format}")
        return serialize_triples(results.triples, format)

    # ------------------------------------------------------------------ dumps

    def dump(self, format: str = "trig") -> bytes:
        return serialize_statements(dump_statements(self.quads(), format), format)

    def dump_to(self, path: str | os.PathLike[str], format: str = "trig") -> None:
        from .export import open_atomic  # the one place that writes files

        statements = dump_statements(self.quads(), format)
        with open_atomic(path) as out:
            serialize_statements(statements, format, out)

    def write(self, out: IO[bytes], format: str) -> None:
        serialize_statements(dump_statements(self.quads(), format), format, out)

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
        graphs, subjects = set(skip_graphs), set(skip_subjects)
        objects = {p: set(o) for p, o in (skip_objects or {}).items()}
        quads = set(skip_quads)
        kept = [
            (s, p, o, g)
            for s, p, o, g in self.quads()
            if str(g) not in graphs
            and str(s) not in subjects
            and str(o) not in objects.get(str(p), ())
            and (str(g), str(s), str(p), str(o)) not in quads
        ]
        serialize_statements(dump_statements(kept, format), format, out)

    # ------------------------------------------------------------------ HTTP

    def _graph_url(self, graph_iri: str) -> str:
        separator = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{separator}graph={quote(str(URIRef(graph_iri)), safe='')}"

    def _strip_credentials(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.username is None:
            return url
        token = f"{parts.username}:{parts.password or ''}".encode()
        self._auth = "Basic " + base64.b64encode(token).decode("ascii")
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    def _request(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: dict[str, str],
        *,
        what: str,
        timeout: float | None = None,
        query: str | None = None,
    ) -> tuple[str, bytes]:
        headers = dict(headers)
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            detail = " ".join(error.read().decode("utf-8", "replace").split())[:300]
            if query is not None and error.code == 400:
                raise QueryError(f"the endpoint refused the query: {detail}") from None
            raise StoreError(
                f"could not {what}: {url} answered {error.code} {error.reason}: {detail}"
            ) from None
        except TimeoutError:
            if query is not None:
                raise QueryError(
                    f"the query did not finish within {timeout or self.timeout:g} s; "
                    "narrow it (LIMIT, more specific patterns) or allow more time with --timeout"
                ) from None
            raise StoreError(f"could not {what}: {url} did not answer in time") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(
                f"could not {what}: cannot reach {url} ({reason}); is the server running, "
                "and is the URL right?"
            ) from None


def _with_prefixes(sparql: str) -> str:
    """The query with the project's prefixes declared, except those it declares itself."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*missing, sparql]) if missing else sparql


def open_remote(url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                read_only: bool = False, union_param: str | None = OXIGRAPH_UNION_PARAM,
                ) -> RemoteStore:
    """A :class:`RemoteStore` on ``url``; checks that the endpoint answers a query."""
    store = RemoteStore(url, update_url=update_url, gsp_url=gsp_url, read_only=read_only,
                        union_param=union_param)
    store.ask("ASK { }")
    return store


__all__ = ["URL_SCHEMES", "RemoteStore", "is_url", "open_remote", "sibling_url"]
