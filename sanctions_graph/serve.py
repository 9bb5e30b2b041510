"""The store as a SPARQL endpoint, served by Oxigraph's own server behind a small front.

We write no SPARQL server: ``oxigraph serve-read-only`` (the ``oxigraph``
package, the same engine and version as pyoxigraph) speaks the SPARQL 1.1
Protocol, negotiates result formats and serves its own query page (YASGUI,
bundled in the binary, so the page loads nothing from a CDN). This module
finds that program, checks what it would otherwise fail on obscurely (no
store, a taken port, a host other machines can reach), runs it as a
subprocess and stops it.

The server runs with ``--union-default-graph``: each article lives in its own
named graph, and queries should see all of them, as ``sanctions-graph query``
does. It opens the store read-only, so it must not run while another process
writes the store (Oxigraph calls that undefined behaviour): stop it before
``ingest``.

Oxigraph's server has no option for four things ``serve`` does. SERVICE
calls: the server runs under a filter that lets it accept connections but
not open any (offline.py), so a SERVICE call fails instead of reaching
another endpoint (``allow_network`` lifts it). Its query page at ``/``
cannot be configured: its editor asks prefix.cc for prefix suggestions when
it loads. :func:`query_page` is ours instead: the same YASGUI, loaded from
the server, with every network lookup off and a tab for each named query.
It is opened from disk, so the server then allows cross-origin requests
(``cors``). Queries to the server must declare their prefixes (the named
queries do). And a cache and an answer-size limit: the front (front.py, on
aiohttp) listens where the clients connect, answers a query it has seen
from memory (the store cannot change while it is served) and refuses
answers over a size, and passes everything else to Oxigraph's server on a
loopback port of its own.
"""

from __future__ import annotations

import collections
import errno
import html
import http.client
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import TextIO

from . import offline
from .errors import InputError, SanctionsGraphError, StoreError
from .query import named_queries
from .store import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
# Memory for answers the front keeps (front.py); 0 serves without it.
DEFAULT_CACHE_MB = 256
# The largest answer the front sends; 0: any size.
DEFAULT_MAX_ANSWER_MB = 512

_LISTENING = re.compile(r"^(Listening for requests at |front listening on )")


def find_oxigraph() -> Path:
    """The ``oxigraph`` program: beside this Python (the venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise SanctionsGraphError(
        "the Oxigraph server program (oxigraph) is not installed; "
        "install it with `pip install 'oxigraph>=0.5.13,<0.6'` in this environment"
    )


def check_version(program: Path) -> str:
    """The server's version; refuses one whose storage may differ from pyoxigraph's.

    Both open the same RocksDB folder, so they must agree on the format:
    same major and minor version.
    """
    try:
        out = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise SanctionsGraphError(
            f"cannot run {program} --version: {error}; reinstall it with `pip install oxigraph`"
        ) from None
    server = out.split()[-1] if out.split() else "?"
    library = metadata.version("pyoxigraph")
    if server.split(".")[:2] != library.split(".")[:2]:
        raise SanctionsGraphError(
            f"{program} is Oxigraph {server} but the store is written by pyoxigraph {library}; "
            f"install the same version with `pip install 'oxigraph=={library}'`"
        )
    return server


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(name, None)
    except (socket.gaierror, UnicodeError):
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos
    )


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on right now (another process may still take it first)."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host.strip("[]"), 0))
        return int(sock.getsockname()[1])


def _script_json(value: object) -> str:
    # JSON inside <script>: no "</script>" or "<!--" can end the element early.
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def query_page(base_url: str, folder: Path | None = None, title: str = "") -> str:
    """Our query page for the server at ``base_url``: YASGUI with a tab per named query.

    Oxigraph's own page at ``/`` cannot be configured, and its editor asks
    prefix.cc (and, while typing, Linked Open Vocabularies) for suggestions.
    This page loads the same YASGUI from the server but with those lookups
    off, so that opening it and querying send nothing off the machine. It is
    opened from disk and queries the server from there, so the server must
    allow cross-origin requests (``Server(cors=True)``, what ``serve`` runs).
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    queries = [
        {"name": q.name, "title": q.title, "sparql": q.sparql}
        for q in named_queries(folder).values()
    ]
    values = {
        "BASE": html.escape(base),
        "TITLE": html.escape(title or base),
        "ENDPOINT_JSON": _script_json(base + "query"),
        "QUERIES_JSON": _script_json(queries),
    }
    template = (resources.files("sanctions_graph") / "templates" / "query.html").read_text(
        encoding="utf-8"
    )
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


def write_query_page(path: str | os.PathLike[str], base_url: str, title: str = "") -> Path:
    """Write :func:`query_page` to ``path`` (atomically)."""
    from .export import open_atomic  # the one place that writes files

    with open_atomic(path) as out:
        out.write(query_page(base_url, title=title).encode("utf-8"))
    return Path(path)


class Server:
    """``oxigraph serve-read-only`` on a store, as a subprocess, behind a caching front.

        with Server("sanctions-store", port=0) as server:   # 0: any free port
            ...  # server.url, server.endpoint

    The clients talk to a front (front.py, a second subprocess) at
    ``host:port``, which answers the queries it has seen from memory (up to
    ``cache_mb``), refuses answers over ``max_answer_mb``, and passes the
    rest to Oxigraph's server on a loopback port of its own. With both at 0
    there is no front: Oxigraph's server listens at ``host:port`` itself.

    ``start`` returns once the server answers queries; ``stop`` ends it.
    The processes' own messages go to ``log`` (stderr in the CLI); the last
    ones are kept for error messages either way.
    """

    def __init__(
        self,
        store: str | os.PathLike[str],
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        allow_remote: bool = False,
        allow_network: bool = False,
        cors: bool = False,
        timeout: int | None = None,
        cache_mb: int = DEFAULT_CACHE_MB,
        max_answer_mb: int = DEFAULT_MAX_ANSWER_MB,
        log: TextIO | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        if cache_mb < 0:
            raise InputError(f"--cache-mb {cache_mb} is negative; pass 0 to serve without a cache")
        if max_answer_mb < 0:
            raise InputError(
                f"--max-answer-mb {max_answer_mb} is negative; pass 0 for answers of any size"
            )
        self.store = Path(store)
        self.host = host
        self.port = port
        self.allow_remote = allow_remote
        self.allow_network = allow_network
        self.cors = cors
        self.timeout = timeout
        self.cache_mb = cache_mb
        self.max_answer_mb = max_answer_mb
        self.log = log
        self.startup_timeout = startup_timeout
        # Where Oxigraph's server listens when the front is in front of it.
        self.upstream_port = 0
        self._oxigraph: _Child | None = None
        self._front: _Child | None = None
        self._lines: collections.deque[str] = collections.deque(maxlen=50)

    # ------------------------------------------------------------------ addresses

    @property
    def url(self) -> str:
        """The query page, e.g. ``http://127.0.0.1:7878/``."""
        return f"http://{_bracketed(self.host)}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint (``/query``; ``/sparql`` is the same)."""
        return self.url + "query"

    @property
    def fronted(self) -> bool:
        """Whether the front (cache, answer limit) answers at ``host:port``."""
        return self.cache_mb > 0 or self.max_answer_mb > 0

    def command(self) -> list[str]:
        """The command line that runs Oxigraph's server (the program is looked up, not checked).

        Behind the front it listens on loopback, at ``upstream_port``.
        """
        if self.fronted:
            bind = f"{DEFAULT_HOST}:{self.upstream_port}"
        else:
            bind = f"{_bracketed(self.host)}:{self.port}"
        args = [
            str(find_oxigraph()),
            "serve-read-only",
            "--location",
            str(self.store),
            "--bind",
            bind,
            # Each article is a named graph; queries see them all, as `query` does.
            "--union-default-graph",
        ]
        if self.cors:
            args.append("--cors")
        if self.timeout is not None:
            args += ["--timeout-s", str(int(self.timeout))]
        if not self.allow_network:
            # Oxigraph runs SERVICE calls and has no switch against it: the
            # server runs under a filter that lets it accept connections but
            # not open any (offline.py).
            args = [sys.executable, "-I", str(Path(offline.__file__)), *args]
        return args

    def front_command(self) -> list[str]:
        """The command line that runs the front (front.py) at ``host:port``."""
        return [
            sys.executable,
            "-m",
            "sanctions_graph.front",
            "--upstream",
            f"http://{DEFAULT_HOST}:{self.upstream_port}",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--cache-mb",
            str(self.cache_mb),
            "--max-answer-mb",
            str(self.max_answer_mb),
        ]

    # ------------------------------------------------------------------ running

    @property
    def pid(self) -> int | None:
        """Oxigraph's server's process id while it runs."""
        return self._oxigraph.process.pid if self.running and self._oxigraph else None

    @property
    def pids(self) -> list[int]:
        """The process ids of Oxigraph's server and the front while they run (for CPU time)."""
        return [child.process.pid for child in self._children()] if self.running else []

    @property
    def running(self) -> bool:
        children = [self._oxigraph] + ([self._front] if self.fronted else [])
        return all(child is not None and child.running for child in children)

    def start(self) -> Server:
        """Check the store, host and port, start the server and wait until it answers."""
        if self._oxigraph is not None:
            raise SanctionsGraphError("the server is already started; stop it first")
        if not self.allow_remote and not is_loopback(self.host):
            raise InputError(
                f"--host {self.host} would let other machines query the store, with no "
                "authentication; use 127.0.0.1 (the default), or pass --allow-remote "
                "if that is what you want"
            )
        if not self.allow_network and not offline.supported():
            raise SanctionsGraphError(
                f"cannot keep the Oxigraph server from running SERVICE calls on {sys.platform} "
                f"({offline.machine()}): that needs Linux on x86-64 or AArch64; pass "
                "--allow-network to serve anyway"
            )
        self._check_store()
        check_version(find_oxigraph())
        self._lines.clear()
        try:
            if self.fronted:
                self._oxigraph = self._listen(
                    self._start_oxigraph, DEFAULT_HOST, "upstream_port", 0
                )
                self._front = self._listen(self._start_front, self.host, "port", self.port)
            else:
                self._oxigraph = self._listen(self._start_oxigraph, self.host, "port", self.port)
        except BaseException:
            self.stop()
            raise
        return self

    def wait(self, timeout: float | None = None) -> int | None:
        """Block until the server (or its front) exits (Ctrl-C raises KeyboardInterrupt);
        its exit code, or None after ``timeout`` seconds."""
        children = self._children()
        if not children:
            return None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            for child in children:
                code = child.process.poll()
                if code is not None:
                    return code
            if deadline is not None and time.monotonic() >= deadline:
                return None
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the front and the server (SIGTERM, then SIGKILL after 5 s) and reap them."""
        children = self._children()
        self._oxigraph = self._front = None
        for child in reversed(children):  # the front first
            child.stop()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<Server {self.store} at {self.url} {state}>"

    @property
    def messages(self) -> list[str]:
        """The server's (and the front's) last lines of output."""
        return list(self._lines)

    # ------------------------------------------------------------------ helpers

    def _children(self) -> list[_Child]:
        """The processes started: Oxigraph's server, then the front."""
        return [child for child in (self._oxigraph, self._front) if child is not None]

    def _check_store(self) -> None:
        # Store.open says what is wrong with the folder (missing, empty, not a
        # store); a read-only open takes no lock and writes nothing.
        Store.open(self.store, read_only=True, create=False).close()

    def _check_port(self, host: str, port: int) -> None:
        with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
            # As the server's own bind does, so that a closed connection's
            # TIME_WAIT does not count as "in use".
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host.strip("[]"), port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise InputError(
                        f"port {port} on {host} is already in use; stop what uses "
                        "it or pass another --port (0 picks a free one)"
                    ) from None
                raise InputError(
                    f"cannot listen on {host}:{port}: {error.strerror or error}; "
                    "pass another --host or --port"
                ) from None

    def _listen(self, launch: Callable[[], _Child], host: str, attribute: str, port: int) -> _Child:
        """Start a child that listens at ``host`` and the port in ``attribute``
        (a free one when ``port`` is 0) and wait until it answers."""
        auto_port = port == 0
        for attempt in range(3 if auto_port else 1):
            if auto_port:
                setattr(self, attribute, free_port(host))
            else:
                self._check_port(host, port)
            child = launch()
            try:
                self._wait_until_it_answers(child, host, getattr(self, attribute))
                return child
            except _PortTaken:
                # Someone took the free port between our look and the child's bind.
                if attempt == 2 or not auto_port:
                    raise InputError(
                        f"port {getattr(self, attribute)} on {host} is already in use; stop "
                        "what uses it or pass another --port (0 picks a free one)"
                    ) from None
        raise AssertionError("not reached")

    def _start_oxigraph(self) -> _Child:
        try:
            return _Child(self.command(), "oxigraph", "Oxigraph server", self._lines, self.log)
        except OSError as error:
            raise SanctionsGraphError(
                f"cannot start the Oxigraph server: {error}; reinstall it with "
                "`pip install oxigraph`"
            ) from None

    def _start_front(self) -> _Child:
        try:
            return _Child(self.front_command(), "front", "front", self._lines, self.log)
        except OSError as error:
            raise SanctionsGraphError(f"cannot start the front: {error}") from None

    def _wait_until_it_answers(self, child: _Child, host: str, port: int) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                child.stop()
                raise self._start_error(child.process.returncode)
            if _answers(host, port):
                return
            time.sleep(0.05)
        child.stop()
        raise SanctionsGraphError(
            f"the {child.name} did not answer at {host}:{port} within "
            f"{self.startup_timeout:g} s; its last words: {self._last_words()}"
        )

    def _last_words(self) -> str:
        lines = [
            line.removeprefix("Error: ")
            for line in self._lines
            if line.strip() and not line.startswith(("Stack backtrace", " "))
        ]
        return lines[-1] if lines else "(nothing)"

    def _start_error(self, code: int) -> SanctionsGraphError:
        words = self._last_words()
        if "address already in use" in words.lower():
            return _PortTaken(words)
        if "Cannot assign requested address" in words:
            return InputError(
                f"cannot listen on {self.host}: it is not an address of this machine; "
                "pass another --host"
            )
        if words.startswith("cannot keep "):
            return SanctionsGraphError(f"{words}; pass --allow-network to serve without the filter")
        if "lock" in words.lower() or "No such file" in words:
            return StoreError(f"the Oxigraph server cannot open the store at {self.store}: {words}")
        return SanctionsGraphError(f"the Oxigraph server stopped at start (exit {code}): {words}")


class _Child:
    """One subprocess of a Server, its output read into ``lines`` (and ``log``) by a thread."""

    def __init__(
        self,
        command: list[str],
        prefix: str,
        name: str,
        lines: collections.deque[str],
        log: TextIO | None,
    ) -> None:
        self.name = name  # in messages: "the {name} did not answer"
        self._prefix = prefix  # before each line of its output in the log
        self._lines = lines
        self._log = log
        env = dict(os.environ, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        self._reader = threading.Thread(
            target=self._read_output, name=f"{prefix}-output", daemon=True
        )
        self._reader.start()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 5 s; reap it and its output."""
        process = self.process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._reader.join(5)
        if process.stdout is not None:
            process.stdout.close()

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        for raw in iter(self.process.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            self._lines.append(line)
            # The caller prints the address itself, with the real port.
            if self._log is not None and line and not _LISTENING.match(line):
                try:
                    self._log.write(f"{self._prefix}: {line}\n")
                    self._log.flush()
                except (OSError, ValueError):
                    pass


def _answers(host: str, port: int) -> bool:
    """Whether a SPARQL endpoint at ``host:port`` answers ``ASK {}``."""
    host = host.strip("[]")
    # A wildcard address is reached through loopback.
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request(
            "GET",
            "/query?query=ASK%7B%7D",
            headers={"Accept": "application/sparql-results+json"},
        )
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _bracketed(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host


class _PortTaken(InputError):
    """The server's bind failed: the port is in use."""


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
