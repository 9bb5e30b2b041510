"""sanctions-graph: news articles about sanctions in, an RDF knowledge graph out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sanctions-graph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
