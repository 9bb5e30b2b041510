"""The front of `serve` (front.py): its cache and answer limit, before the real Oxigraph server.

The cache's bookkeeping is tested on its own; everything else through a
running Server on a copy of the seed store, as `serve` runs it.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sanctions_graph.errors import InputError
from sanctions_graph.front import Answer, Cache
from sanctions_graph.serve import Server
from tests.test_serve import get, http, post_form, rows_from_json

JSON = "application/sparql-results+json"
SMALL = "SELECT ?s WHERE { ?s a ?type } ORDER BY ?s LIMIT 5"
# About a second of Oxigraph's CPU on the seed store (every pair of quads), one row.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } }"
# About 6 MB of JSON.
LARGE = "SELECT * WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } } LIMIT 20000"


def answer(size: int) -> Answer:
    return Answer((("Content-Type", "text/plain"),), b"x" * size)


# ---------------------------------------------------------------- the cache alone


def test_the_cache_drops_the_least_recently_used_first():
    cache = Cache(800)  # keeps answers up to 100 bytes
    for name in "abcdefgh":
        assert cache.put((name, "", b"", ()), answer(100))
    assert cache.size == 800
    assert cache.get(("a", "", b"", ())) is not None  # a is now the most recent
    cache.put(("i", "", b"", ()), answer(100))
    assert cache.get(("b", "", b"", ())) is None  # b went, not a
    assert cache.get(("a", "", b"", ())) is not None
    assert cache.size == 800 and len(cache) == 8


def test_the_cache_does_not_keep_an_answer_over_an_eighth_of_it():
    cache = Cache(800)
    assert not cache.put(("big", "", b"", ()), answer(101))
    assert cache.get(("big", "", b"", ())) is None and cache.size == 0


def test_replacing_an_entry_counts_its_size_once():
    cache = Cache(800)
    cache.put(("a", "", b"", ()), answer(100))
    cache.put(("a", "", b"", ()), answer(40))
    assert cache.size == 40 and len(cache) == 1


# ---------------------------------------------------------------- before the server


@pytest.fixture(scope="module")
def front(served_store):
    with Server(served_store, port=0, cors=True, max_answer_mb=1) as running:
        yield running


@pytest.mark.server
def test_a_repeated_query_is_answered_from_memory_with_the_same_answer(front):
    first = get(front, SMALL, JSON)
    second = get(front, SMALL, JSON)
    assert first[0] == second[0] == 200
    assert (first[1]["x-cache"], second[1]["x-cache"]) == ("MISS", "HIT")
    assert first[2] == second[2]
    assert first[1]["content-type"] == second[1]["content-type"] == JSON
    assert len(rows_from_json(second[2])[1]) == 5


@pytest.mark.server
def test_what_changes_the_answer_changes_the_entry(front):
    sparql = SMALL.replace("LIMIT 5", "LIMIT 4")
    as_json = get(front, sparql, JSON)
    as_csv = get(front, sparql, "text/csv")
    assert as_json[1]["x-cache"] == "MISS" and as_csv[1]["x-cache"] == "MISS"
    assert as_csv[1]["content-type"].startswith("text/csv")
    assert as_csv[2].splitlines()[0].strip() == b"s"
    # The same query POSTed as a form is its own entry, with the same rows.
    posted = post_form(front, sparql, JSON)
    assert posted[1]["x-cache"] == "MISS"
    assert rows_from_json(posted[2]) == rows_from_json(as_json[2])
    assert post_form(front, sparql, JSON)[1]["x-cache"] == "HIT"


@pytest.mark.server
def test_the_same_query_asked_at_once_runs_once(front):
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: get(front, SLOW, JSON), range(6)))
    assert all(status == 200 for status, _, _ in answers)
    assert sorted(headers["x-cache"] for _, headers, _ in answers) == ["HIT"] * 5 + ["MISS"]
    assert len({body for _, _, body in answers}) == 1
    count = json.loads(answers[0][2])["results"]["bindings"][0]["n"]["value"]
    assert int(count) > 1_000_000


@pytest.mark.server
def test_an_answer_too_large_to_keep_still_serves_those_waiting_for_it(served_store):
    # A 1 MB cache keeps answers up to 128 KB; this one is about 600 KB.
    sparql = (
        "SELECT ?a ?b (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } } "
        "GROUP BY ?a ?b"
    )
    with Server(served_store, port=0, cache_mb=1) as running:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(lambda _: get(running, sparql, JSON), range(4)))
        assert sorted(headers["x-cache"] for _, headers, _ in answers) == ["HIT"] * 3 + ["MISS"]
        assert len({body for _, _, body in answers}) == 1 and len(answers[0][2]) > 128 << 10
        # Not kept: asked again, it runs again.
        assert get(running, sparql, JSON)[1]["x-cache"] == "MISS"


@pytest.mark.server
def test_errors_are_passed_on_and_not_kept(front):
    for _ in range(2):
        status, headers, body = get(front, "SELEC * WHERE { ?s ?p ?o }", JSON)
        assert status == 400
        assert "x-cache" not in headers
        assert b"error" in body.lower()


@pytest.mark.server
def test_an_answer_over_the_limit_is_an_error_that_says_what_to_do(front):
    status, headers, body = get(front, LARGE, JSON)
    assert status == 500
    message = body.decode()
    assert "larger than 1 MB" in message and "LIMIT" in message and "--max-answer-mb" in message
    # Under the limit, the same pattern answers.
    small = get(front, LARGE.replace("20000", "100"), JSON)
    assert small[0] == 200 and len(rows_from_json(small[2])[1]) == 100


@pytest.mark.server
def test_cross_origin_headers_come_back_from_memory_too(front):
    # The query page is opened from disk: its requests carry "Origin: null".
    for expected in ("MISS", "HIT"):
        status, headers, _ = http(
            front.endpoint + "?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
            headers={"Accept": JSON, "Origin": "null"},
        )
        assert status == 200 and headers["x-cache"] == expected
        assert headers["access-control-allow-origin"] == "*"
    # The answer limit's error is readable by the page too.
    status, headers, _ = http(
        front.endpoint + "?" + urlencode({"query": LARGE}),
        headers={"Accept": JSON, "Origin": "null"},
    )
    assert status == 500 and headers["access-control-allow-origin"] == "*"


@pytest.mark.server
def test_the_servers_own_page_passes_through(front):
    status, headers, body = http(front.url)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"yasgui" in body.lower()
    assert "x-cache" not in headers


@pytest.mark.server
def test_without_cache_every_query_goes_to_the_server(served_store):
    with Server(served_store, port=0, cache_mb=0) as running:
        assert running.fronted  # the answer limit still needs the front
        for _ in range(2):
            status, headers, _ = get(running, SMALL, JSON)
            assert status == 200 and "x-cache" not in headers


@pytest.mark.server
def test_with_neither_cache_nor_limit_the_server_listens_itself(served_store):
    with Server(served_store, port=0, cache_mb=0, max_answer_mb=0) as running:
        assert not running.fronted and len(running.pids) == 1
        assert running.upstream_port == 0
        status, headers, _ = get(running, SMALL, JSON)
        assert status == 200 and headers["server"].startswith("Oxigraph")


@pytest.mark.server
def test_stop_ends_the_front_and_the_server(served_store):
    with Server(served_store, port=0) as running:
        pids = running.pids
        assert len(pids) == 2
    # Both were reaped: their process ids are gone.
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)
    assert running.pids == []


def test_negative_sizes_are_refused(seed_store):
    with pytest.raises(InputError, match="--cache-mb -1"):
        Server(seed_store, cache_mb=-1)
    with pytest.raises(InputError, match="--max-answer-mb -5"):
        Server(seed_store, max_answer_mb=-5)
