"""sanctions-graph: news articles about sanctions in, an RDF knowledge graph out.

    from sanctions_graph import KnowledgeGraph

``KnowledgeGraph`` is imported on first use, so that ``import sanctions_graph``
does not pay for rdflib, pyoxigraph and networkx until they are needed. spaCy
(half a second) loads on the first extraction, so that the command line's
other commands start without it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("sanctions-graph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'sanctions_graph' has no attribute {name!r}")
