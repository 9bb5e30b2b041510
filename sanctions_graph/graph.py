"""KnowledgeGraph: the library's front door, for the CLI and for notebooks.

    from sanctions_graph import KnowledgeGraph
    with KnowledgeGraph.open("sanctions-store") as kg:
        kg.ingest(["seeds/"])
        rows = kg.select(kg.named_query("who-ordered-whom"))

Each method is one step of the data's way; the CLI calls exactly one of them
per command and formats what comes back.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from . import curation as curation_module
from .build import article_graph_iri
from .documents import article_paths, document_from_text, document_id
from .errors import InputError
from .export import export as export_store
from .imports import ImportResult
from .imports import import_file as import_rdf_file
from .namespace import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from .paths import ONTOLOGY_FILE, REFERENCE_FILE, ontology_dir
from .pipeline import Progress, extract_paths, ntriples_for_documents
from .query import named_queries, run
from .remote import is_url, open_remote
from .render import focus as focus_network
from .render import network_from_graph, write_html
from .store import DEFAULT_STORE, Store
from .validate import ValidationReport, validate


class KnowledgeGraph:
    """A sanctions knowledge graph in a store: ingest articles, query, export, render.

    ``curation`` is the folder of curation/*.yaml files applied after every
    ingest (see :mod:`sanctions_graph.curation`); None applies none.
    """

    def __init__(self, store: Store, curation: str | os.PathLike[str] | None = None):
        self.store = store
        self.curation = Path(curation) if curation is not None else None
        self.last_curation: curation_module.CurationResult | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
             create: bool = True,
             curation: str | os.PathLike[str] | None = None,
             update_url: str | None = None, gsp_url: str | None = None) -> KnowledgeGraph:
        """Open (or create) the on-disk store in folder ``path``, or a SPARQL endpoint.

        ``path`` may be an ``http://`` or ``https://`` query endpoint URL: the
        store is then a :class:`~sanctions_graph.remote.RemoteStore`, with
        ``update_url`` and ``gsp_url`` defaulting to Oxigraph server's layout.
        The curation folder defaults to ``curation/`` beside the store folder
        (none for an endpoint).
        """
        if is_url(path):
            store = open_remote(str(path), update_url=update_url, gsp_url=gsp_url,
                                read_only=read_only)
            return cls(store, curation)
        folder = Path(path) if path is not None else DEFAULT_STORE
        if curation is None:
            curation = folder.parent / "curation"
        return cls(Store.open(folder, read_only=read_only, create=create), curation)

    @classmethod
    def memory(cls) -> KnowledgeGraph:
        return cls(Store.memory())

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- writing ---------------------------------------------------------------

    def load_ontology(self) -> None:
        """Put the ontology and the reference entities in their own named graphs."""
        folder = ontology_dir()
        for iri, name in ((ONTOLOGY_GRAPH, ONTOLOGY_FILE), (REFERENCE_GRAPH, REFERENCE_FILE)):
            self.store.replace_graph(str(iri), (folder / name).read_bytes(), format="turtle")

    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, published: date | None = None,
               workers: int | None = None, progress: Progress | None = None) -> list[str]:
        """Extract articles (files or folders) and replace each one's named graph.

        Every file is checked before the first write; each article then lands
        whole or not at all.
        """
        files = article_paths(paths)
        self._check_curation()
        done: list[str] = []
        # extract_paths reads and checks every file before it yields the first
        # graph, so the ontology is loaded only once the batch is known to be good.
        for doc_id, data in extract_paths(files, published=published, workers=workers,
                                          progress=progress):
            if not done and not self.store.has_graph(str(ONTOLOGY_GRAPH)):
                self.load_ontology()
            self.store.replace_graph(str(article_graph_iri(doc_id)), data, format="nt")
            done.append(doc_id)
        self.apply_curation()
        return done

    def ingest_bulk(self, shards: Iterable[str | os.PathLike[str]], *,
                    progress: Progress | None = None) -> int:
        """Load N-Quads (or TriG) shards, one named graph per article, with ``Store.bulk_load``.

        The shards are what ``extract --format nquads`` or a cluster job writes
        (see README, "Extraction on a cluster"). Each shard replaces the
        graphs it names; the load is not transactional, so a failed shard is
        repaired by loading it again. Returns the number of shards loaded.
        """
        paths = [Path(p) for p in shards]
        for path in paths:  # every shard exists before the first write
            if not path.is_file():
                raise InputError(f"{path} is not a file; pass N-Quads shards (.nq) or TriG (.trig)")
        self._check_curation()
        if paths and not self.store.has_graph(str(ONTOLOGY_GRAPH)):
            self.load_ontology()
        self.store.bulk_load_files(paths, progress=progress)
        self.apply_curation()
        return len(paths)

    def ingest_text(
        self, text: str, *, name: str = "article", published: date | None = None
    ) -> str:
        """Extract one article given as text; returns its article id."""
        doc = document_from_text(text, doc_id=document_id(name), source=name, published=published)
        self._check_curation()
        ((doc_id, data),) = ntriples_for_documents([doc])
        if not self.store.has_graph(str(ONTOLOGY_GRAPH)):
            self.load_ontology()
        self.store.replace_graph(str(article_graph_iri(doc_id)), data, format="nt")
        self.apply_curation()
        return doc.id

    def apply_curation(self) -> curation_module.CurationResult:
        """Rebuild graph:curation from the curation folder (ingest does this itself).

        Without a folder configured (``curation=None``, an in-memory store)
        nothing changes. Notes on entries that matched nothing are in the
        result (and in ``last_curation``).
        """
        if self.curation is None:
            result = curation_module.CurationResult(None)
        else:
            result = curation_module.apply(self.store, self.curation)
        self.last_curation = result
        return result

    def _check_curation(self) -> None:
        # A malformed curation file stops an ingest before anything is written.
        if self.curation is not None:
            curation_module.load_folder(self.curation)

    def import_file(self, path: str | os.PathLike[str], fmt: str | None = None) -> ImportResult:
        """Load RDF from another tool into graph:import/<file stem>, after SHACL validation.

        ``fmt`` is one of :data:`sanctions_graph.imports.FORMATS` (default:
        from the suffix). A file that does not conform is refused with a
        ValidationError and nothing is loaded; see :mod:`sanctions_graph.imports`.
        """
        return import_rdf_file(self.store, path, fmt)

    def remove_article(self, doc_id: str) -> bool:
        return self.store.remove_graph(str(article_graph_iri(doc_id)))

    # -- reading ---------------------------------------------------------------

    @staticmethod
    def named_query(name: str, **params: str) -> str:
        queries = named_queries()
        if name not in queries:
            raise InputError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
        return queries[name].bind(params or None)

    def query(self, sparql: str, fmt: str = "table", *, timeout: float | None = None,
              allow_network: bool = False, max_rows: int | None = None) -> str:
        """Run SPARQL and return the answer as text (table, csv, tsv, json, turtle)."""
        return run(self.store, sparql, fmt, timeout=timeout, allow_network=allow_network,
                   max_rows=max_rows)

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """SELECT results as a list of {variable: Python value} rows."""
        variables, rows = self.store.select(sparql)
        return [dict(zip(variables, row, strict=True)) for row in rows]

    def dataframe(self, sparql: str):
        """SELECT results as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise InputError(
                "dataframe() needs pandas; install it with 'pip install pandas'"
            ) from None
        variables, rows = self.store.select(sparql)
        return pd.DataFrame([[None if v is None else v.toPython() for v in row] for row in rows],
                            columns=variables)

    def rdf(self) -> Graph:
        """The union of all named graphs as one rdflib Graph."""
        return self.store.graph()

    def network(self, *, focus: str | None = None, depth: int = 2,
                construct: str | None = None) -> nx.MultiDiGraph:
        """The entity network (networkx), whole, around one entity, or from a CONSTRUCT."""
        if construct:
            graph = Graph().parse(data=self.store.construct(construct, format="nt"), format="nt")
        else:
            graph = self.rdf()
        network = network_from_graph(graph)
        # Reference entities no article connects to anything would only crowd the view.
        network.remove_nodes_from([n for n, degree in list(network.degree()) if degree == 0])
        return focus_network(network, focus, depth) if focus else network

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def validate(self) -> ValidationReport:
        return validate(self.store)

    # -- output ----------------------------------------------------------------

    def export(self, fmt: str, out: str | os.PathLike[str]) -> None:
        export_store(self.store, fmt, out)

    def render(self, out: str | os.PathLike[str], *, focus: str | None = None, depth: int = 2,
               construct: str | None = None, title: str = "Sanctions graph") -> Path:
        return write_html(self.network(focus=focus, depth=depth, construct=construct), out,
                          title=title)
