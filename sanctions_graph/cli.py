"""The command line: each command opens the store, makes one library call, prints.

Data goes to stdout, progress and messages to stderr. Library errors come
back as one-line messages with exit code 1 (2 for `validate` errors).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rdflib import Dataset, Graph

from .documents import article_paths, parse_published
from .errors import SanctionsGraphError
from .pipeline import extract_paths

EXTRACT_FORMATS = {"nt": ("nt", ".nt"), "ttl": ("turtle", ".ttl"), "trig": ("trig", ".trig"),
                   "nquads": ("nquads", ".nq")}


def _published(value: str | None) -> date | None:
    return parse_published(value, where="--published") if value else None


def _progress(n: int, total: int, doc_id: str) -> None:
    click.echo(f"[{n}/{total}] {doc_id}", err=True)


class Group(click.Group):
    """Turns library errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SanctionsGraphError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=Group)
@click.version_option(package_name="sanctions-graph")
def main() -> None:
    """Turn news articles about sanctions into an RDF knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for one graph file per article.")
@click.option("--format", "fmt", type=click.Choice(sorted(EXTRACT_FORMATS)), default="nt",
              show_default=True, help="RDF format of the graph files.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
def extract(paths, out_dir: Path, fmt: str, published: str | None, workers: int | None) -> None:
    """Extract each article into its own graph file, without a store.

    Writes OUT_DIR/NAME.nt (or .ttl, .trig, .nq) for each NAME.txt.

    Example: sanctions-graph extract seeds/*.txt --out-dir out --format nt
    """
    files = article_paths(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    rdf_format, suffix = EXTRACT_FORMATS[fmt]
    for doc_id, data in extract_paths(files, published=_published(published), workers=workers,
                                      progress=_progress):
        target = out_dir / f"{doc_id}{suffix}"
        if fmt != "nt":
            g = Graph().parse(data=data, format="nt")
            if fmt in {"trig", "nquads"}:
                from .build import article_graph_iri

                ds = Dataset()
                named = ds.graph(article_graph_iri(doc_id))
                for t in g:
                    named.add(t)
                data = ds.serialize(format=rdf_format, encoding="utf-8")
            else:
                data = g.serialize(format=rdf_format, encoding="utf-8")
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    click.echo(f"extracted {len(files)} article(s) into {out_dir}", err=True)


if __name__ == "__main__":
    sys.exit(main())
