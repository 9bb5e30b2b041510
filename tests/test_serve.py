"""`sanctions-graph serve`: the real Oxigraph server on a copy of the seed store.

Every server test talks HTTP to a running `oxigraph serve-read-only` on a free
loopback port and compares with what the embedded store answers for the same
query. The browser tests drive Debian's Chromium through Playwright and fail
(never skip) without it.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urlparse
from urllib.request import ProxyHandler, Request, build_opener

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from sanctions_graph import offline
from sanctions_graph.cli import main
from sanctions_graph.errors import InputError, StoreError
from sanctions_graph.query import format_csv, format_json, format_tsv, named_queries
from sanctions_graph.serve import (
    Server,
    find_oxigraph,
    free_port,
    is_loopback,
    query_page,
    write_query_page,
)
from sanctions_graph.store import Store
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, stop

PREFIXES = (
    "PREFIX sg: <https://w3id.org/sanctions-graph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
# IRIs and plain labels only, so that every result format writes them one way.
WHO_ORDERED_WHOM = PREFIXES + (
    "SELECT DISTINCT ?orderer ?ordererLabel ?ordered ?orderedLabel WHERE {\n"
    "  ?orderer sg:orders ?ordered .\n"
    "  ?orderer rdfs:label ?ordererLabel . ?ordered rdfs:label ?orderedLabel\n"
    "} ORDER BY ?ordererLabel ?orderedLabel"
)
ORDERS_GRAPH = PREFIXES + (
    "CONSTRUCT { ?a sg:orders ?b . ?a rdfs:label ?l } WHERE { ?a sg:orders ?b ; rdfs:label ?l }"
)

# No proxy: the server is on this machine, whatever http_proxy says.
HTTP = build_opener(ProxyHandler({}))


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def server(served_store):
    with Server(served_store, port=0) as running:
        yield running


def embedded(seed_store: Path, sparql: str):
    """The same query on the embedded store (the original the server's copy came from)."""
    with Store.open(seed_store, read_only=True, create=False) as store:
        return store.results(sparql)


def http(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    request = Request(url, data=data, headers=headers or {}, method=method)
    try:
        with HTTP.open(request, timeout=30) as response:
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def get(server: Server, sparql: str, accept: str):
    return http(server.endpoint + "?" + urlencode({"query": sparql}), headers={"Accept": accept})


def post_form(server: Server, sparql: str, accept: str):
    return http(
        server.endpoint,
        data=urlencode({"query": sparql}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )


def rows_from_json(body: bytes) -> tuple[list[str], list[str]]:
    """(variables, rows as sorted canonical JSON): rows compared as a multiset."""
    document = json.loads(body)
    rows = sorted(json.dumps(b, sort_keys=True) for b in document["results"]["bindings"])
    return document["head"]["vars"], rows


def rows_from_xml(body: bytes) -> tuple[list[str], list[str]]:
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    variables = [v.get("name") for v in root.findall("r:head/r:variable", ns)]
    rows = []
    for result in root.findall("r:results/r:result", ns):
        row = {}
        for binding in result.findall("r:binding", ns):
            (term,) = list(binding)
            kind = term.tag.split("}")[1]
            value = {"type": "bnode" if kind == "bnode" else kind, "value": term.text or ""}
            if term.get("datatype"):
                value["datatype"] = term.get("datatype")
            lang = term.get("{http://www.w3.org/XML/1998/namespace}lang")
            if lang:
                value["xml:lang"] = lang
            row[binding.get("name")] = value
        rows.append(json.dumps(row, sort_keys=True))
    return variables, sorted(rows)


# ---------------------------------------------------------------- no server needed


def test_the_server_program_is_the_venvs():
    program = find_oxigraph()
    assert program.name == "oxigraph"
    assert program.parent == Path(sys.executable).parent


@pytest.mark.parametrize("host", ["127.0.0.1", "127.4.5.6", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "10.1.2.3", ""])
def test_other_hosts_are_not_loopback(host):
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7"])
def test_a_reachable_host_is_refused_without_allow_remote(seed_store, host):
    server = Server(seed_store, host=host, port=0)
    with pytest.raises(InputError, match="--allow-remote"):
        server.start()
    assert not server.running


def test_allow_remote_binds_where_asked(seed_store):
    command = Server(
        seed_store, host="0.0.0.0", port=8123, allow_remote=True, cache_mb=0, max_answer_mb=0
    ).command()
    assert command[command.index(str(find_oxigraph())) + 1] == "serve-read-only"
    assert command[command.index("--bind") + 1] == "0.0.0.0:8123"
    assert command[command.index("--location") + 1] == str(seed_store)
    assert "--union-default-graph" in command
    assert "--cors" not in command


def test_behind_the_front_only_the_front_listens_where_asked(seed_store):
    server = Server(seed_store, host="0.0.0.0", port=8123, allow_remote=True, cache_mb=64)
    server.upstream_port = 9001
    oxigraph, front = server.command(), server.front_command()
    assert oxigraph[oxigraph.index("--bind") + 1] == "127.0.0.1:9001"
    assert front[front.index("--upstream") + 1] == "http://127.0.0.1:9001"
    assert front[front.index("--host") + 1 :][:4] == ["0.0.0.0", "--port", "8123", "--cache-mb"]
    assert front[front.index("--cache-mb") + 1] == "64"


def test_timeout_becomes_the_servers_query_timeout(seed_store):
    command = Server(seed_store, timeout=30).command()
    assert command[command.index("--timeout-s") + 1] == "30"
    assert "--timeout-s" not in Server(seed_store).command()


def test_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Server(tmp_path / "nowhere", port=0).start()


def test_a_folder_that_is_no_store_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a sanctions-graph store"):
        Server(tmp_path, port=0).start()


def test_cli_refuses_a_reachable_host(seed_store):
    result = CliRunner().invoke(main, ["serve", "--store", str(seed_store), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--allow-remote" in result.output
    assert "Traceback" not in result.output


def test_cli_says_when_there_is_no_store(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert f"no store at {tmp_path / 'none'}" in result.output


def test_the_server_runs_under_the_connection_filter_unless_allowed(seed_store):
    command = Server(seed_store).command()
    assert command[:3] == [sys.executable, "-I", offline.__file__]
    assert command[3] == str(find_oxigraph())
    assert Server(seed_store, allow_network=True).command()[0] == str(find_oxigraph())


def test_cors_only_when_asked(seed_store):
    assert "--cors" in Server(seed_store, cors=True).command()
    assert "--cors" not in Server(seed_store).command()


def test_the_filter_refuses_connections_but_not_listening():
    # A child under the filter can listen and accept (a server works) but
    # its own connect() fails with EPERM, even to this machine.
    script = (
        "import socket, errno\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)\n"
        "try:\n"
        "    socket.create_connection(server.getsockname(), timeout=5)\n"
        "    print('connected')\n"
        "except OSError as error:\n"
        "    print(errno.errorcode.get(error.errno))\n"
    )
    filtered = subprocess.run(
        [sys.executable, offline.__file__, sys.executable, "-c", script],
        capture_output=True, text=True, timeout=60,
    )
    assert (filtered.returncode, filtered.stdout.strip()) == (0, "EPERM"), filtered.stderr
    plain = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60)
    assert plain.stdout.strip() == "connected"


def test_the_filter_says_when_the_program_cannot_run(tmp_path):
    result = subprocess.run(
        [sys.executable, offline.__file__, str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 127
    assert f"cannot run {tmp_path / 'missing'}" in result.stderr


def _page_data(page: str, name: str):
    import re

    match = re.search(rf"const {name} = (.*);\n", page)
    assert match, name
    return json.loads(match.group(1))


def test_query_page_holds_every_named_query():
    base = "http://127.0.0.1:7878/"
    page = query_page(base)
    queries = named_queries()
    tabs = _page_data(page, "QUERIES")
    assert [t["name"] for t in tabs] == list(queries)
    assert {t["name"]: t["sparql"] for t in tabs} == {n: q.sparql for n, q in queries.items()}
    assert _page_data(page, "ENDPOINT") == base + "query"
    # Everything it loads comes from the server.
    import re

    loaded = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert loaded == [base + "yasgui.min.css", base + "yasgui.min.js"]


def test_query_page_keeps_markup_out_of_its_script(tmp_path):
    # A query folder is the user's, and a title is a path: neither can end
    # the script element or add markup.
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "hostile.rq").write_text(
        "# title: </script><script>alert(1)</script>\n"
        "SELECT * WHERE { ?s ?p \"</script><img src=x onerror=alert(1)>\" }\n"
    )
    page = query_page("http://127.0.0.1:7878/", folder, title="<b>store</b>")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<img" not in page and "<b>" not in page
    assert _page_data(page, "QUERIES")[0]["sparql"].endswith(
        '"</script><img src=x onerror=alert(1)>" }\n'
    )


# ---------------------------------------------------------------- the running server


@pytest.mark.server
def test_the_server_answers_on_loopback(server):
    assert server.running
    assert urlparse(server.url).hostname == "127.0.0.1"
    status, headers, body = http(server.url)
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"yasgui.min.js" in body  # Oxigraph's own query page


@pytest.mark.server
def test_a_taken_port_is_a_clear_error(served_store, server):
    with pytest.raises(InputError, match=f"port {server.port} on 127.0.0.1 is already in use"):
        Server(served_store, port=server.port).start()


@pytest.mark.server
def test_get_and_post_give_the_same_answer(server, seed_store):
    accept = "application/sparql-results+json"
    by_get = get(server, WHO_ORDERED_WHOM, accept)
    by_form = post_form(server, WHO_ORDERED_WHOM, accept)
    by_body = http(
        server.endpoint,
        data=WHO_ORDERED_WHOM.encode(),
        headers={"Accept": accept, "Content-Type": "application/sparql-query"},
    )
    for status, headers, _ in (by_get, by_form, by_body):
        assert status == 200
        assert headers["content-type"].startswith(accept)
    variables, rows = rows_from_json(by_get[2])
    assert rows_from_json(by_form[2]) == (variables, rows) == rows_from_json(by_body[2])
    assert variables == ["orderer", "ordererLabel", "ordered", "orderedLabel"]
    assert len(rows) > 3


@pytest.mark.server
def test_select_as_json_and_xml_equals_the_embedded_answer(server, seed_store):
    expected = rows_from_json(format_json(embedded(seed_store, WHO_ORDERED_WHOM)).encode())
    assert len(expected[1]) > 3
    status, headers, body = get(server, WHO_ORDERED_WHOM, "application/sparql-results+json")
    assert (status, headers["content-type"]) == (200, "application/sparql-results+json")
    assert rows_from_json(body) == expected
    status, headers, body = get(server, WHO_ORDERED_WHOM, "application/sparql-results+xml")
    assert (status, headers["content-type"]) == (200, "application/sparql-results+xml")
    assert rows_from_xml(body) == expected


@pytest.mark.server
def test_select_as_csv_equals_the_embedded_answer(server, seed_store):
    expected = list(csv.reader(io.StringIO(format_csv(embedded(seed_store, WHO_ORDERED_WHOM)))))
    status, headers, body = get(server, WHO_ORDERED_WHOM, "text/csv")
    assert status == 200
    assert headers["content-type"].startswith("text/csv")
    served = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert served[0] == expected[0] == ["orderer", "ordererLabel", "ordered", "orderedLabel"]
    assert sorted(served[1:]) == sorted(expected[1:])
    assert len(served) > 4


@pytest.mark.server
def test_select_as_tsv_equals_the_embedded_answer(server, seed_store):
    expected = format_tsv(embedded(seed_store, WHO_ORDERED_WHOM)).splitlines()
    status, headers, body = get(server, WHO_ORDERED_WHOM, "text/tab-separated-values")
    assert status == 200
    assert headers["content-type"].startswith("text/tab-separated-values")
    served = body.decode("utf-8").splitlines()
    assert served[0] == expected[0] == "?orderer\t?ordererLabel\t?ordered\t?orderedLabel"
    assert sorted(served[1:]) == sorted(expected[1:])
    assert served[1].startswith("<https://w3id.org/sanctions-graph/id/")


@pytest.mark.server
@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_by_accept_header_equals_the_embedded_graph(
    server, seed_store, accept, rdflib_format
):
    with Store.open(seed_store, read_only=True, create=False) as store:
        expected = Graph().parse(data=store.construct(ORDERS_GRAPH, "nt"), format="nt")
    assert len(expected) > 10
    status, headers, body = post_form(server, ORDERS_GRAPH, accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == accept
    served = Graph().parse(data=body, format=rdflib_format)
    assert isomorphic(served, expected)


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_on_the_server_equals_the_embedded_answer(server, seed_store, name):
    # The named queries declare their own prefixes: the server knows none.
    sparql = named_queries()[name].sparql
    expected = rows_from_json(format_json(embedded(seed_store, sparql)).encode())
    status, _, body = post_form(server, sparql, "application/sparql-results+json")
    assert status == 200, body.decode("utf-8", "replace")
    assert rows_from_json(body) == expected


@pytest.mark.server
def test_the_named_queries_find_something(server):
    empty = []
    for name, q in named_queries().items():
        status, _, body = post_form(server, q.sparql, "application/sparql-results+json")
        assert status == 200
        if not json.loads(body)["results"]["bindings"]:
            empty.append(name)
    assert empty == []


@pytest.mark.server
def test_the_default_graph_is_the_union_of_the_articles(server):
    # Triples live only in named graphs; without --union-default-graph this is 0.
    status, _, body = get(
        server,
        PREFIXES + "SELECT (COUNT(*) AS ?n) { ?a a sg:Article }",
        "application/sparql-results+json",
    )
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == 3


INSERT = "INSERT DATA { <urn:sg:test> <urn:sg:test> <urn:sg:test> }"


@pytest.mark.server
@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("update", urlencode({"update": INSERT}).encode(), "application/x-www-form-urlencoded"),
        ("update", INSERT.encode(), "application/sparql-update"),
        ("sparql", urlencode({"update": INSERT}).encode(), "application/x-www-form-urlencoded"),
    ],
)
def test_updates_are_refused(server, path, data, content_type):
    status, _, body = http(server.url + path, data=data, headers={"Content-Type": content_type})
    assert status == 403
    assert b"read-only" in body
    status, _, body = get(server, "ASK { <urn:sg:test> ?p ?o }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


@pytest.mark.server
def test_graph_store_writes_are_refused(server):
    status, _, _ = http(
        server.url + "store?default",
        data=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples"},
        method="PUT",
    )
    assert status == 403


@pytest.mark.server
def test_other_websites_cannot_read_the_answers(server):
    # No --cors: a page from another origin may send a query but not read it.
    status, headers, _ = http(
        server.endpoint + "?query=ASK%7B%7D", headers={"Origin": "https://example.org"}
    )
    assert status == 200
    assert "access-control-allow-origin" not in headers


def _service_call(server: Server) -> tuple[bytes, list[bytes]]:
    """Send a SERVICE query aimed at a listener on loopback: (the answer, what the listener got)."""
    received: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    port = listener.getsockname()[1]

    def accept_one() -> None:
        try:
            connection, _ = listener.accept()
            with connection:
                received.append(connection.recv(4096))
        except OSError:
            pass

    thread = threading.Thread(target=accept_one)
    thread.start()
    try:
        _, _, body = get(
            server,
            f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            "application/sparql-results+json",
        )
    finally:
        thread.join(15)
        listener.close()
    return body, received


@pytest.mark.server
def test_service_calls_are_refused(server):
    # The server's HTTP client cannot connect: the call fails inside the
    # server, and nothing reaches the endpoint (here a listener on loopback).
    body, received = _service_call(server)
    assert received == []
    assert b"Operation not permitted" in body
    # The server still answers afterwards.
    assert json.loads(get(server, "ASK {}", "application/sparql-results+json")[2])["boolean"]


@pytest.mark.server
def test_service_calls_go_out_with_allow_network(served_store):
    with Server(served_store, port=0, allow_network=True) as open_server:
        _, received = _service_call(open_server)
    assert received and received[0].startswith(b"POST /sparql ")
    assert b"user-agent: Oxigraph" in received[0]


@pytest.mark.server
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_the_server_cleanly(served_store, server, signum, tmp_path):
    # The served copy is already open read-only by `server`; a second read-only
    # reader is fine. Python's default SIGINT handler is installed explicitly,
    # since a parent shell may have started pytest with SIGINT ignored.
    port = free_port()
    page_path = tmp_path / "pages" / "query.html"
    launcher = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from sanctions_graph.cli import main; sys.exit(main())"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            launcher,
            "serve",
            "--store",
            str(served_store),
            "--port",
            str(port),
            "--page",
            str(page_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stderr.readline()
        assert f"at http://127.0.0.1:{port}/query " in first, first
        assert "from memory (up to 256 MB; --cache-mb 0" in process.stderr.readline()
        assert process.stderr.readline().strip() == f"query page: {page_path.as_uri()}"
        assert f"http://127.0.0.1:{port}/yasgui.min.js" in page_path.read_text()
        status, _, body = get(_At(port), "ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert (status, json.loads(body)["boolean"]) == (200, True)
        # The page is opened from disk (origin "null"): the server lets it read answers.
        _, headers, _ = http(
            f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", headers={"Origin": "null"}
        )
        assert headers["access-control-allow-origin"] == "*"
        process.send_signal(signum)
        assert process.wait(20) == 0
        rest = process.stderr.read()
        assert "stopped" in rest
        assert "Traceback" not in rest
    finally:
        if process.poll() is None:
            stop(process)  # SIGTERM first: a SIGKILL would orphan its oxigraph child
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


@pytest.mark.server
def test_no_page_means_no_cross_origin_reads(served_store, server, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sanctions_graph.cli", "serve", "--store", str(served_store),
         "--port", str(port), "--no-page"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert f"at http://127.0.0.1:{port}/query " in process.stderr.readline()
        status, headers, _ = http(
            f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", headers={"Origin": "null"}
        )
        assert status == 200
        assert "access-control-allow-origin" not in headers
        assert list(tmp_path.iterdir()) == []  # no exports/query.html
    finally:
        stop(process)


class _At:
    """Just enough of a Server for get()."""

    def __init__(self, port: int) -> None:
        self.endpoint = f"http://127.0.0.1:{port}/query"


@pytest.mark.server
def test_stop_frees_the_port(served_store):
    with Server(served_store, port=0) as running:
        port = running.port
        assert get(running, "ASK {}", "application/sparql-results+json")[0] == 200
        # The pid is the server's own (the filter's launcher became it).
        assert Path(f"/proc/{running.pid}/exe").resolve() == find_oxigraph().resolve()
    assert not running.running
    assert running.pid is None
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


# ---------------------------------------------------------------- the query page in Chromium

# The one request Oxigraph's own page (at /) makes to another machine: YASGUI's
# query editor (YASQE) fetches a list of common prefixes from prefix.cc when
# it loads. That page is compiled into the oxigraph binary and cannot be
# configured, which is why `serve` writes a query page of its own
# (serve.query_page); the test of Oxigraph's page shows the request still
# happens there, and fails once Oxigraph stops making it.
PREFIX_CC = "http://prefix.cc/popular/all.file.json"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob"}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/install-system-deps.sh", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Recorder:
    """Every request the browser context makes; requests for other machines are blocked."""

    def __init__(self, context, *, allow_files: bool = False) -> None:
        self.requests: list[str] = []
        self.allow_files = allow_files
        context.route("**/*", self._route)

    def _local(self, url: str) -> bool:
        parsed = urlparse(url)
        if parsed.scheme in LOCAL_SCHEMES or (self.allow_files and parsed.scheme == "file"):
            return True
        return parsed.scheme in ("http", "https") and parsed.hostname in LOCAL_HOSTS

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if self._local(url):
            route.continue_()
        else:
            route.abort()

    @property
    def outside(self) -> set[str]:
        return {url for url in self.requests if not self._local(url)}


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context
    context.close()


def read_table(page) -> tuple[list[str], list[list[str]]]:
    """YASR's result table: header and rows, without its row-number column."""
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr", timeout=30_000)
    return page.evaluate(
        """() => {
            const table = document.querySelector('.tabPanel.active .yasr table.dataTable');
            const header = [...table.querySelectorAll('thead th')].slice(1)
                .map(th => th.innerText.trim());
            const rows = [...table.querySelectorAll('tbody tr')].map(
                tr => [...tr.querySelectorAll('td')].slice(1).map(td => td.innerText.trim()));
            return [header, rows];
        }"""
    )


@pytest.fixture(scope="module")
def page_server(served_store):
    """The server as `sanctions-graph serve` runs it: cross-origin reads allowed for the page."""
    with Server(served_store, port=0, cors=True) as running:
        yield running


@pytest.fixture
def query_page_path(page_server, tmp_path) -> Path:
    return write_query_page(tmp_path / "query.html", page_server.url, title="seed store")


def open_query_page(context, path: Path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector(".yasqe .CodeMirror")
    page.wait_for_load_state("networkidle")
    return page, errors


def editor_text(page) -> str:
    """The query in the active tab's editor."""
    return page.evaluate(
        "document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()"
    )


def tab_names(page) -> list[str]:
    names = page.eval_on_selector_all(".tabsList .tab a > span", "els => els.map(e => e.innerText)")
    return [name.strip() for name in names]


@pytest.mark.browser
@pytest.mark.server
def test_oxigraph_page_asks_prefix_cc(context, server):
    # Why we write our own page: Oxigraph's loads from the server but then
    # asks prefix.cc (blocked here, and the page works without it).
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector(".yasqe .CodeMirror")
    page.wait_for_load_state("networkidle")
    base = server.url
    assert {base, base + "yasgui.min.js", base + "yasgui.min.css"} <= set(recorder.requests)
    assert recorder.outside == {PREFIX_CC}


@pytest.mark.browser
@pytest.mark.server
def test_query_page_loads_with_no_request_leaving_the_machine(
    context, page_server, query_page_path
):
    recorder = Recorder(context, allow_files=True)
    page, errors = open_query_page(context, query_page_path)
    assert tab_names(page) == list(named_queries())
    base = page_server.url
    assert set(recorder.requests) == {
        query_page_path.as_uri(), base + "yasgui.min.css", base + "yasgui.min.js"
    }
    assert recorder.outside == set()
    assert errors == []
    assert page.inner_text("#endpoint") == page_server.endpoint
    # Asking for suggestions (Ctrl+Space) on a class or a property is where
    # YASQE would ask Linked Open Vocabularies, and on a prefix, prefix.cc.
    page.click(".tabPanel.active .yasqe .CodeMirror")
    page.keyboard.press("Control+A")
    for text in ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT * WHERE { ?x a foaf:Pers",
                 " ; foaf:nam", " } PREFIX ow"):
        page.keyboard.type(text)
        page.keyboard.press("Control+Space")
        page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    assert recorder.outside == set()


@pytest.mark.browser
@pytest.mark.server
def test_named_query_tab_runs_in_the_query_page(context, page_server, seed_store, query_page_path):
    recorder = Recorder(context, allow_files=True)
    page, errors = open_query_page(context, query_page_path)
    page.click('.tabsList .tab a > span:text-is("who-ordered-whom")')
    assert editor_text(page) == named_queries()["who-ordered-whom"].sparql
    page.click(".tabPanel.active .yasqe_queryButton")
    header, rows = read_table(page)

    results = embedded(seed_store, named_queries()["who-ordered-whom"].sparql)
    assert header == results.variables
    labels = [results.variables.index(v) for v in ("ordererLabel", "orderedLabel")]
    expected = sorted([str(row[i]) for i in labels] for row in results.rows)
    assert sorted([row[i] for i in labels] for row in rows) == expected
    assert len(rows) == len(results.rows) > 3
    assert page_server.endpoint in recorder.requests
    assert recorder.outside == set()
    assert errors == []


@pytest.mark.browser
@pytest.mark.server
def test_typed_query_runs_in_the_query_page(context, page_server, seed_store, query_page_path):
    recorder = Recorder(context, allow_files=True)
    page, _ = open_query_page(context, query_page_path)
    page.click(".tabPanel.active .yasqe .CodeMirror")
    page.keyboard.press("Control+A")
    query = " ".join(PREFIXES.split()) + (
        " SELECT DISTINCT ?orderer ?ordered WHERE { ?a sg:orders ?b . ?a rdfs:label ?orderer ."
        " ?b rdfs:label ?ordered } ORDER BY ?orderer ?ordered"
    )
    page.keyboard.type(query)  # one line: Enter could pick an autocompletion
    assert editor_text(page) == query
    page.click(".tabPanel.active .yasqe_queryButton")
    header, rows = read_table(page)

    results = embedded(seed_store, query)
    assert header == results.variables == ["orderer", "ordered"]
    assert rows == [[str(term) for term in row] for row in results.rows]
    assert len(rows) > 3
    assert recorder.outside == set()


@pytest.mark.browser
def test_query_page_without_a_server_says_so(context, tmp_path):
    # Opened while no server runs: one line saying what to do, not a blank page.
    path = write_query_page(tmp_path / "query.html", f"http://127.0.0.1:{free_port()}/")
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("#problem", state="visible")
    assert "sanctions-graph serve" in page.inner_text("#problem")
