"""Load test: many clients sending the named queries to the served endpoint.

Starts the store's SPARQL endpoint the way `sanctions-graph serve` does
(sanctions_graph.serve.Server: `oxigraph serve-read-only` on a free loopback
port), then runs CLIENTS concurrent clients for SECONDS seconds. Each client
keeps one HTTP/1.1 connection open and sends the named queries from
ontology/queries/ in turn (each client starts at a different one), reading
every answer to the end. Then it stops the server and prints throughput,
latency percentiles and errors, overall and per query.

    .venv/bin/python benchmarks/load_test.py --store sanctions-store --seconds 20

The clients are Python threads in this one process; on a small machine they
compete with the server for the CPUs, so the figures are a lower bound of
what the server can do. The run is bounded: it stops sending at SECONDS
(at most 600) and waits at most --request-timeout for answers in flight.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from sanctions_graph.query import named_queries
from sanctions_graph.serve import Server

MAX_SECONDS = 600


@dataclass
class Tally:
    """What one client saw: latencies (seconds) by query, and errors by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    bytes: int = 0


def client(number: int, endpoint: str, queries: list[tuple[str, str]], deadline: list[float],
           request_timeout: float, start: threading.Barrier, tally: Tally) -> None:
    url = urlparse(endpoint)
    connection: http.client.HTTPConnection | None = None
    headers = {
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": "application/sparql-results+json",
    }
    start.wait()
    stop_at = deadline[0]  # set by the main thread before it passed the barrier
    i = number
    while time.monotonic() < stop_at:
        name, sparql = queries[i % len(queries)]
        i += 1
        began = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(url.hostname, url.port,
                                                        timeout=request_timeout)
            connection.request("POST", url.path, body=sparql.encode("utf-8"), headers=headers)
            response = connection.getresponse()
            body = response.read()
            took = time.monotonic() - began
            if response.status != 200:
                tally.errors[f"HTTP {response.status} ({name})"] += 1
                continue
            json.loads(body)  # a whole, well-formed answer
            tally.latencies[name].append(took)
            tally.bytes += len(body)
        except (OSError, http.client.HTTPException, ValueError) as error:
            tally.errors[f"{type(error).__name__} ({name})"] += 1
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None:
        connection.close()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values`` (q in 0..100)."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(q / 100 * len(values) + 0.5)))
    return values[rank - 1]


def run(store: Path, seconds: float, clients: int, request_timeout: float) -> dict:
    queries = [(q.name, q.sparql) for q in named_queries().values()]
    if not queries:
        raise SystemExit("no named queries in ontology/queries/")
    with Server(store, port=0) as server:
        tallies = [Tally() for _ in range(clients)]
        start = threading.Barrier(clients + 1)
        # The clock starts when every client is ready at the barrier.
        deadline = [0.0]
        threads = [
            threading.Thread(
                target=client,
                args=(n, server.endpoint, queries, deadline, request_timeout, start, tallies[n]),
                name=f"client-{n}", daemon=True,
            )
            for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        began = time.monotonic()
        deadline[0] = began + seconds
        start.wait()
        for thread in threads:
            thread.join(seconds + request_timeout + 5)
        elapsed = time.monotonic() - began
        stuck = sum(thread.is_alive() for thread in threads)
        endpoint = server.endpoint

    by_query: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for tally in tallies:
        for name, values in tally.latencies.items():
            by_query[name].extend(values)
        errors.update(tally.errors)
    every = sorted(v for values in by_query.values() for v in values)
    return {
        "endpoint": endpoint,
        "store": str(store),
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(every),
        "throughput_per_s": round(len(every) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(every, 50) * 1000, 1),
        "p99_ms": round(percentile(every, 99) * 1000, 1),
        "max_ms": round(every[-1] * 1000, 1) if every else None,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors.most_common()),
        "clients_still_running": stuck,
        "bytes": sum(t.bytes for t in tallies),
        "queries": {
            name: {
                "requests": len(values),
                "p50_ms": round(percentile(sorted(values), 50) * 1000, 1),
                "p99_ms": round(percentile(sorted(values), 99) * 1000, 1),
            }
            for name, values in sorted(by_query.items())
        },
    }


def report(figures: dict) -> str:
    lines = [
        f"{figures['clients']} clients, {figures['seconds']} s against {figures['endpoint']} "
        f"({figures['store']})",
        f"requests    {figures['requests']:>10,}",
        f"throughput  {figures['throughput_per_s']:>10,.1f} queries/s",
        f"p50         {figures['p50_ms']:>10,.1f} ms",
        f"p99         {figures['p99_ms']:>10,.1f} ms",
        f"max         {figures['max_ms'] or 0:>10,.1f} ms",
        f"errors      {figures['errors']:>10,}",
    ]
    for kind, n in figures["error_kinds"].items():
        lines.append(f"  {n:>8,}  {kind}")
    lines.append("")
    lines.append(f"{'query':22} {'requests':>9} {'p50 ms':>9} {'p99 ms':>9}")
    for name, q in figures["queries"].items():
        lines.append(f"{name:22} {q['requests']:>9,} {q['p50_ms']:>9,.1f} {q['p99_ms']:>9,.1f}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("sanctions-store"),
                        help="store folder (default: sanctions-store)")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help=f"how long to send queries (default 60, at most {MAX_SECONDS})")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--request-timeout", type=float, default=30.0,
                        help="give up on one answer after this many seconds (default 30)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be more than 0 and at most {MAX_SECONDS}")
    if args.clients < 1:
        parser.error("--clients must be 1 or more")
    figures = run(args.store, args.seconds, args.clients, args.request_timeout)
    sys.stdout.write(json.dumps(figures, indent=2) + "\n" if args.json else report(figures))
    return 1 if figures["errors"] or figures["clients_still_running"] else 0


if __name__ == "__main__":
    sys.exit(main())
