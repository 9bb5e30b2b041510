"""Load test: many clients sending the named queries to the served endpoint.

Starts the store's SPARQL endpoint the way `sanctions-graph serve` does
(sanctions_graph.serve.Server: `oxigraph serve-read-only` behind the front
that keeps answers, --cache-mb as serve's, on free loopback ports), then:

1. Runs each named query alone, one after the other, on one connection to
   Oxigraph's server itself (not through the front, so uncached): one
   warm-up run, whose answer is parsed as SPARQL JSON to count its rows, then
   at least --alone-runs timed runs (more, up to 200, while the query has
   used less than 1 s), with the server's CPU time per run (from /proc).
   This is what each query costs with no other load, and it warms the
   store's caches (not the front's: the load phase starts with it empty).
   The phase stops timing after 120 s in all (the warm-ups still run, each
   waited for at most --request-timeout).
2. Runs CLIENTS concurrent clients for SECONDS seconds. Each client keeps one
   HTTP/1.1 keep-alive connection and sends the named queries from
   ontology/queries/ in turn (client n starts at the n-th one), each as soon
   as the previous answer has arrived (no think time), and closes its
   connection once it is done. A query's latency runs from sending it
   (including reconnecting after an error) to reading the last byte of its
   answer.

The clients are not threads: they are non-blocking sockets driven by a
`selectors` loop in --processes worker processes (default 2), which read
each answer to its end (chunked or Content-Length framing) without parsing
the JSON, so that the load test takes little of the CPU the server needs.
An answer counts as an error when its status is not 200, when it is cut
short (the connection closes or breaks before its last byte), when it does
not look like a SPARQL JSON answer (first byte `{`, last byte `}`), or when
it takes longer than --request-timeout (the connection is then closed and
reopened).

    .venv/bin/python benchmarks/load_test.py --store sanctions-store --target-p99-ms 250

Output: a Markdown table with one row per query and one for all (requests,
answers from the front's cache (X-Cache: HIT), errors, p50, p99, max, then
the time and server CPU of the query alone and the rows and size of its
answer), throughput, errors by kind, and where the CPU went during the load
phase: the server and its front, the load test, and other
programs on the machine (they move the figures: see the load average in
the heading). --queries sends a subset of the named queries instead of all;
the heading then says "a SUBSET". --json prints the same figures as JSON.

Oxigraph's server answers each connection in a thread of its own, so the 50
queries in flight share the cores; with no think time, the mean latency is
clients x server CPU per answer / cores the server gets (Little's law), and
a query's latency under load is roughly its CPU time alone times clients /
cores. With the front's cache, each query runs once (its first askers wait
for it) and the rest cost what sending the kept answer costs; --cache-mb 0
measures Oxigraph's server answering every one.

The run is bounded: the load phase stops sending at SECONDS (at most 600)
and then waits at most --request-timeout (at most 300) for the answers in
flight; a worker process that has not reported 30 s after that is stopped
and its clients are counted as still running. The exit code is 1 when there
were errors or stuck clients, else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import selectors
import socket
import sys
import time
import traceback
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

MAX_SECONDS = 600
MAX_REQUEST_TIMEOUT = 300
ALONE_BUDGET_S = 120.0  # the whole alone phase, beyond its warm-ups
ALONE_QUERY_S = 1.0  # more timed runs of one query while it has used less than this
ALONE_MAX_RUNS = 200
RECV_SIZE = 1 << 18
SNIPPET = 16  # bytes kept from each end of an answer, to check its shape


# --------------------------------------------------------------------------- HTTP


class ProtocolError(Exception):
    """The server's bytes are not an HTTP/1.1 response we can frame."""


class Answer:
    """One HTTP/1.1 response, fed bytes as they arrive, framed without parsing the body.

    ``feed`` returns the bytes beyond the end of this response (b"" normally)
    once the last byte has arrived, else None. Only the first and last
    SNIPPET bytes of the body are kept, unless ``keep`` is set.
    """

    __slots__ = (
        "status",
        "headers",
        "close",
        "size",
        "head",
        "tail",
        "body",
        "_buf",
        "_pos",
        "_state",
        "_left",
        "_keep",
    )

    def __init__(self, keep: bool = False) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.close = False  # the server closes the connection after this answer
        self.size = 0  # body bytes, without the chunk framing
        self.head = b""
        self.tail = b""
        self.body = bytearray() if keep else None
        self._buf = bytearray()
        self._pos = 0
        self._state = "head"
        self._left = 0
        self._keep = keep

    @property
    def done(self) -> bool:
        return self._state == "done"

    def looks_like_json(self) -> bool:
        return self.head.lstrip()[:1] == b"{" and self.tail.rstrip()[-1:] == b"}"

    def eof(self) -> bool:
        """The connection closed: whether that ends the answer (no framing: read to close)."""
        if self._state == "to-eof":
            self._state = "done"
            return True
        return False

    def _content(self, view: memoryview) -> None:
        n = len(view)
        if not n:
            return
        self.size += n
        if len(self.head) < SNIPPET:
            self.head += bytes(view[: SNIPPET - len(self.head)])
        self.tail = (self.tail + bytes(view[-SNIPPET:]))[-SNIPPET:]
        if self.body is not None:
            self.body += view

    def feed(self, data: bytes) -> bytes | None:
        buf = self._buf
        buf += data
        pos = self._pos
        try:
            while True:
                state = self._state
                if state == "head":
                    end = buf.find(b"\r\n\r\n", pos)
                    if end < 0:
                        if len(buf) - pos > 65536:
                            raise ProtocolError("response header over 64 KiB")
                        break
                    self._head(bytes(buf[pos:end]))
                    pos = end + 4
                elif state == "data":  # Content-Length body or chunk data
                    n = min(self._left, len(buf) - pos)
                    if n == 0 and self._left:
                        break
                    with memoryview(buf) as view:
                        self._content(view[pos : pos + n])
                    pos += n
                    self._left -= n
                    if self._left == 0:
                        self._state = "chunk-end" if self._chunked() else "done"
                elif state == "size":
                    end = buf.find(b"\r\n", pos)
                    if end < 0:
                        if len(buf) - pos > 1024:
                            raise ProtocolError("chunk size line over 1 KiB")
                        break
                    try:
                        self._left = int(bytes(buf[pos:end]).split(b";", 1)[0], 16)
                    except ValueError:
                        raise ProtocolError("bad chunk size") from None
                    pos = end + 2
                    self._state = "data" if self._left else "trailer"
                elif state == "chunk-end":
                    if len(buf) - pos < 2:
                        break
                    if buf[pos : pos + 2] != b"\r\n":
                        raise ProtocolError("chunk not followed by CRLF")
                    pos += 2
                    self._state = "size"
                elif state == "trailer":
                    end = buf.find(b"\r\n", pos)
                    if end < 0:
                        break
                    self._state = "done" if end == pos else "trailer"
                    pos = end + 2
                elif state == "to-eof":
                    with memoryview(buf) as view:
                        self._content(view[pos:])
                    pos = len(buf)
                    break
                else:  # done
                    break
        finally:
            if pos >= len(buf):
                buf.clear()
                pos = 0
            elif pos > 65536:
                del buf[:pos]
                pos = 0
            self._pos = pos
        if self._state == "done":
            rest = bytes(buf[pos:])
            buf.clear()
            self._pos = 0
            return rest
        return None

    def _chunked(self) -> bool:
        return "chunked" in self.headers.get("transfer-encoding", "")

    def _head(self, block: bytes) -> None:
        lines = block.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise ProtocolError(f"bad status line {lines[0][:60]!r}")
        try:
            self.status = int(parts[1])
        except ValueError:
            raise ProtocolError(f"bad status line {lines[0][:60]!r}") from None
        if self.status < 200:  # 100 Continue and the like: the real answer follows
            return
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                self.headers[name.strip().lower()] = value.strip().lower()
        self.close = self.headers.get("connection") == "close"
        if self._chunked():
            self._state = "size"
        elif "content-length" in self.headers:
            try:
                self._left = int(self.headers["content-length"])
            except ValueError:
                raise ProtocolError("bad Content-Length") from None
            self._state = "data" if self._left else "done"
        else:
            self.close = True
            self._state = "to-eof"


def request_bytes(host: str, port: int, path: str, sparql: str) -> bytes:
    body = sparql.encode("utf-8")
    return (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Content-Type: application/sparql-query; charset=utf-8\r\n"
        "Accept: application/sparql-results+json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    ).encode("ascii") + body


def connect(host: str, port: int, timeout: float) -> socket.socket:
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def fetch(sock: socket.socket, request: bytes, timeout: float, keep: bool = False) -> Answer:
    """Send one request on a blocking socket and read its whole answer (raises on errors)."""
    sock.settimeout(timeout)
    sock.sendall(request)
    answer = Answer(keep=keep)
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no whole answer within {timeout:g} s")
        data = sock.recv(RECV_SIZE)
        if not data:
            if answer.eof():
                return answer
            raise ConnectionError("connection closed before the end of the answer")
        if answer.feed(data) is not None:
            return answer


# --------------------------------------------------------------------------- clients


class Client:
    """One client: a keep-alive connection, the query it waits for and its answer so far."""

    __slots__ = ("number", "next", "sock", "name", "sent_at", "out", "answer", "writing")

    def __init__(self, number: int) -> None:
        self.number = number
        self.next = number  # index of the next query to send
        self.sock: socket.socket | None = None
        self.name = ""
        self.sent_at = 0.0
        self.out = memoryview(b"")
        self.answer: Answer | None = None
        self.writing = False


def client_process(
    host: str,
    port: int,
    requests: list[tuple[str, bytes]],
    numbers: list[int],
    request_timeout: float,
    ready,
    go,
    deadline,
    results,
) -> None:
    """A worker process: clients ``numbers`` on one selectors loop; its tally to ``results``."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    sizes: dict[str, list[int]] = {}
    hits: Counter[str] = Counter()  # answers the caching front gave from memory
    selector = selectors.DefaultSelector()
    clients = [Client(n) for n in numbers]
    busy: set[Client] = set()
    cpu_began = cpu_ended = 0.0

    def drop(client: Client) -> None:
        if client.sock is not None:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(client.sock)
            client.sock.close()
            client.sock = None
        busy.discard(client)
        client.answer = None

    def fail(client: Client, kind: str) -> None:
        errors[f"{kind} ({client.name})"] += 1
        drop(client)

    def send(client: Client) -> None:
        """Send the client's next query; a client that fails here is retried every 0.1 s."""
        name, request = requests[client.next % len(requests)]
        client.next += 1
        client.name = name
        client.sent_at = time.monotonic()
        client.answer = Answer()
        busy.add(client)
        if client.sock is None:
            try:
                client.sock = connect(host, port, min(5.0, request_timeout))
                client.sock.setblocking(False)
                selector.register(client.sock, selectors.EVENT_READ, client)
                client.writing = False
            except OSError as error:
                if client.sock is not None:
                    client.sock.close()
                    client.sock = None
                fail(client, f"cannot connect: {type(error).__name__}")
                return
        client.out = memoryview(request)
        write(client)

    def write(client: Client) -> None:
        try:
            sent = client.sock.send(client.out)
        except BlockingIOError:
            sent = 0
        except OSError as error:
            fail(client, f"send failed: {type(error).__name__}")
            return
        client.out = client.out[sent:]
        want_write = len(client.out) > 0
        if want_write != client.writing:
            client.writing = want_write
            events = selectors.EVENT_READ | (selectors.EVENT_WRITE if want_write else 0)
            selector.modify(client.sock, events, client)

    def finish(client: Client, now: float) -> None:
        answer = client.answer
        busy.discard(client)
        client.answer = None
        if answer.status != 200:
            errors[f"HTTP {answer.status} ({client.name})"] += 1
        elif not answer.looks_like_json():
            errors[f"not a SPARQL JSON answer ({client.name})"] += 1
        else:
            latencies[client.name].append(now - client.sent_at)
            sizes.setdefault(client.name, []).append(answer.size)
            if answer.headers.get("x-cache") == "hit":
                hits[client.name] += 1
        if answer.close:
            drop(client)

    try:
        for client in clients:
            client.sock = connect(host, port, min(5.0, request_timeout))
            client.sock.setblocking(False)
            selector.register(client.sock, selectors.EVENT_READ, client)
        ready.wait(120)
        go.wait(120)
        stop_at = deadline.value  # set by the parent before it set ``go``
        cpu_began = time.process_time()
        for client in clients:
            send(client)
        next_check = time.monotonic() + 0.1
        while busy or time.monotonic() < stop_at:
            now = time.monotonic()
            if now >= next_check:
                for client in [c for c in busy if now - c.sent_at > request_timeout]:
                    fail(client, f"timeout after {request_timeout:g} s")
                if now < stop_at:  # clients that failed to connect or send, or timed out
                    for client in [c for c in clients if c not in busy]:
                        send(client)
                next_check = now + 0.1
            for key, events in selector.select(timeout=0.1):
                client = key.data
                if client.sock is None:
                    continue
                if events & selectors.EVENT_WRITE and client.out:
                    write(client)
                    if client.sock is None:
                        continue
                if not events & selectors.EVENT_READ:
                    continue
                if client.answer is None:  # bytes nobody asked for
                    try:
                        data = client.sock.recv(RECV_SIZE)
                    except OSError:
                        data = b""
                    if not data:
                        drop(client)  # the server closed an idle connection
                    else:
                        errors["unexpected bytes between answers"] += 1
                        drop(client)
                    continue
                try:
                    data = client.sock.recv(RECV_SIZE)
                except BlockingIOError:
                    continue
                except OSError as error:
                    fail(client, f"connection broken mid-answer: {type(error).__name__}")
                    data = None
                if data is None:
                    pass
                elif not data:
                    if client.answer.eof():
                        finish(client, time.monotonic())
                        drop(client)
                    else:
                        fail(client, "connection closed mid-answer (truncated)")
                else:
                    try:
                        rest = client.answer.feed(data)
                    except ProtocolError as error:
                        fail(client, f"bad HTTP: {error}")
                        rest = None
                    if rest is None:
                        continue
                    finish(client, time.monotonic())
                    if rest:
                        errors[f"bytes after the answer ({client.name})"] += 1
                        drop(client)
                if client in busy:
                    continue
                if time.monotonic() < stop_at:
                    send(client)
                else:  # done: close, rather than leave the server an idle connection
                    drop(client)
        cpu_ended = time.process_time()
        results.put(
            {
                "numbers": numbers,
                "latencies": dict(latencies),
                "errors": dict(errors),
                "sizes": sizes,
                "hits": dict(hits),
                "cpu_s": cpu_ended - cpu_began,
            }
        )
    except BaseException:  # report, so that the parent does not wait for nothing
        ready.abort()
        results.put({"numbers": numbers, "crash": traceback.format_exc()})
    finally:
        for client in clients:
            if client.sock is not None:
                client.sock.close()


# --------------------------------------------------------------------------- figures


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values`` (q in 0..100)."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), math.ceil(q * len(values) / 100)))
    return values[rank - 1]


def ms(seconds: float | None) -> float | None:
    if seconds is None or seconds != seconds:  # None or NaN
        return None
    return round(seconds * 1000, 1)


def processes_cpu_s(pids: list[int]) -> float | None:
    """The CPU seconds (user + system) the processes ``pids`` have used, summed."""
    times = [process_cpu_s(pid) for pid in pids]
    return None if not times or None in times else sum(t for t in times if t is not None)


def process_cpu_s(pid: int | None) -> float | None:
    """User + system CPU seconds of a process, from /proc (None elsewhere)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def machine_cpu_s() -> float | None:
    """Busy CPU seconds of the whole machine, all cores, from /proc/stat (None elsewhere)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def count_quads(host: str, port: int, path: str, timeout: float) -> int | None:
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    try:
        with connect(host, port, timeout) as sock:
            answer = fetch(sock, request_bytes(host, port, path, sparql), timeout, keep=True)
        return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])
    except (OSError, ProtocolError, ValueError, KeyError, IndexError):
        return None


def alone(
    host: str,
    port: int,
    path: str,
    queries: list[tuple[str, str]],
    runs: int,
    request_timeout: float,
    server_pid: int | None = None,
) -> dict[str, dict]:
    """Each query alone on one connection: warm-up (checked, rows counted), then timed runs.

    With the server's pid, also the server's CPU time per run (from /proc, in
    clock ticks: the many runs of a fast query make up for the coarse tick).
    """
    figures: dict[str, dict] = {}
    phase_began = time.monotonic()
    sock: socket.socket | None = None
    for name, sparql in queries:
        request = request_bytes(host, port, path, sparql)
        entry: dict = {"rows": None, "bytes": None, "times": [], "cpu_s": None, "error": None}
        figures[name] = entry
        try:
            if sock is None:
                sock = connect(host, port, min(5.0, request_timeout))
            answer = fetch(sock, request, request_timeout, keep=True)
            if answer.status != 200:
                said = bytes(answer.body[:200]).decode("utf-8", "replace")
                raise ValueError(f"HTTP {answer.status}: {said}")
            entry["rows"] = len(json.loads(answer.body)["results"]["bindings"])
            entry["bytes"] = answer.size
            if answer.close:
                sock.close()
                sock = None
            used = 0.0
            cpu_before = process_cpu_s(server_pid)
            while len(entry["times"]) < runs or (
                used < ALONE_QUERY_S and len(entry["times"]) < ALONE_MAX_RUNS and runs
            ):
                if time.monotonic() - phase_began > ALONE_BUDGET_S:
                    break
                if sock is None:
                    sock = connect(host, port, min(5.0, request_timeout))
                began = time.monotonic()
                answer = fetch(sock, request, request_timeout)
                took = time.monotonic() - began
                if answer.status != 200:
                    raise ValueError(f"HTTP {answer.status}")
                entry["times"].append(took)
                used += took
                if answer.close:
                    sock.close()
                    sock = None
            cpu_after = process_cpu_s(server_pid)
            if entry["times"] and cpu_before is not None and cpu_after is not None:
                entry["cpu_s"] = (cpu_after - cpu_before) / len(entry["times"])
        except (OSError, ProtocolError, ValueError, KeyError, TypeError) as error:
            entry["error"] = f"{type(error).__name__}: {error}"
            if sock is not None:
                sock.close()
                sock = None
    if sock is not None:
        sock.close()
    return figures


# --------------------------------------------------------------------------- run


def run(
    store: Path,
    seconds: float,
    clients: int,
    request_timeout: float,
    processes: int = 2,
    only: list[str] | None = None,
    alone_runs: int = 3,
    cache_mb: int | None = None,
) -> dict:
    import multiprocessing

    from sanctions_graph.query import named_queries
    from sanctions_graph.serve import DEFAULT_CACHE_MB, DEFAULT_HOST, Server

    cache_mb = DEFAULT_CACHE_MB if cache_mb is None else cache_mb

    every_query = [(q.name, q.sparql) for q in named_queries().values()]
    if not every_query:
        raise SystemExit("no named queries in ontology/queries/")
    if only:
        known = {name for name, _ in every_query}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise SystemExit(
                f"unknown named queries: {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        queries = [(name, sparql) for name, sparql in every_query if name in only]
    else:
        queries = every_query
    processes = max(1, min(processes, clients))
    started = datetime.now(UTC)
    with Server(store, port=0, cache_mb=cache_mb) as server:
        url = urlparse(server.endpoint)
        host, port, path = url.hostname, url.port, url.path
        server_pids = server.pids
        # Alone, each query goes to Oxigraph's server itself: what it costs
        # uncached. It leaves the front's cache empty for the load phase.
        direct = (DEFAULT_HOST, server.upstream_port) if server.fronted else (host, port)
        quads = count_quads(*direct, path, request_timeout)
        solo = alone(*direct, path, queries, alone_runs, request_timeout, server.pid)
        requests = [(name, request_bytes(host, port, path, sparql)) for name, sparql in queries]

        context = multiprocessing.get_context("spawn")
        ready = context.Barrier(processes + 1)
        go = context.Event()
        deadline = context.Value("d", 0.0)
        results = context.Queue()
        shares = [list(range(clients))[p::processes] for p in range(processes)]
        workers = [
            context.Process(
                target=client_process,
                args=(host, port, requests, share, request_timeout, ready, go, deadline, results),
                name=f"load-test-clients-{p}",
                daemon=True,
            )
            for p, share in enumerate(shares)
        ]
        for worker in workers:
            worker.start()
        # Every worker has its connections open (or one died before: the barrier is broken).
        with contextlib.suppress(Exception):
            ready.wait(120)
        load_before = load_average()
        server_cpu_before = processes_cpu_s(server_pids)
        machine_cpu_before = machine_cpu_s()
        began = time.monotonic()
        deadline.value = began + seconds
        go.set()
        tallies: list[dict] = []
        wait_until = began + seconds + request_timeout + 30
        while len(tallies) < len(workers):
            try:
                tallies.append(results.get(timeout=max(0.1, wait_until - time.monotonic())))
            except Exception:  # queue.Empty: a worker is stuck
                break
        elapsed = time.monotonic() - began
        server_cpu = processes_cpu_s(server_pids)
        machine_cpu = machine_cpu_s()
        load_after = load_average()
        for worker in workers:
            worker.join(5)
            if worker.is_alive():
                worker.terminate()
                worker.join(5)
        endpoint = server.endpoint

    reported = {n for tally in tallies for n in tally["numbers"]}
    stuck = clients - len(reported)
    by_query: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    hits: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    crashes = []
    client_cpu = 0.0
    for tally in tallies:
        if "crash" in tally:
            crashes.append(tally["crash"])
            errors["load-test worker crashed"] += len(tally["numbers"])
            continue
        for name, values in tally["latencies"].items():
            by_query[name].extend(values)
        for name, values in tally["sizes"].items():
            sizes[name].extend(values)
        errors.update(tally["errors"])
        hits.update(tally["hits"])
        client_cpu += tally["cpu_s"]
    errors_by_query: Counter[str] = Counter()
    for kind, n in errors.items():
        for name, _ in queries:
            if kind.endswith(f"({name})"):
                errors_by_query[name] += n
    every = sorted(v for values in by_query.values() for v in values)

    server_cpu_s = (
        None if server_cpu is None or server_cpu_before is None else server_cpu - server_cpu_before
    )

    def share(cpu: float | None) -> float | None:
        return round(cpu / elapsed, 3) if cpu is not None and elapsed else None

    per_query = {}
    for name, _ in queries:
        values = sorted(by_query.get(name, []))
        times = sorted(solo[name]["times"])
        answer_sizes = sizes.get(name, [])
        per_query[name] = {
            "requests": len(values),
            "cache_hits": hits[name],
            "errors": errors_by_query[name],
            "p50_ms": ms(percentile(values, 50)),
            "p99_ms": ms(percentile(values, 99)),
            "max_ms": ms(values[-1]) if values else None,
            "alone_p50_ms": ms(percentile(times, 50)),
            "alone_runs": len(times),
            "alone_server_cpu_ms": ms(solo[name]["cpu_s"]),
            "alone_error": solo[name]["error"],
            "rows": solo[name]["rows"],
            "answer_bytes": solo[name]["bytes"],
            "answer_bytes_varied": len(set(answer_sizes)) > 1
            or (bool(answer_sizes) and answer_sizes[0] != solo[name]["bytes"]),
        }
    return {
        "endpoint": endpoint,
        "store": str(store),
        "quads": quads,
        "started_utc": started.strftime("%Y-%m-%d %H:%M UTC"),
        "cores": cores(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "queries_run": [name for name, _ in queries],
        "all_named_queries": len(queries) == len(every_query),
        "clients": clients,
        "processes": processes,
        "seconds": round(elapsed, 2),
        "send_seconds": seconds,
        "request_timeout_s": request_timeout,
        "requests": len(every),
        "cache_mb": cache_mb,
        "cache_hits": sum(hits.values()),
        "throughput_per_s": round(len(every) / elapsed, 1) if elapsed else 0.0,
        "mean_ms": ms(sum(every) / len(every)) if every else None,
        "p50_ms": ms(percentile(every, 50)),
        "p99_ms": ms(percentile(every, 99)),
        "max_ms": ms(every[-1]) if every else None,
        "errors": sum(errors.values()) + sum(1 for q in solo.values() if q["error"]),
        "error_kinds": dict(errors.most_common()),
        "alone_errors": {name: q["error"] for name, q in solo.items() if q["error"]},
        "clients_still_running": stuck,
        "crashes": crashes,
        "bytes": sum(sum(v) for v in sizes.values()),
        "server_cpu_cores": share(server_cpu_s),
        "load_test_cpu_cores": share(client_cpu),
        "other_cpu_cores": share(
            None
            if machine_cpu is None or machine_cpu_before is None or server_cpu_s is None
            else max(0.0, machine_cpu - machine_cpu_before - server_cpu_s - client_cpu)
        ),
        "server_cpu_ms_per_answer": ms(server_cpu_s / len(every))
        if server_cpu_s is not None and every
        else None,
        "queries": per_query,
    }


def _num(value: float | None, width: int = 9) -> str:
    return f"{'–':>{width}}" if value is None else f"{value:>{width},.1f}"


def report(figures: dict, target_p99_ms: float | None = None) -> str:
    """The figures as text: a heading, a Markdown table per query, then the totals."""
    f = figures
    mix = (
        f"all {len(f['queries_run'])} named queries"
        if f["all_named_queries"]
        else "a SUBSET of the named queries: " + ", ".join(f["queries_run"])
    )
    quads = f"{f['quads']:,} quads" if f["quads"] is not None else "size unknown"

    def cpu(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = [
        f"Load test, {mix}: {f['clients']} clients ({f['processes']} processes, keep-alive, "
        f"no think time), sending for {f['send_seconds']:g} s "
        f"({f['seconds']} s with the last answers)",
        f"Store {f['store']} ({quads}), Oxigraph serve-read-only at {f['endpoint']}"
        + (
            f", behind the caching front ({f['cache_mb']:,} MB; the queries alone went to "
            "Oxigraph's server itself, uncached)"
            if f["cache_mb"]
            else ", behind the front with its cache off (--cache-mb 0)"
        ),
        f"{f['started_utc']}; {f['cores']} cores; load average {f['load_average_before']} "
        "(1 min, before the load phase)",
        "",
        "| query | requests | from cache | errors | p50 ms | p99 ms | max ms | alone ms "
        "| alone server CPU ms | rows | answer KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, q in f["queries"].items():
        kb = None if q["answer_bytes"] is None else q["answer_bytes"] / 1024
        rows = "–" if q["rows"] is None else f"{q['rows']:,}"
        varied = " (varied)" if q["answer_bytes_varied"] else ""
        lines.append(
            f"| {name} | {q['requests']:,} | {q['cache_hits']:,} | {q['errors']:,} | "
            f"{_num(q['p50_ms'], 0)} | "
            f"{_num(q['p99_ms'], 0)} | {_num(q['max_ms'], 0)} | {_num(q['alone_p50_ms'], 0)} | "
            f"{_num(q['alone_server_cpu_ms'], 0)} | {rows} | {_num(kb, 0)}{varied} |"
        )
    lines.append(
        f"| **all** | **{f['requests']:,}** | **{f['cache_hits']:,}** | **{f['errors']:,}** | "
        f"**{_num(f['p50_ms'], 0)}** | "
        f"**{_num(f['p99_ms'], 0)}** | **{_num(f['max_ms'], 0)}** | | | | |"
    )
    lines += [
        "",
        f"throughput  {f['throughput_per_s']:,.1f} queries/s "
        f"({f['requests']:,} answers in {f['seconds']} s)",
        f"latency     p50 {_num(f['p50_ms'], 0)} ms, p99 {_num(f['p99_ms'], 0)} ms, "
        f"mean {_num(f['mean_ms'], 0)} ms, max {_num(f['max_ms'], 0)} ms",
        f"errors      {f['errors']:,}",
    ]
    for kind, n in f["error_kinds"].items():
        lines.append(f"  {n:>8,}  {kind}")
    for name, error in f["alone_errors"].items():
        lines.append(f"  alone: {name}: {error}")
    if f["clients_still_running"]:
        lines.append(f"clients still running when stopped: {f['clients_still_running']}")
    for crash in f["crashes"]:
        lines.append("worker crashed:\n" + crash)
    lines.append(
        f"CPU         of {f['cores']} cores, mean over the load phase: server (and front) "
        f"{cpu(f['server_cpu_cores'])}, load test {cpu(f['load_test_cpu_cores'])}, "
        f"other programs {cpu(f['other_cpu_cores'])}; server CPU per answer "
        f"{_num(f['server_cpu_ms_per_answer'], 0)} ms"
    )
    if target_p99_ms is not None and f["p99_ms"] is not None:
        met = f["p99_ms"] < target_p99_ms and not f["errors"]
        lines.append(
            f"target      p99 < {target_p99_ms:g} ms and no errors: {'met' if met else 'NOT met'}"
        )
        slow = [
            name
            for name, q in f["queries"].items()
            if q["alone_p50_ms"] is not None and q["alone_p50_ms"] >= target_p99_ms
        ]
        if slow:
            lines.append(f"            over the target even alone: {', '.join(slow)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store",
        type=Path,
        default=Path("sanctions-store"),
        help="store folder (default: sanctions-store)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=60.0,
        help=f"how long to send queries (default 60, at most {MAX_SECONDS})",
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="worker processes the clients are spread over (default 2)",
    )
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=120.0,
        help="give up on one answer after this many seconds (default 120, "
        f"at most {MAX_REQUEST_TIMEOUT})",
    )
    parser.add_argument(
        "--queries",
        default="",
        help="comma-separated named queries to send instead of all of them "
        "(the report says it is a subset)",
    )
    parser.add_argument(
        "--alone-runs",
        type=int,
        default=3,
        help="timed runs of each query alone before the load (default 3; 0: warm-up only)",
    )
    parser.add_argument(
        "--target-p99-ms",
        type=float,
        default=None,
        help="say whether p99 is under this many ms with no errors",
    )
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=None,
        help="memory for the caching front, as `serve --cache-mb` (default: serve's; "
        "0: Oxigraph's server alone)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be more than 0 and at most {MAX_SECONDS}")
    if args.clients < 1:
        parser.error("--clients must be 1 or more")
    if args.processes < 1:
        parser.error("--processes must be 1 or more")
    if not 0 < args.request_timeout <= MAX_REQUEST_TIMEOUT:
        parser.error(f"--request-timeout must be more than 0 and at most {MAX_REQUEST_TIMEOUT}")
    if args.alone_runs < 0:
        parser.error("--alone-runs must be 0 or more")
    if args.cache_mb is not None and args.cache_mb < 0:
        parser.error("--cache-mb must be 0 or more")
    only = [name.strip() for name in args.queries.split(",") if name.strip()]
    figures = run(
        args.store,
        args.seconds,
        args.clients,
        args.request_timeout,
        processes=args.processes,
        only=only or None,
        alone_runs=args.alone_runs,
        cache_mb=args.cache_mb,
    )
    if args.json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    else:
        sys.stdout.write(report(figures, args.target_p99_ms))
    return 1 if figures["errors"] or figures["clients_still_running"] else 0


if __name__ == "__main__":
    sys.exit(main())
