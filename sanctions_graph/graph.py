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

from .build import article_graph_iri
from .documents import article_paths, document_from_text, document_id
from .errors import InputError
from .export import export as export_store
from .namespace import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from .paths import ONTOLOGY_FILE, REFERENCE_FILE, ontology_dir
from .pipeline import Progress, extract_paths, graphs_for_documents
from .query import named_queries, run
from .render import focus as focus_network
from .render import network_from_graph, write_html
from .store import Store
from .validate import ValidationReport, validate


class KnowledgeGraph:
    """A sanctions knowledge graph in a store: ingest articles, query, export, render."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
             create: bool = True) -> KnowledgeGraph:
        """Open (or create) the on-disk store in folder ``path``."""
        return cls(Store.open(path, read_only=read_only, create=create))

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
        if not self.store.has_graph(str(ONTOLOGY_GRAPH)):
            self.load_ontology()
        done = []
        for doc_id, data in extract_paths(files, published=published, workers=workers,
                                          progress=progress):
            self.store.replace_graph(str(article_graph_iri(doc_id)), data, format="nt")
            done.append(doc_id)
        return done

    def ingest_text(self, text: str, *, name: str = "article", published: date | None = None) -> str:
        """Extract one article given as text; returns its article id."""
        doc = document_from_text(text, doc_id=document_id(name), source=name, published=published)
        if not self.store.has_graph(str(ONTOLOGY_GRAPH)):
            self.load_ontology()
        (graph,) = graphs_for_documents([doc])
        self.store.replace_graph(str(graph.identifier), graph.serialize(format="nt"), format="nt")
        return doc.id

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
              allow_network: bool = False) -> str:
        """Run SPARQL and return the answer as text (table, csv, tsv, json, turtle)."""
        return run(self.store, sparql, fmt, timeout=timeout, allow_network=allow_network)

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """SELECT results as a list of {variable: Python value} rows."""
        variables, rows = self.store.select(sparql)
        return [dict(zip(variables, row, strict=True)) for row in rows]

    def dataframe(self, sparql: str):
        """SELECT results as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise InputError("dataframe() needs pandas; install it with 'pip install pandas'") from None
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
