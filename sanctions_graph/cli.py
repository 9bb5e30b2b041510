"""The command line: each command opens the store, makes one library call, prints.

Data goes to stdout, progress and messages to stderr. Library errors come
back as one-line messages with exit code 1 (2 for `validate` errors).
"""

from __future__ import annotations

import errno
import sys
from datetime import date
from pathlib import Path

import click
from rdflib import Dataset, Graph

from .documents import article_paths, check_articles, parse_published
from .errors import SanctionsGraphError
from .export import FORMATS as EXPORT_FORMATS
from .graph import KnowledgeGraph
from .imports import FORMATS as IMPORT_FORMATS
from .pipeline import extract_paths
from .query import FORMATS as QUERY_FORMATS
from .query import named_queries, resolve_query
from .remote import is_url
from .serve import DEFAULT_CACHE_MB, DEFAULT_HOST, DEFAULT_MAX_ANSWER_MB, DEFAULT_PORT
from .store import DEFAULT_STORE, as_nquads

# Enough for any table worth reading; a bigger answer wants LIMIT or export.
DEFAULT_LIMIT_ROWS = 100_000

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
        except OSError as exc:
            # The library turns its own OSErrors into SanctionsGraphError; what is
            # left is printing to stdout (> /dev/full). click itself handles EPIPE.
            if exc.errno == errno.EPIPE:
                raise
            raise click.ClickException(
                f"could not write the output: {exc.strerror or exc}; "
                "free some space or write elsewhere"
            ) from exc


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
        if fmt == "nquads":
            # A shard for `ingest --bulk`: the article's triples in its named graph,
            # under the header that lets the bulk load skip parsing it for its names.
            from .build import article_graph_iri
            from .store import nquads_shard

            data = nquads_shard(as_nquads(data, str(article_graph_iri(doc_id))))
        elif fmt != "nt":
            g = Graph().parse(data=data, format="nt")
            if fmt == "trig":
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


def _store_location(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | str:
    # A SPARQL endpoint URL stays text: as a Path, "http://h" would become "http:/h".
    text = str(value) if value is not None else str(DEFAULT_STORE)
    return text if is_url(text) else Path(text)


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # --update-url and --gsp-url only matter to _open, so they reach it through the
    # context instead of through every command's signature.
    ctx.meta[f"sanctions_graph.{param.name}"] = value
    return value


def store_option(command):
    """--store (a folder or an endpoint URL), with --update-url and --gsp-url for endpoints."""
    command = click.option(
        "--gsp-url", expose_value=False, callback=_remember, metavar="URL",
        help="With --store URL: the Graph Store Protocol endpoint "
             "[default: /store beside the query URL, as on Oxigraph server].")(command)
    command = click.option(
        "--update-url", expose_value=False, callback=_remember, metavar="URL",
        help="With --store URL: the SPARQL Update endpoint "
             "[default: /update beside the query URL].")(command)
    return click.option(
        "--store", "store_path", default=str(DEFAULT_STORE), show_default=True,
        callback=_store_location,
        help="Folder of the embedded Oxigraph store, or a SPARQL endpoint URL "
             "(http://127.0.0.1:7878/query).")(command)


curation_option = click.option(
    "--curation", "curation_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of curation YAML files to apply  [default: curation/ beside the store].")


def _open(store_path: Path | str, *, read_only: bool = False,
          curation: Path | None = None) -> KnowledgeGraph:
    if is_url(store_path):
        meta = click.get_current_context().meta
        return KnowledgeGraph.open(store_path, read_only=read_only, curation=curation,
                                   update_url=meta.get("sanctions_graph.update_url"),
                                   gsp_url=meta.get("sanctions_graph.gsp_url"))
    assert isinstance(store_path, Path)
    if read_only and not store_path.exists():
        raise click.ClickException(
            f"no store at {store_path}; build one with 'sanctions-graph build' or pass --store")
    return KnowledgeGraph.open(store_path, read_only=read_only, create=not read_only,
                               curation=curation)


def _curation_notes(kg: KnowledgeGraph) -> None:
    result = kg.last_curation
    if result is None or result.folder is None:
        return
    for note in result.notes:
        click.echo(f"curation: {note}", err=True)
    if result.entries:
        click.echo(f"applied {result.entries} curation entr{'y' if result.entries == 1 else 'ies'}"
                   f" from {result.folder}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("exports"), show_default=True,
              help="Folder for sanctions.ttl and .html.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles without one.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
@curation_option
def build(paths, store_path: Path, exports_dir: Path, published: str | None,
          workers: int | None, curation_dir: Path | None) -> None:
    """The main job: articles (default seeds/) -> store -> exports/.

    Writes EXPORTS/sanctions.ttl (the asserted view) and EXPORTS/sanctions.html,
    after applying the curation files.

    Example: sanctions-graph build seeds/
    """
    paths = paths or (Path("seeds"),)
    check_articles(paths, published=_published(published))
    with _open(store_path, curation=curation_dir) as kg:
        kg.load_ontology()
        done = kg.ingest(paths, published=_published(published), workers=workers,
                         progress=_progress)
        _curation_notes(kg)
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
@click.option("--bulk", is_flag=True,
              help="PATHS are N-Quads shards (extract --format nquads): load them with the "
                   "bulk loader, fast but not transactional.")
@curation_option
def ingest(paths, store_path: Path | str, published: str | None, workers: int | None,
           bulk: bool, curation_dir: Path | None) -> None:
    """Extract articles into the store; each replaces its own named graph.

    The curation files are applied again afterwards. With --bulk, PATHS are
    N-Quads shards of already extracted articles (one named graph each), as
    `extract --format nquads` or a cluster job writes them; each shard
    replaces the graphs it holds.

    Example: sanctions-graph ingest new-articles/ --store sanctions-store
    """
    if bulk:
        with _open(store_path, curation=curation_dir) as kg:
            count = kg.ingest_bulk(paths, progress=_progress)
            _curation_notes(kg)
        click.echo(f"loaded {count} shard(s) into {store_path}", err=True)
        return
    # Every file is read and checked before the store is opened (or created).
    check_articles(paths, published=_published(published))
    with _open(store_path, curation=curation_dir) as kg:
        done = kg.ingest(paths, published=_published(published), workers=workers,
                         progress=_progress)
        _curation_notes(kg)
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
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Give up after this many seconds.")
@click.option("--limit-rows", "limit_rows", type=click.IntRange(min=0), default=DEFAULT_LIMIT_ROWS,
              show_default=True,
              help="Refuse answers with more rows (or triples) than this; 0 for no cap.")
@click.option("--allow-network", is_flag=True,
              help="Allow SERVICE, LOAD and remote FROM (off: queries never leave the machine).")
def query(sparql: str | None, store_path: Path, name: str | None, list_queries: bool,
          params: tuple[str, ...], fmt: str, timeout: float | None, limit_rows: int,
          allow_network: bool) -> None:
    """Run a SPARQL query (text, a .rq file, or --name) over all articles.

    Example: sanctions-graph query --name who-ordered-whom
    """
    if list_queries:
        for q in named_queries().values():
            click.echo(f"{q.name:22} {q.title}")
        return
    if name:
        malformed = [p for p in params if "=" not in p]
        if malformed:
            raise click.UsageError(
                f"--param {malformed[0]!r} has no value; write NAME=IRI, e.g. entity=id:china")
        values = dict(p.split("=", 1) for p in params)
        text = KnowledgeGraph.named_query(name, **values)
    elif sparql:
        text = resolve_query(sparql)
    else:
        raise click.UsageError("give a query, a .rq file or --name NAME (see --list)")
    with _open(store_path, read_only=True) as kg:
        click.echo(kg.query(text, fmt, timeout=timeout, allow_network=allow_network,
                            max_rows=limit_rows or None), nl=False)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="turtle",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write, - for stdout; for csv, the folder for nodes.csv and edges.csv.")
def export(store_path: Path, fmt: str, output: str) -> None:
    """Write the graph out in one of the export formats.

    trig and nquads: everything, named graphs kept. turtle, nt and jsonld: the
    asserted view (no ontology, no extraction bookkeeping, no retracted
    triples). graphml, gexf and csv: the entity network, for Gephi and
    Cytoscape; csv writes nodes.csv and edges.csv into the folder -o names.

    Example: sanctions-graph export --format trig -o exports/sanctions.trig
    """
    with _open(store_path, read_only=True) as kg:
        kg.export(fmt, output)


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(IMPORT_FORMATS)), default=None,
              help="RDF format of FILE  [default: from its suffix].")
def import_(file: Path, store_path: Path, fmt: str | None) -> None:
    """Load RDF from another tool into its own graph, graph:import/<file stem>.

    The file is checked against the SHACL shapes first, together with what it
    references in the store; a file that does not conform is refused and
    nothing is loaded. Importing the same file again replaces its graph.

    Example: sanctions-graph import corrections.ttl --store sanctions-store
    """
    with _open(store_path) as kg:
        result = kg.import_file(file, fmt)
    click.echo(f"imported {result.triples:,} triple(s) from {file} into <{result.graph}>",
               err=True)


@main.command()
@store_option
@curation_option
def curate(store_path: Path, curation_dir: Path | None) -> None:
    """Apply the curation files again, without re-extracting any article.

    Rebuilds graph:curation from CURATION/*.yaml; an entry deleted from the
    files is undone. build and ingest do the same after extracting.

    Example: sanctions-graph curate --curation curation/
    """
    with _open(store_path, curation=curation_dir) as kg:
        result = kg.apply_curation()
        _curation_notes(kg)
    click.echo(f"graph:curation holds {result.triples:,} triple(s) from {result.entries} "
               f"entr{'y' if result.entries == 1 else 'ies'}", err=True)


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


@main.command()
@store_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on; loopback only, unless --allow-remote.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--allow-remote", is_flag=True,
              help="Allow a --host other machines can reach (the server has no authentication).")
@click.option("--timeout", type=click.IntRange(min=1), default=None,
              help="Stop queries that run longer than this many seconds.")
@click.option("--page", "page_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("exports") / "query.html", show_default=True,
              help="Where to write the query page (open it from disk).")
@click.option("--no-page", is_flag=True,
              help="Write no query page, and refuse cross-origin requests, which only the "
                   "page needs.")
@click.option("--allow-network", is_flag=True,
              help="Let SPARQL SERVICE calls reach other endpoints (refused by default).")
@click.option("--cache-mb", type=click.IntRange(min=0), default=DEFAULT_CACHE_MB,
              show_default=True,
              help="Memory for answers kept to answer a repeated query at once (0: no cache).")
@click.option("--max-answer-mb", type=click.IntRange(min=0), default=DEFAULT_MAX_ANSWER_MB,
              show_default=True,
              help="Refuse, with an error, to send an answer larger than this (0: no limit).")
def serve(store_path: Path, host: str, port: int, allow_remote: bool, timeout: int | None,
          page_path: Path, no_page: bool, allow_network: bool, cache_mb: int,
          max_answer_mb: int) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a query page.

    Runs Oxigraph's own server (endpoint at /query) with all articles' graphs
    as the default graph, until Ctrl-C, and writes a query page (YASGUI from
    the server, one tab per named query) that sends nothing off the machine.
    The server cannot open connections, so SERVICE calls fail, unless
    --allow-network. The store cannot change while it is served, so a query
    asked again is answered from memory (--cache-mb); answers over
    --max-answer-mb are refused with an error.

    Example: sanctions-graph serve --store sanctions-store --port 7878
    """
    import signal

    from .serve import Server, write_query_page

    if is_url(store_path):
        raise click.UsageError(f"{store_path} is already a SPARQL endpoint; serve takes a store "
                               "folder (--store PATH)")

    # SIGTERM stops the server as cleanly as Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with Server(store_path, host, port, allow_remote=allow_remote, timeout=timeout,
                    allow_network=allow_network, cors=not no_page, cache_mb=cache_mb,
                    max_answer_mb=max_answer_mb, log=sys.stderr) as server:
            click.echo(f"serving {store_path} read-only at {server.endpoint} "
                       "(SPARQL 1.1 Protocol); Ctrl-C stops", err=True)
            if cache_mb:
                click.echo(f"repeated queries are answered from memory (up to {cache_mb} MB; "
                           "--cache-mb 0 turns that off)", err=True)
            if not no_page:
                try:
                    page_path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise click.ClickException(
                        f"cannot write the query page to {page_path}: "
                        f"{error.strerror or error}; pass another --page, or --no-page"
                    ) from None
                page = write_query_page(page_path, server.url, title=str(store_path))
                click.echo(f"query page: {page.resolve().as_uri()}", err=True)
            code = server.wait()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    raise click.ClickException(f"the server stopped by itself (exit code {code})")


if __name__ == "__main__":
    sys.exit(main())
