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
from .export import FORMATS as EXPORT_FORMATS
from .graph import KnowledgeGraph
from .pipeline import extract_paths
from .query import FORMATS as QUERY_FORMATS
from .query import named_queries, resolve_query
from .store import DEFAULT_STORE

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


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Folder of the embedded Oxigraph store.")


def _open(store_path: Path, *, read_only: bool = False) -> KnowledgeGraph:
    if read_only and not store_path.exists():
        raise click.ClickException(
            f"no store at {store_path}; build one with 'sanctions-graph build' or pass --store")
    return KnowledgeGraph.open(store_path, read_only=read_only, create=not read_only)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("exports"), show_default=True, help="Folder for sanctions.ttl and .html.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
def build(paths, store_path: Path, exports_dir: Path, published: str | None,
          workers: int | None) -> None:
    """The main job: articles (default seeds/) -> store -> exports/.

    Writes EXPORTS/sanctions.ttl and EXPORTS/sanctions.html.

    Example: sanctions-graph build seeds/
    """
    paths = paths or (Path("seeds"),)
    with _open(store_path) as kg:
        kg.load_ontology()
        done = kg.ingest(paths, published=_published(published), workers=workers,
                         progress=_progress)
        exports_dir.mkdir(parents=True, exist_ok=True)
        kg.export("turtle", exports_dir / "sanctions.ttl")
        kg.render(exports_dir / "sanctions.html")
        stats = kg.stats()
    click.echo(f"built {len(done)} article(s): {stats['triples']:,} triples, "
               f"{stats['assertions']} assertions, {stats['measures']} measures; "
               f"wrote {exports_dir / 'sanctions.ttl'} and {exports_dir / 'sanctions.html'}",
               err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
def ingest(paths, store_path: Path, published: str | None, workers: int | None) -> None:
    """Extract articles into the store; each replaces its own named graph.

    Example: sanctions-graph ingest new-articles/ --store sanctions-store
    """
    with _open(store_path) as kg:
        done = kg.ingest(paths, published=_published(published), workers=workers,
                         progress=_progress)
    click.echo(f"ingested {len(done)} article(s) into {store_path}", err=True)


@main.command()
@click.argument("sparql", required=False)
@store_option
@click.option("--name", "name", help="A named query from ontology/queries/ (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--param", "params", multiple=True, metavar="NAME=IRI",
              help="Bind a named query's parameter, e.g. entity=id:china.")
@click.option("--format", "fmt", type=click.Choice(sorted(QUERY_FORMATS)), default="table",
              show_default=True, help="Result format.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@click.option("--allow-network", is_flag=True,
              help="Allow SERVICE, LOAD and remote FROM (off: queries never leave the machine).")
def query(sparql: str | None, store_path: Path, name: str | None, list_queries: bool,
          params: tuple[str, ...], fmt: str, timeout: float | None, allow_network: bool) -> None:
    """Run a SPARQL query (text, a .rq file, or --name) over all articles.

    Example: sanctions-graph query --name who-ordered-whom
    """
    if list_queries:
        for q in named_queries().values():
            click.echo(f"{q.name:22} {q.title}")
        return
    if name:
        values = dict(p.split("=", 1) for p in params if "=" in p)
        text = KnowledgeGraph.named_query(name, **values)
    elif sparql:
        text = resolve_query(sparql)
    else:
        raise click.UsageError("give a query, a .rq file or --name NAME (see --list)")
    with _open(store_path, read_only=True) as kg:
        click.echo(kg.query(text, fmt, timeout=timeout, allow_network=allow_network), nl=False)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="turtle",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write, - for stdout.")
def export(store_path: Path, fmt: str, output: str) -> None:
    """Write the graph out (Turtle, TriG, N-Triples, N-Quads, JSON-LD).

    Example: sanctions-graph export --format trig -o exports/sanctions.trig
    """
    with _open(store_path, read_only=True) as kg:
        kg.export(fmt, output)


@main.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("exports/sanctions.html"), show_default=True, help="HTML file to write.")
@click.option("--focus", help="Only the network around this entity (IRI, id:key or label).")
@click.option("--depth", type=int, default=2, show_default=True, help="Hops around --focus.")
@click.option("--query", "construct", help="A CONSTRUCT query (text or .rq file) to draw.")
def render(store_path: Path, output: Path, focus: str | None, depth: int,
           construct: str | None) -> None:
    """Draw the graph as a self-contained interactive HTML page.

    Example: sanctions-graph render --focus id:china --depth 1 -o china.html
    """
    with _open(store_path, read_only=True) as kg:
        path = kg.render(output, focus=focus, depth=depth,
                         construct=resolve_query(construct) if construct else None)
    click.echo(f"wrote {path}", err=True)


@main.command()
@store_option
@click.option("--report", "show_report", is_flag=True, help="Print the whole SHACL report.")
def validate(store_path: Path, show_report: bool) -> None:
    """Check the graph against the SHACL shapes: exit 0 conforms, 1 not, 2 error.

    Example: sanctions-graph validate --store sanctions-store
    """
    try:
        with _open(store_path, read_only=True) as kg:
            report = kg.validate()
    except (SanctionsGraphError, click.ClickException) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if report.conforms:
        click.echo("conforms")
        return
    click.echo(report.text if show_report else report.text.splitlines()[0] if report.text else
               "does not conform")
    sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def stats(store_path: Path, fmt: str) -> None:
    """Count triples, graphs, articles, assertions, measures and entities.

    Example: sanctions-graph stats --format json
    """
    import json

    with _open(store_path, read_only=True) as kg:
        figures = kg.stats()
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2, sort_keys=True))
        return
    for key, value in figures.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                click.echo(f"  {sub:28} {n:>10,}")
        else:
            click.echo(f"{key:30} {value:>10,}")


@main.command()
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of NAME.gold.json files (default: beside each NAME.txt).")
@click.option("--details", is_flag=True, help="List missed and spurious relations.")
def evaluate(folders, gold_dir: Path | None, details: bool) -> None:
    """Score extraction on folders of NAME.txt with NAME.gold.json gold annotations.

    Example: sanctions-graph evaluate seeds --gold tests/fixtures/gold
    """
    from .evaluate import evaluate as run_evaluation
    from .evaluate import gold_pairs, report

    pairs = gold_pairs(folders, gold_dir)
    if not pairs:
        raise click.ClickException("no NAME.txt with a NAME.gold.json found; check the folders")
    scores, pooled = run_evaluation(pairs)
    click.echo(report(scores, pooled, details=details), nl=False)


if __name__ == "__main__":
    sys.exit(main())
