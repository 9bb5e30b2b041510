"""benchmarks/load_test.py: its HTTP framing, its error counting, short runs on the seed store."""

from __future__ import annotations

import importlib.util
import json
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from sanctions_graph.query import named_queries
from sanctions_graph.store import Store

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "load_test.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("load_test", module)
    spec.loader.exec_module(module)
    return module


lt = _load_module()

JSON_BODY = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}'


def _chunked(body: bytes, size: int = 7) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        piece = body[i : i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


CHUNKED = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/sparql-results+json\r\n"
    b"transfer-encoding: chunked\r\n\r\n" + _chunked(JSON_BODY)
)


# ------------------------------------------------------------------ framing


@pytest.mark.parametrize("step", [1, 2, 3, 5, 64, 100_000])
def test_a_chunked_answer_is_framed_whatever_the_pieces(step):
    answer = lt.Answer(keep=True)
    rest = None
    for i in range(0, len(CHUNKED), step):
        assert rest is None, "finished before the last byte"
        rest = answer.feed(CHUNKED[i : i + step])
    assert rest == b"" and answer.done
    assert answer.status == 200 and answer.size == len(JSON_BODY)
    assert bytes(answer.body) == JSON_BODY and answer.looks_like_json()


def test_a_content_length_answer_ends_at_its_length_and_returns_what_follows():
    answer = lt.Answer()
    head = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\n\r\n"
    assert answer.feed(head + b"ab") is None
    assert answer.feed(b"cdeHTTP/1.1") == b"HTTP/1.1"
    assert answer.status == 400 and answer.size == 5 and not answer.looks_like_json()


def test_an_answer_cut_short_is_not_done():
    answer = lt.Answer()
    assert answer.feed(CHUNKED[:-20]) is None
    assert not answer.done and not answer.eof()  # closing now means truncated


def test_without_framing_the_answer_ends_with_the_connection():
    answer = lt.Answer()
    assert answer.feed(b"HTTP/1.1 200 OK\r\n\r\n" + JSON_BODY) is None
    assert answer.eof() and answer.done and answer.close and answer.looks_like_json()


def test_garbage_is_a_protocol_error():
    with pytest.raises(lt.ProtocolError):
        lt.Answer().feed(b"SSH-2.0-OpenSSH\r\n\r\n")
    with pytest.raises(lt.ProtocolError):
        lt.Answer().feed(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n")


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert lt.percentile(values, 50) == 50 and lt.percentile(values, 99) == 99
    assert lt.percentile([3.0], 99) == 3.0


# ------------------------------------------------------------------ clients against a fake server


class FakeServer:
    """Answers each request according to its body: ok, slow-end, fail, cut, html, hang."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stopped = False
        self.closed: list[tuple[str, float]] = []  # (last query on it, when) per closed connection
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        kind = ""
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        self.closed.append((kind, time.monotonic()))
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                while len(buf) < length:
                    buf += conn.recv(65536)
                body, buf = buf[:length], buf[length:]
                kind = body.decode()
                if kind == "ok":
                    conn.sendall(CHUNKED)
                elif kind == "slow-end":  # the first bytes at once, the last 0.2 s later
                    conn.sendall(CHUNKED[:-30])
                    time.sleep(0.2)
                    conn.sendall(CHUNKED[-30:])
                elif kind == "fail":
                    conn.sendall(b"HTTP/1.1 500 Oops\r\ncontent-length: 4\r\n\r\noops")
                elif kind == "html":
                    page = b"<html></html>"
                    head = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % len(page)
                    conn.sendall(head + page)
                elif kind == "cut":
                    conn.sendall(CHUNKED[:-20])
                    conn.close()
                    return
                elif kind in ("medium", "slow"):
                    time.sleep(0.15 if kind == "medium" else 1)
                    conn.sendall(CHUNKED)
                elif kind == "hang":
                    time.sleep(2)
                    return
        except OSError:
            return
        finally:
            conn.close()

    def close(self) -> None:
        self.stopped = True
        self.sock.close()


@pytest.fixture
def fake_server():
    server = FakeServer()
    yield server
    server.close()


def _run_clients(port: int, kinds: list[str], clients: int, seconds: float, timeout: float) -> dict:
    requests = [(kind, lt.request_bytes("127.0.0.1", port, "/query", kind)) for kind in kinds]
    results: queue.Queue = queue.Queue()
    lt.client_process(
        "127.0.0.1",
        port,
        requests,
        list(range(clients)),
        timeout,
        threading.Barrier(1),
        SimpleNamespace(wait=lambda timeout=None: True),
        SimpleNamespace(value=time.monotonic() + seconds),
        results,
    )
    tally = results.get_nowait()
    assert "crash" not in tally, tally.get("crash")
    return tally


def test_latency_runs_to_the_last_byte(fake_server):
    tally = _run_clients(fake_server.port, ["slow-end", "ok"], clients=2, seconds=0.6, timeout=5)
    assert not tally["errors"]
    assert min(tally["latencies"]["slow-end"]) >= 0.2
    assert max(tally["latencies"]["ok"]) < 0.2
    assert set(tally["sizes"]["ok"]) == {len(JSON_BODY)}


def test_every_kind_of_failure_is_counted_and_the_clients_carry_on(fake_server):
    tally = _run_clients(
        fake_server.port, ["ok", "fail", "html", "cut", "hang"], clients=5, seconds=1.0, timeout=0.5
    )
    errors = tally["errors"]
    assert errors.get("HTTP 500 (fail)", 0) >= 1
    assert errors.get("not a SPARQL JSON answer (html)", 0) >= 1
    assert errors.get("connection closed mid-answer (truncated) (cut)", 0) >= 1
    assert errors.get("timeout after 0.5 s (hang)", 0) >= 1
    # Only whole, well-formed 200 answers have a latency; the others do not count as answers.
    assert set(tally["latencies"]) == {"ok"} and len(tally["latencies"]["ok"]) >= 5


def test_a_client_that_is_done_closes_its_connection_at_once(fake_server):
    began = time.monotonic()
    tally = _run_clients(fake_server.port, ["slow", "medium"], clients=2, seconds=0.1, timeout=5)
    assert not tally["errors"]
    assert len(tally["latencies"]["slow"]) == len(tally["latencies"]["medium"]) == 1
    # The "medium" client's answer came after the deadline: it closed its
    # connection then, not when the "slow" answer came (servers time idle
    # connections out, and answer them with a 408).
    closed = [at for kind, at in fake_server.closed if kind == "medium"]
    assert closed and closed[0] - began < 0.6


def test_a_dead_server_gives_errors_not_a_hang():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
        requests = [("q", lt.request_bytes("127.0.0.1", port, "/query", "ok"))]
        results: queue.Queue = queue.Queue()
        began = time.monotonic()
        # The clients connect, then the server goes away before it answers.
        threading.Timer(0.1, sock.close).start()
        lt.client_process(
            "127.0.0.1",
            port,
            requests,
            [0, 1],
            5.0,
            threading.Barrier(1),
            SimpleNamespace(wait=lambda timeout=None: True),
            SimpleNamespace(value=time.monotonic() + 0.5),
            results,
        )
        tally = results.get_nowait()
    assert time.monotonic() - began < 10
    assert sum(tally["errors"].values()) >= 1 and not tally["latencies"]


# ------------------------------------------------------------------ the script on the seed store


def _script(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.server
def test_load_test_reports_throughput_latency_and_errors(seed_store):
    done = _script("--store", str(seed_store), "--seconds", "1", "--clients", "3", "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["errors"] == 0 and figures["clients_still_running"] == 0
    assert figures["requests"] > 0 and figures["throughput_per_s"] > 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert figures["all_named_queries"] and set(figures["queries"]) == set(named_queries())
    assert sum(q["requests"] for q in figures["queries"].values()) == figures["requests"]
    assert figures["quads"] > 1000 and figures["cores"] >= 1
    assert figures["server_cpu_cores"] is not None and figures["load_test_cpu_cores"] > 0
    # The warm-up parsed each answer: its rows are the rows of the same query in-process.
    store = Store.open(seed_store, read_only=True, create=False)
    try:
        for name, query in named_queries().items():
            q = figures["queries"][name]
            assert q["rows"] == len(store.results(query.sparql).rows), name
            assert q["alone_runs"] >= 3 and q["alone_p50_ms"] > 0, name
            assert q["alone_server_cpu_ms"] is not None, name
            assert 0 < q["p50_ms"] <= q["p99_ms"] <= q["max_ms"], name
            assert not q["answer_bytes_varied"], name
            # Through serve's front: each query ran once, every other answer was kept.
            assert q["requests"] - q["cache_hits"] == 1, name
    finally:
        store.close()
    assert figures["cache_mb"] > 0 and figures["cache_hits"] == figures["requests"] - len(
        figures["queries"]
    )


@pytest.mark.server
def test_without_the_cache_every_answer_comes_from_oxigraph(seed_store):
    done = _script(
        "--store", str(seed_store), "--seconds", "1", "--clients", "3", "--alone-runs", "0",
        "--cache-mb", "0", "--json",
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["errors"] == 0 and figures["requests"] > len(figures["queries"])
    assert figures["cache_mb"] == 0 and figures["cache_hits"] == 0


@pytest.mark.server
def test_a_subset_is_said_to_be_one(seed_store):
    done = _script(
        "--store",
        str(seed_store),
        "--seconds",
        "1",
        "--clients",
        "4",
        "--processes",
        "1",
        "--queries",
        "entity-types,trade-relations",
        "--alone-runs",
        "1",
        "--target-p99-ms",
        "60000",
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert "a SUBSET of the named queries: entity-types, trade-relations" in first
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    names = [row.split("|")[1].strip() for row in rows[2:]]
    assert names == ["entity-types", "trade-relations", "**all**"]
    assert "p99 < 60000 ms and no errors: met" in done.stdout


@pytest.mark.server
def test_an_unknown_query_name_is_refused(seed_store):
    done = _script("--store", str(seed_store), "--seconds", "1", "--queries", "no-such-query")
    assert done.returncode != 0 and "unknown named queries: no-such-query" in done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--seconds", "100000"], "at most 600"),
        (["--seconds", "0"], "more than 0"),
        (["--request-timeout", "1000"], "at most 300"),
        (["--processes", "0"], "--processes must be 1 or more"),
        (["--clients", "0"], "--clients must be 1 or more"),
    ],
)
def test_load_test_refuses_an_unbounded_or_empty_run(args, message):
    done = _script("--store", "no-such-store", *args, timeout=60)
    assert done.returncode == 2 and message in done.stderr
