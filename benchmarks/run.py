"""Benchmarks: one table of medians, against rdflib measured in the same run.

    python benchmarks/run.py --quick          # 10k triples, few articles, 1 repeat: < 1 min
    python benchmarks/run.py --size 1M        # the full run (see benchmarks/README.md)
    python benchmarks/run.py --size 10M --only bulk,queries,export --no-rdflib

Every scenario runs in a subprocess of its own, so that its peak memory
(``ru_maxrss``) is its own. Timings are medians of ``--repeat`` runs. The
machine is shared: compare the ratios, which are measured side by side,
rather than absolute times across runs.

Graphs come from ``generate.py`` (model objects through
``sanctions_graph.build.extraction_graph``), articles for the extraction
benchmark from its templates; generated data is cached in ``--work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from sanctions_graph.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SCENARIOS = ["bulk", "turtle", "queries", "entity", "export", "incremental", "memory",
             "extract", "view"]
ENTITY_QUERIES = ("entity-profile", "relation-sources")


# ---------------------------------------------------------------- helpers (in the subprocess)


def timed(work: Callable[[], Any], repeat: int, enough: float | None = None,
          setup: Callable[[], Any] | None = None) -> tuple[float, list[float], Any]:
    """(median seconds, every run, last result) of ``repeat`` runs of ``work``.

    With ``enough``, a run that takes longer than that many seconds is the last
    (the rdflib baselines at a million triples: one slow run is enough to compare).
    ``setup`` runs before each run, untimed.
    """
    times, result = [], None
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
        if enough is not None and times[-1] > enough:
            break
    return statistics.median(times), times, result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def worker_peak() -> Iterator[list[float]]:
    """The peak resident memory (MB) of the Turtle writer's worker processes,
    sampled from /proc every 5 ms while the block runs (Linux; 0 elsewhere).

    Not ``RUSAGE_CHILDREN``: Linux counts a child's memory from before its
    exec, the parent's image, into its ``ru_maxrss``.
    """
    from sanctions_graph import turtle_writer

    peak = [0.0]
    pids: list[int] = []
    start = turtle_writer._Worker.start

    def recorded(*args: Any) -> Any:
        worker = start(*args)
        if worker is not None:
            pids.append(worker._proc.pid)
        return worker

    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.005):
            for pid in pids:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmRSS:"):
                        peak[0] = max(peak[0], int(line.split()[1]) / 1024)

    turtle_writer._Worker.start = staticmethod(recorded)  # type: ignore[method-assign]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()
        turtle_writer._Worker.start = start  # type: ignore[method-assign]


class Timeout(Exception):
    pass


def with_timeout(work: Callable[[], Any], seconds: float) -> Any:
    """Run pure-Python work (rdflib) with a SIGALRM deadline; Timeout past it."""

    def alarm(signum, frame):
        raise Timeout()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def store_folder(work: Path, size: str) -> Path:
    return work / f"store-{size}"


def shard_folder(work: Path, size: str) -> Path:
    return work / f"graph-{size}"


def manifest(work: Path, size: str) -> dict:
    return json.loads((shard_folder(work, size) / "manifest.json").read_text())


def named(default_params: bool = True) -> dict[str, str]:
    from sanctions_graph.query import named_queries

    return {name: q.bind() for name, q in named_queries().items()}


def entity_samples(store) -> tuple[list[str], list[dict[str, str]]]:
    """A spread of entities (popular to rare) and of (subject, predicate, object) relations."""
    u = generate.universe()
    picks = [u.states[0], u.states[3], u.states[9], u.banks[0], u.banks[40], u.banks[600],
             u.companies[0], u.companies[150], u.companies[3000], u.officials[20],
             u.ministries[5]]
    entities = [f"id:{p.key}" for p in picks]
    _, rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } "
        "LIMIT 2000"
    )
    step = max(1, len(rows) // 10)
    relations = [{"subject": f"<{s}>", "predicate": f"<{p}>", "object": f"<{o}>"}
                 for s, p, o in rows[::step][:10]]
    return entities, relations


def entity_queries(entities: list[str], relations: list[dict[str, str]]) -> list[tuple[str, str]]:
    from sanctions_graph.query import named_queries

    queries = named_queries()
    out = [("entity-profile", queries["entity-profile"].bind({"entity": e})) for e in entities]
    out += [("relation-sources", queries["relation-sources"].bind(r)) for r in relations]
    return out


def rdflib_dataset(work: Path, size: str):
    """The same data in rdflib: every article graph, the ontology and reference graphs,
    with the union of the named graphs as the default graph."""
    from rdflib import Dataset

    from sanctions_graph.namespace import ONTOLOGY_GRAPH, REFERENCE_GRAPH
    from sanctions_graph.paths import ONTOLOGY_FILE, REFERENCE_FILE, ontology_dir

    ds = Dataset(default_union=True)
    for shard in generate.shards(shard_folder(work, size)):
        ds.parse(shard, format="nquads")
    for iri, name in ((ONTOLOGY_GRAPH, ONTOLOGY_FILE), (REFERENCE_GRAPH, REFERENCE_FILE)):
        ds.graph(iri).parse(ontology_dir() / name, format="turtle")
    return ds


# ---------------------------------------------------------------- scenarios (in the subprocess)


def scenario_bulk(work: Path, size: str, repeat: int, **_: Any) -> dict:
    """ingest --bulk into a fresh on-disk store; the last one stays for the other scenarios."""
    from sanctions_graph.graph import KnowledgeGraph

    shards = generate.shards(shard_folder(work, size))
    quads = manifest(work, size)["quads"]
    target = store_folder(work, size)

    def fresh() -> None:
        shutil.rmtree(target, ignore_errors=True)

    def load() -> None:
        with KnowledgeGraph.open(target, curation=work / "no-curation") as kg:
            kg.ingest_bulk(shards)

    # Deleting the last run's store and counting the quads (a full scan) are
    # not part of the ingest.
    median, times, _ = timed(load, repeat, setup=fresh)
    with KnowledgeGraph.open(target, curation=work / "no-curation") as kg:
        total = len(kg.store)
    return {"seconds": median, "runs": times, "quads": quads, "store_quads": total,
            "triples_per_s": quads / median}


def scenario_turtle_file(work: Path, size: str, **_: Any) -> dict:
    """The Turtle file both engines load: the union graph, written by Store.dump_to."""
    from sanctions_graph.store import Store

    path = work / f"union-{size}.ttl"
    with Store.open(store_folder(work, size), read_only=True) as store:
        store.dump_to(path, "turtle")
    return {"path": str(path), "bytes": path.stat().st_size}


def scenario_turtle_ours(work: Path, size: str, repeat: int, **_: Any) -> dict:
    from sanctions_graph.store import Store

    source = work / f"union-{size}.ttl"
    target = work / f"turtle-load-{size}"
    out = work / f"turtle-write-{size}.ttl"

    def load() -> None:
        shutil.rmtree(target, ignore_errors=True)
        with Store.open(target) as store:
            store.bulk_load(source, "turtle", replace=False)

    load_s, load_runs, _ = timed(load, repeat)
    with Store.open(target, read_only=True) as store, worker_peak() as worker:
        write_s, write_runs, _ = timed(lambda: store.dump_to(out, "turtle"), repeat)
        triples = len(store)
    shutil.rmtree(target, ignore_errors=True)
    return {"load": load_s, "load_runs": load_runs, "write": write_s, "write_runs": write_runs,
            "triples": triples, "worker_peak_mb": worker[0]}


def scenario_turtle_rdflib(work: Path, size: str, repeat: int, timeout: float, **_: Any) -> dict:
    from rdflib import Graph

    source = work / f"union-{size}.ttl"
    out = work / f"turtle-write-rdflib-{size}.ttl"
    graphs: list[Graph] = []

    def load() -> None:
        graphs[:] = [Graph().parse(source, format="turtle")]

    try:
        load_s, load_runs, _ = timed(lambda: with_timeout(load, timeout), repeat, enough=10)
        write_s, write_runs, _ = timed(
            lambda: with_timeout(lambda: graphs[0].serialize(out, format="turtle"), timeout),
            repeat, enough=10)
    except Timeout:
        return {"timeout": timeout}
    return {"load": load_s, "load_runs": load_runs, "write": write_s, "write_runs": write_runs,
            "triples": len(graphs[0])}


def scenario_queries_ours(work: Path, size: str, repeat: int, **_: Any) -> dict:
    from sanctions_graph.store import Store

    out: dict[str, Any] = {}
    with Store.open(store_folder(work, size), read_only=True) as store:
        for name, sparql in named().items():
            store.results(sparql)  # warm the caches once, as a running service would be
            median, times, results = timed(lambda s=sparql: store.results(s), repeat)
            out[name] = {"seconds": median, "runs": times, "rows": len(results.rows)}
    return out


def scenario_queries_rdflib(work: Path, size: str, repeat: int, timeout: float,
                            entity_list: list, relation_list: list, **_: Any) -> dict:
    start = time.perf_counter()
    ds = rdflib_dataset(work, size)
    out: dict[str, Any] = {"_load_seconds": time.perf_counter() - start}
    for name, sparql in named().items():
        times: list[float] = []
        rows = None
        try:
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = with_timeout(lambda s=sparql: len(list(ds.query(s))), timeout)
                times.append(time.perf_counter() - t0)
                if times[-1] > 10:  # one slow run is enough to compare
                    break
        except Timeout:
            out[name] = {"timeout": timeout}
            continue
        out[name] = {"seconds": statistics.median(times), "runs": times, "rows": rows}
    # Each entity query once, with a deadline of its own (a tenth of the
    # timeout): a run past it counts as the deadline, so the p50 is a floor.
    latencies: dict[str, list[float]] = {q: [] for q in ENTITY_QUERIES}
    late: dict[str, int] = {q: 0 for q in ENTITY_QUERIES}
    each = timeout / 10
    for name, sparql in entity_queries(entity_list, relation_list):
        t0 = time.perf_counter()
        try:
            with_timeout(lambda s=sparql: list(ds.query(s)), each)
            latencies[name].append(time.perf_counter() - t0)
        except Timeout:
            latencies[name].append(each)
            late[name] += 1
    out["_entity"] = {q: {"seconds": statistics.median(v), "late": late[q], "runs": len(v),
                          "deadline": each} if v else None for q, v in latencies.items()}
    return out


def scenario_entity(work: Path, size: str, repeat: int, **_: Any) -> dict:
    from sanctions_graph.store import Store

    with Store.open(store_folder(work, size), read_only=True) as store:
        entities, relations = entity_samples(store)
        latencies: dict[str, list[float]] = {q: [] for q in ENTITY_QUERIES}
        rows: dict[str, list[int]] = {q: [] for q in ENTITY_QUERIES}
        for name, sparql in entity_queries(entities, relations):
            store.results(sparql)
            for _ in range(max(repeat, 3)):
                t0 = time.perf_counter()
                result = store.results(sparql)
                latencies[name].append(time.perf_counter() - t0)
            rows[name].append(len(result.rows))
    return {
        "p50": {q: statistics.median(v) for q, v in latencies.items()},
        "max": {q: max(v) for q, v in latencies.items()},
        "rows": rows, "entities": entities, "relations": relations,
    }


def scenario_export(work: Path, size: str, repeat: int, **_: Any) -> dict:
    from sanctions_graph.export import export
    from sanctions_graph.store import Store

    out = work / f"export-{size}.ttl"
    with Store.open(store_folder(work, size), read_only=True) as store, worker_peak() as worker:
        median, times, _ = timed(lambda: export(store, "turtle", out), repeat)
    return {"seconds": median, "runs": times, "bytes": out.stat().st_size,
            "worker_peak_mb": worker[0]}


def scenario_incremental(work: Path, size: str, repeat: int, **_: Any) -> dict:
    """Store work of `ingest` for one already extracted article: ontology check,
    replace_graph, curation. New articles and re-ingested ones."""
    from sanctions_graph.graph import KnowledgeGraph
    from sanctions_graph.namespace import ONTOLOGY_GRAPH

    articles = manifest(work, size)["articles"]
    indexes = [articles + n for n in range(5)] + [n * max(1, articles // 5) for n in range(5)]
    data = [(str(g.identifier), g.serialize(format="nt", encoding="utf-8"))
            for g in (generate.article_graph(i) for i in indexes)]
    times = []
    with KnowledgeGraph.open(store_folder(work, size), curation=work / "no-curation") as kg:
        for _ in range(repeat):
            for iri, nt in data:
                t0 = time.perf_counter()
                kg.store.has_graph(str(ONTOLOGY_GRAPH))
                kg.store.replace_graph(iri, nt, format="nt")
                kg.apply_curation()
                times.append(time.perf_counter() - t0)
        for iri, _ in data[:5]:  # leave the store as bulk ingest made it
            kg.store.remove_graph(iri)
    return {"ms_p50": statistics.median(times) * 1000, "ms_max": max(times) * 1000,
            "triples_per_article": statistics.median(nt.count(b"\n") for _, nt in data)}


def scenario_memory(work: Path, size: str, **_: Any) -> dict:
    """Build (bulk ingest) + every named query + Turtle export, in one process."""
    from sanctions_graph.export import export
    from sanctions_graph.graph import KnowledgeGraph

    target = work / f"memory-store-{size}"
    shutil.rmtree(target, ignore_errors=True)
    t0 = time.perf_counter()
    with KnowledgeGraph.open(target, curation=work / "no-curation") as kg:
        kg.ingest_bulk(generate.shards(shard_folder(work, size)))
        after_build = peak_mb()
        for sparql in named().values():
            kg.store.results(sparql)
        after_queries = peak_mb()
        with worker_peak() as worker:
            export(kg.store, "turtle", work / f"memory-export-{size}.ttl")
    seconds = time.perf_counter() - t0
    shutil.rmtree(target, ignore_errors=True)
    return {"seconds": seconds, "after_build_mb": after_build, "after_queries_mb": after_queries,
            "worker_peak_mb": worker[0]}


def scenario_extract_spacy(work: Path, articles: int, repeat: int, **_: Any) -> dict:
    from sanctions_graph.extract.nlp import pipeline

    texts = [p.read_text(encoding="utf-8") for p in article_files(work, articles)]
    nlp = pipeline()
    list(nlp.pipe(texts[:2]))  # load everything first
    median, times, _ = timed(lambda: list(nlp.pipe(texts, batch_size=16)), repeat)
    return {"seconds": median, "runs": times, "articles": len(texts)}


def scenario_extract_ours(work: Path, articles: int, repeat: int, workers: int, **_: Any) -> dict:
    from sanctions_graph.build import measure_classes
    from sanctions_graph.extract.nlp import pipeline
    from sanctions_graph.pipeline import extract_paths
    from sanctions_graph.resolve import reference_kb

    paths = article_files(work, articles)
    if workers == 1:  # the workers load their own, as part of the run
        pipeline()
        reference_kb()
        measure_classes()
        list(extract_paths(paths[:2], workers=1))
    median, times, result = timed(lambda: list(extract_paths(paths, workers=workers)), repeat)
    return {"seconds": median, "runs": times, "articles": len(paths),
            "triples": sum(data.count(b"\n") for _, data in result)}


def article_files(work: Path, count: int) -> list[Path]:
    folder = work / f"articles-{count}"
    paths = sorted(folder.glob("*.txt"))
    if len(paths) != count:
        shutil.rmtree(folder, ignore_errors=True)
        paths = generate.write_articles(folder, count)
    return paths


def scenario_view(work: Path, nodes: int, repeat: int, **_: Any) -> dict:
    """Render a generated graph of about ``nodes`` nodes; time Chromium to window.networkReady."""
    from playwright.sync_api import sync_playwright
    from rdflib import Graph

    from sanctions_graph.render import MAX_NODES, network_from_graph, write_html

    def network_for(articles: int):
        union = Graph()
        for g in generate.iter_article_graphs(articles, first=10_000_000):
            for triple in g:
                union.add(triple)
        net = network_from_graph(union)
        net.remove_nodes_from([n for n, d in list(net.degree()) if d == 0])
        return net

    wanted = min(nodes, int(MAX_NODES * 0.98))  # "20k" is the page's limit: stay under it
    articles = max(1, wanted // 12)
    net = network_for(articles)
    for _ in range(3):  # nodes per article fall as entities repeat: adjust
        if abs(net.number_of_nodes() - wanted) / wanted < 0.05:
            break
        articles = max(1, round(articles * wanted / net.number_of_nodes()))
        net = network_for(articles)
    page = work / f"view-{nodes}.html"
    t0 = time.perf_counter()
    write_html(net, page, title=f"{net.number_of_nodes()} nodes")
    render_s = time.perf_counter() - t0
    times, in_page = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            tab = context.new_page()
            t0 = time.perf_counter()
            tab.goto(page.as_uri())
            tab.wait_for_function("window.networkReady === true", timeout=300_000)
            times.append(time.perf_counter() - t0)
            in_page.append(tab.evaluate("window.sgReadyMs") / 1000)
            context.close()
        browser.close()
    return {"nodes": net.number_of_nodes(), "edges": net.number_of_edges(),
            "render_s": render_s, "seconds": statistics.median(times), "runs": times,
            "in_page_s": statistics.median(in_page), "bytes": page.stat().st_size}


FUNCTIONS: dict[str, Callable[..., dict]] = {
    name[len("scenario_"):]: fn for name, fn in globals().items() if name.startswith("scenario_")
}


# ---------------------------------------------------------------- orchestration


def run_scenario(name: str, **kwargs: Any) -> dict:
    """One scenario in a fresh interpreter; its JSON result plus its peak memory."""
    args = json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in kwargs.items()})
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--scenario", name, "--args", args],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "?"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["_wall"] = time.perf_counter() - started
    print(f"  {name}: {time.perf_counter() - started:.1f} s, peak {result['peak_mb']:.0f} MB",
          file=sys.stderr, flush=True)
    return result


def child(name: str, args: str) -> None:
    kwargs = json.loads(args)
    if "work" in kwargs:
        kwargs["work"] = Path(kwargs["work"])
    result = FUNCTIONS[name](**kwargs)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def ratio(ours: float | None, theirs: dict | float | None, timeout: float) -> str:
    if ours is None:
        return "–"
    if isinstance(theirs, dict) and "timeout" in theirs:
        return f"> {timeout / ours:,.0f}x"
    if isinstance(theirs, dict):
        theirs = theirs.get("seconds")
    if not theirs:
        return "–"
    return f"{theirs / ours:,.1f}x"


def machine() -> str:
    load = os.getloadavg()
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores (shared; load "
            f"{load[0]:.1f} at the start); Python {platform.python_version()}; pyoxigraph "
            f"{metadata.version('pyoxigraph')}; rdflib {metadata.version('rdflib')}; spaCy "
            f"{metadata.version('spacy')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1M", help="10k, 100k, 1M, 10M (triples, approximate)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="10k triples, 24 articles, 1 repeat, views of 1k and 5k nodes")
    parser.add_argument("--articles", type=int, default=96, help="articles for the extraction runs")
    parser.add_argument("--views", default="1000,5000,20000", help="node counts of the view runs")
    parser.add_argument("--only", default=",".join(SCENARIOS),
                        help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baselines")
    parser.add_argument("--rdflib-timeout", type=float, default=300.0,
                        help="seconds before an rdflib run counts as 'more than'")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sanctions-graph-bench"))
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario:
        child(args.scenario, args.args)
        return 0
    if args.quick:
        args.size, args.repeat, args.articles, args.views = "10k", 1, 24, "1000,5000"
        args.rdflib_timeout = min(args.rdflib_timeout, 30.0)
    only = set(args.only.split(","))
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    size, repeat, timeout = args.size, args.repeat, args.rdflib_timeout
    common = {"work": work, "size": size, "repeat": repeat, "timeout": timeout}
    results: dict[str, Any] = {"machine": machine(), "size": size, "repeat": repeat}
    print(f"# {results['machine']}", file=sys.stderr)

    graph_dir = shard_folder(work, size)
    if not (graph_dir / "manifest.json").exists():
        t0 = time.perf_counter()
        generate.write_graph(graph_dir, generate.parse_size(size))
        print(f"  generated {size} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    results["graph"] = manifest(work, size)

    needs_store = only & {"turtle", "queries", "entity", "export", "incremental"}
    if "bulk" in only or (needs_store and not store_folder(work, size).exists()):
        results["bulk"] = run_scenario("bulk", **common)
    if "turtle" in only:
        run_scenario("turtle_file", **common)
        results["turtle_ours"] = run_scenario("turtle_ours", **common)
        if not args.no_rdflib:
            results["turtle_rdflib"] = run_scenario("turtle_rdflib", **common)
    if "queries" in only:
        results["queries_ours"] = run_scenario("queries_ours", **common)
    if "entity" in only:
        results["entity"] = run_scenario("entity", **common)
    if ("queries" in only or "entity" in only) and not args.no_rdflib:
        entity = results.get("entity", {})
        results["queries_rdflib"] = run_scenario(
            "queries_rdflib", **common, entity_list=entity.get("entities", [])[:5],
            relation_list=entity.get("relations", [])[:5])
    if "export" in only:
        results["export"] = run_scenario("export", **common)
    if "incremental" in only:
        results["incremental"] = run_scenario("incremental", **common)
    if "memory" in only:
        results["memory"] = run_scenario("memory", **common)
    if "extract" in only:
        ex = {"work": work, "articles": args.articles, "repeat": repeat}
        results["extract_spacy"] = run_scenario("extract_spacy", **ex)
        results["extract_1"] = run_scenario("extract_ours", **ex, workers=1)
        results["extract_2"] = run_scenario("extract_ours", **ex, workers=2)
    if "view" in only:
        for nodes in [int(n) for n in args.views.split(",") if n]:
            results[f"view_{nodes}"] = run_scenario("view", work=work, nodes=nodes,
                                                    repeat=repeat)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results, timeout))
    return 0


def table(r: dict[str, Any], timeout: float) -> str:
    """The results as one Markdown table."""
    g = r["graph"]
    rows: list[tuple[str, str, str, str, str]] = []

    def add(what: str, ours: str, theirs: str = "–", rat: str = "–", note: str = "") -> None:
        rows.append((what, ours, theirs, rat, note))

    def mb(key: str) -> str:
        if key not in r or "peak_mb" not in r[key]:
            return ""
        worker = r[key].get("worker_peak_mb", 0)
        extra = f" (+ {worker:,.0f} MB in the Turtle worker)" if worker >= 1 else ""
        return f"peak {r[key]['peak_mb']:,.0f} MB{extra}"

    if "bulk" in r and "seconds" in r["bulk"]:
        b = r["bulk"]
        add("bulk ingest (`ingest --bulk`, on-disk store)", fmt_s(b["seconds"]),
            note=f"**{b['triples_per_s']:,.0f} triples/s**; {mb('bulk')}")
    if "turtle_ours" in r and "load" in r["turtle_ours"]:
        o, t = r["turtle_ours"], r.get("turtle_rdflib", {})
        add(f"Turtle load ({o['triples']:,} triples)", fmt_s(o["load"]),
            fmt_s(t.get("load")) if "load" in t else (f"> {timeout:.0f} s" if t else "–"),
            ratio(o["load"], {"seconds": t["load"]} if "load" in t else t or None, timeout),
            f"ours {mb('turtle_ours')}; rdflib {mb('turtle_rdflib')}")
        add("Turtle write (union graph, sorted)", fmt_s(o["write"]),
            fmt_s(t.get("write")) if "write" in t else "–",
            ratio(o["write"], {"seconds": t["write"]} if "write" in t else t or None, timeout))
    if "queries_ours" in r:
        theirs = r.get("queries_rdflib", {})
        for name, q in r["queries_ours"].items():
            if name == "peak_mb" or name.startswith("_"):
                continue
            t = theirs.get(name, {})
            same = "" if not t or "rows" not in t else (
                "same rows" if t["rows"] == q["rows"] else f"rdflib {t['rows']} rows")
            add(f"query `{name}`", fmt_s(q["seconds"]),
                fmt_s(t.get("seconds")) if "seconds" in t else (f"> {timeout:.0f} s" if t else "–"),
                ratio(q["seconds"], t or None, timeout), f"{q['rows']:,} rows; {same}".rstrip("; "))
        if "_load_seconds" in theirs:
            add("rdflib: load the N-Quads shards into a Dataset", "–",
                fmt_s(theirs["_load_seconds"]), note=mb("queries_rdflib"))
    if "entity" in r and "p50" in r["entity"]:
        e = r["entity"]
        theirs = r.get("queries_rdflib", {}).get("_entity", {})
        for name in ENTITY_QUERIES:
            t = theirs.get(name) or {}
            floor = ">= " if t.get("late") and t["late"] * 2 >= t["runs"] else ""
            note = f"max {fmt_s(e['max'][name])}"
            if t:
                note += (f"; rdflib: {t['runs']} values, {t['late']} past "
                         f"{t['deadline']:.0f} s (counted as {t['deadline']:.0f} s)")
            add(f"entity-focused `{name}` p50 ({len(e['rows'][name])} values)",
                fmt_s(e["p50"][name]), floor + fmt_s(t.get("seconds")) if t else "–",
                (floor + ratio(e["p50"][name], t.get("seconds"), timeout)) if t else "–", note)
    if "export" in r and "seconds" in r["export"]:
        add("export Turtle (asserted view)", fmt_s(r["export"]["seconds"]),
            note=f"{r['export']['bytes'] / 1e6:,.1f} MB; {mb('export')}")
    if "incremental" in r and "ms_p50" in r["incremental"]:
        i = r["incremental"]
        add("incremental ingest of one article, beyond extraction",
            fmt_s(i["ms_p50"] / 1000),
            note=f"p50 of {i['triples_per_article']:.0f}-triple articles, max "
                 f"{fmt_s(i['ms_max'] / 1000)}")
    if "memory" in r and "peak_mb" in r["memory"]:
        m = r["memory"]
        worker = m.get("worker_peak_mb", 0)
        add("peak memory: build + every named query + Turtle export",
            f"{m['peak_mb'] + worker:,.0f} MB",
            note=(f"this process {m['peak_mb']:,.0f} MB, the Turtle worker {worker:,.0f} MB; "
                  if worker >= 1 else "no Turtle worker (too small to split); ")
                 + f"after build {m['after_build_mb']:,.0f} MB, after queries "
                 f"{m['after_queries_mb']:,.0f} MB; {fmt_s(m['seconds'])} in all")
    if "extract_spacy" in r and "seconds" in r.get("extract_1", {}):
        s, one, two = r["extract_spacy"], r["extract_1"], r.get("extract_2", {})
        n = s["articles"]
        add(f"extraction, {n} articles: bare spaCy `nlp.pipe`", f"{n / s['seconds']:.1f} art/s",
            note=mb("extract_spacy"))
        add("extraction: ours, 1 process (vs bare spaCy)", f"{n / one['seconds']:.1f} art/s",
            rat=f"{s['seconds'] / one['seconds']:.2f}x of spaCy",
            note=f"{one['triples']:,} triples; {mb('extract_1')}")
        if "seconds" in two:
            add("extraction: ours, 2 processes (vs 1)", f"{n / two['seconds']:.1f} art/s",
                rat=f"{one['seconds'] / two['seconds']:.2f}x of 1 process",
                note="includes starting the workers and loading spaCy in each")
    for key in sorted((k for k in r if k.startswith("view_")), key=lambda k: int(k[5:])):
        v = r[key]
        if "seconds" in v:
            add(f"network view, {v['nodes']:,} nodes / {v['edges']:,} edges: open to "
                "`networkReady`", fmt_s(v["seconds"]),
                note=f"in page {fmt_s(v['in_page_s'])}; render (Python) {fmt_s(v['render_s'])}; "
                     f"{v['bytes'] / 1e6:.1f} MB HTML")
    lines = [
        f"Graph: {g['quads']:,} quads in {g['articles']:,} article graphs "
        f"({len(g['shards'])} shards); median of {r['repeat']} run(s). {r['machine']}.",
        "",
        "| scenario | ours (pyoxigraph) | rdflib | rdflib / ours | notes |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
