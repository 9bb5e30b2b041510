"""A caching front for the served endpoint: answers a query it has seen from memory.

``serve`` opens the store read-only, and nothing may write it while it is
served (serve.py), so the answer to a query cannot change while the server
runs. The named queries are whole-graph reports: at a million triples one
costs up to a few seconds of CPU, and a query page or dashboard that many
people open asks the same few again and again. This front sits between the
clients and Oxigraph's server and keeps the answers:

* A query (GET or POST to ``/query`` or ``/sparql``) is looked up by what
  determines its answer: method, path and query string, body, and the
  ``Accept``, ``Content-Type`` and ``Origin`` headers. A hit is answered from
  memory; the answer carries ``X-Cache: HIT`` (``MISS`` when Oxigraph
  answered).
* The same query asked again while Oxigraph is still answering it waits for
  that answer instead of running it a second time (even an answer too large
  to keep).
* Only successful answers (200) are kept, each up to an eighth of the cache,
  and the least recently used go first once the cache is full.
* An answer larger than ``max_answer`` bytes is not sent: its client gets an
  error that says so and how to ask for less (a runaway query's answer does
  not fill the client's memory or the wire). So that the client gets a
  clear error rather than a cut answer, a query's answer is read whole
  before it is sent.
* Everything else (the server's own page, its scripts, errors, other paths)
  goes to Oxigraph and back unchanged.

``cache_bytes=0`` turns the cache off, ``max_answer=0`` the limit.

It does not parse SPARQL: two spellings of one query are two entries. It
speaks HTTP through aiohttp; Oxigraph's server still answers every query it
has not seen. Run it with ``python -m sanctions_graph.front``, as
:class:`sanctions_graph.serve.Server` does.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import signal
import sys
from dataclasses import dataclass

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web

QUERY_PATHS = frozenset({"/query", "/sparql"})
KEY_HEADERS = ("Accept", "Content-Type", "Origin")
# Headers about one connection, not the message (RFC 9110, 7.6.1), and the
# ones aiohttp sets itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "host",
        # Oxigraph does not compress; asking it to would make the cached bytes
        # depend on a header the key does not hold.
        "accept-encoding",
    }
)
MAX_QUERY_BYTES = 16 << 20  # a POSTed query; aiohttp's default is 1 MiB
READ_SIZE = 1 << 18

Key = tuple[str, str, bytes, tuple[str, ...]]


@dataclass(frozen=True)
class Answer:
    """A successful (200) answer, as the front keeps it."""

    headers: tuple[tuple[str, str], ...]
    body: bytes


class Cache:
    """Answers by key, the least recently used dropped first beyond ``capacity`` bytes."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.largest = capacity // 8  # an answer larger than this is not kept
        self.size = 0
        self._answers: collections.OrderedDict[Key, Answer] = collections.OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: Key) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: Key, answer: Answer) -> bool:
        """Keep ``answer`` if it fits; whether it was kept."""
        if len(answer.body) > self.largest:
            return False
        old = self._answers.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.capacity:
            _, dropped = self._answers.popitem(last=False)
            self.size -= len(dropped.body)
        return True


class Front:
    """The front's request handling: cache, waiting on answers in flight, forwarding."""

    def __init__(self, upstream: str, cache_bytes: int, max_answer: int = 0) -> None:
        self.upstream = upstream.rstrip("/")
        self.cache = Cache(cache_bytes)
        self.max_answer = max_answer
        self._in_flight: dict[Key, asyncio.Future[Answer | None]] = {}
        self._session: ClientSession | None = None

    async def start(self, app: web.Application) -> None:
        # One connection per query in flight, as the clients' own; no limit
        # beyond Oxigraph's, and no time limit beyond its --timeout-s.
        self._session = ClientSession(
            connector=TCPConnector(limit=0),
            timeout=ClientTimeout(total=None, sock_connect=10),
            auto_decompress=False,
            skip_auto_headers=("Accept-Encoding", "User-Agent"),
        )

    async def close(self, app: web.Application) -> None:
        if self._session is not None:
            await self._session.close()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if request.method not in ("GET", "POST") or request.path not in QUERY_PATHS:
            return await self._forward(request, body)
        if not self.cache.capacity:
            return await self._forward(request, body, query=True)
        key: Key = (
            request.method,
            request.path_qs,
            body,
            tuple(request.headers.get(name, "") for name in KEY_HEADERS),
        )
        answer = self.cache.get(key)
        waiting = self._in_flight.get(key)
        if answer is None and waiting is not None:
            answer = await asyncio.shield(waiting)
            if answer is None:  # that one failed: ask Oxigraph again
                return await self._forward(request, body, query=True)
        if answer is not None:
            return _response(answer, "HIT")
        # Only the request that finds no answer in flight registers one (no
        # await in between), and only it removes it.
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            return await self._forward(request, body, query=True, keep=(key, future))
        finally:
            del self._in_flight[key]
            if not future.done():  # no answer (an error): the waiters ask themselves
                future.set_result(None)

    async def _forward(
        self,
        request: web.Request,
        body: bytes,
        *,
        query: bool = False,
        keep: tuple[Key, asyncio.Future[Answer | None]] | None = None,
    ) -> web.StreamResponse:
        """Ask Oxigraph's server; a query's answer is read whole (and kept if ``keep``)."""
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            async with self._session.request(
                request.method,
                self.upstream + request.path_qs,
                headers=headers,
                data=body or None,
                allow_redirects=False,
            ) as upstream:
                kept = tuple(
                    (k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP
                )
                if not query or upstream.status != 200:
                    return await _stream(request, upstream.status, kept, upstream.content)
                body = await self._read_answer(upstream.content)
                if body is None:
                    return web.Response(
                        status=500,
                        text=f"the answer is larger than {_megabytes(self.max_answer)} MB, the "
                        "limit of this endpoint; ask for less (a LIMIT, fewer variables, a "
                        "narrower pattern), or serve with a larger --max-answer-mb\n",
                        headers=_cors(kept),
                    )
                answer = Answer(kept, body)
                if keep is not None:
                    # The waiters get it even if it is too large to keep.
                    self.cache.put(keep[0], answer)
                    keep[1].set_result(answer)
                return _response(answer, "MISS" if self.cache.capacity else None)
        except (ClientError, OSError) as error:
            return web.Response(
                status=502,
                text=f"the Oxigraph server behind this front did not answer: {error}\n",
            )

    async def _read_answer(self, content: object) -> bytes | None:
        """The whole answer, or None once it is over ``max_answer`` bytes."""
        read = content.read  # type: ignore[attr-defined]
        parts: list[bytes] = []
        size = 0
        while chunk := await read(READ_SIZE):
            size += len(chunk)
            if self.max_answer and size > self.max_answer:
                return None
            parts.append(chunk)
        return b"".join(parts)


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f}" if size >= 1 << 20 else f"{size / (1 << 20):.2g}"


def _cors(headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The CORS headers of an answer, for an error in its place (so the page can read it)."""
    return {k: v for k, v in headers if k.lower().startswith("access-control-")}


def _response(answer: Answer, cache: str | None) -> web.Response:
    response = web.Response(body=answer.body)
    for name, value in answer.headers:
        response.headers.add(name, value)
    if cache:
        response.headers["X-Cache"] = cache
    return response


async def _stream(
    request: web.Request,
    status: int,
    headers: tuple[tuple[str, str], ...],
    content: object,
) -> web.StreamResponse:
    response = web.StreamResponse(status=status)
    for name, value in headers:
        response.headers.add(name, value)
    await response.prepare(request)
    read = content.read  # type: ignore[attr-defined]
    while chunk := await read(READ_SIZE):
        await response.write(chunk)
    await response.write_eof()
    return response


def application(upstream: str, cache_bytes: int, max_answer: int = 0) -> web.Application:
    """The front as an aiohttp application, forwarding to ``upstream``."""
    front = Front(upstream, cache_bytes, max_answer)
    app = web.Application(client_max_size=MAX_QUERY_BYTES)
    app.on_startup.append(front.start)
    app.on_cleanup.append(front.close)
    app.router.add_route("*", "/{tail:.*}", front.handle)
    app["front"] = front
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sanctions_graph.front", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--upstream", required=True, help="the Oxigraph server, http://HOST:PORT")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cache-mb", type=int, required=True)
    parser.add_argument("--max-answer-mb", type=int, required=True)
    args = parser.parse_args(argv)
    # SIGTERM stops it as cleanly as Ctrl-C. Once it runs, aiohttp takes both signals
    # in the event loop (handle_signals): an interrupt raised at any other moment could
    # land inside a task and print its traceback on the way out.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    app = application(args.upstream, args.cache_mb << 20, args.max_answer_mb << 20)
    host = args.host.strip("[]")

    def ready(*_: object) -> None:
        print(f"front listening on {args.host}:{args.port}", flush=True)

    try:
        web.run_app(
            app,
            host=host,
            port=args.port,
            print=ready,
            access_log=None,
            handle_signals=True,
            shutdown_timeout=2,  # answers under way get 2 s to finish when it is stopped
            reuse_address=True,
        )
    except OSError as error:
        print(f"Error: {error.strerror or error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
