"""Our Turtle writer against pyoxigraph's, and the two-process export.

turtle_writer.py writes Turtle from sorted N-Triples lines. It must give
pyoxigraph's bytes for the same triples in the same order: prefixed names
with the same escapes, the same bare numbers and booleans, the same
grouping. Large exports are written by two processes; their bytes must be
those of one, and a worker that fails must cost nothing but time.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sanctions_graph.turtle_writer as turtle_writer
from sanctions_graph.store import PREFIXES, Store
from sanctions_graph.turtle_writer import TurtleHalves, local_name, write_turtle

from .test_sorted_writers import awkward_quads, reference, store_of, stored_triples

NAMESPACES = {"ex": "http://example.org/", "exp": "http://example.org/p/", "x": "urn:x:"}
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# Characters of IRIs that may be written as local names, some with escapes,
# and some that never can be (then the IRI is written whole).
LOCAL_CHARS = st.sampled_from(
    list("aZ09_-.:~!$&'()*+,;=/?#@%")
    + ["é", "中", "\u00b7", "\u0301", "\u203f", "\u00d7", "\u037e", "😀"]
)
LITERALS = st.one_of(
    st.builds(lambda v: ox.Literal(v), st.text(max_size=6)),
    st.builds(lambda v: ox.Literal(v, language="en"), st.text(max_size=4)),
    st.builds(
        lambda v, t: ox.Literal(v, datatype=ox.NamedNode(XSD + t)),
        st.sampled_from(["1", "-2", "+3", "1.5", ".5", "1e3", "1.E-2", "true", "false", "x", "0"]),
        st.sampled_from(["integer", "decimal", "double", "boolean", "string", "date"]),
    ),
)


def valid_iri(text: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(text.replace("%", "%2F"))  # a "%" must start an escape
    except ValueError:  # "#" twice, say
        return None


def iris(namespaces: list[str]) -> st.SearchStrategy[ox.NamedNode]:
    return st.builds(
        lambda ns, local: valid_iri(ns + local),
        st.sampled_from(namespaces),
        st.text(LOCAL_CHARS, max_size=6),
    ).filter(lambda iri: iri is not None)


def pyoxigraph_turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """pyoxigraph's Turtle with our header: the prefixes in order, a blank line."""
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    body = b"\n".join(line for line in text.split(b"\n") if not line.startswith(b"@prefix "))
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode()
    return header + b"\n" + body if triples else header


def ours(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    lines = [f"{t.subject} {t.predicate} {t.object}".encode() for t in triples]
    out = io.BytesIO()
    write_turtle(lines, out, prefixes)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            iris(list(NAMESPACES.values()) + ["http://other.example/"]),
            iris(["http://example.org/", "http://example.org/p/"]),
            st.one_of(iris(list(NAMESPACES.values())), LITERALS),
        ),
        max_size=8,
    )
)
def test_the_writer_gives_pyoxigraphs_bytes(rows: list[tuple]) -> None:
    triples = sorted(
        {ox.Triple(s, p, o) for s, p, o in rows},
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    assert ours(triples, NAMESPACES) == pyoxigraph_turtle(triples, NAMESPACES)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("abc", "abc"),
        ("a/b", "a\\/b"),
        ("-a", "\\-a"),
        (".a.", "\\.a\\."),
        ("a.b", "a.b"),
        ("1st", "1st"),
        ("a%20b", "a\\%20b"),
        ("é:x", "é:x"),
        ("\u00b7a", None),  # may follow, not start
        ("a b", None),
        ("a<b", None),
    ],
)
def test_local_names(value: str, name: str | None) -> None:
    assert local_name(value) == name


def test_rdf_type_is_a_only_as_a_predicate() -> None:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [ox.Triple(ox.NamedNode("urn:x:s"), rdf_type, rdf_type)]
    prefixes = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "x": "urn:x:"}
    assert ours(triples, prefixes) == pyoxigraph_turtle(triples, prefixes)
    assert b"x:s a rdf:type .\n" in ours(triples, prefixes)


# ------------------------------------------------------------ two processes


def many_subjects_store(count: int = 400) -> Store:
    """A store with enough subjects for the export to be cut in two."""
    quads = awkward_quads()
    ex = "http://example.org/"
    graph = ox.NamedNode(ex + "graph/big")
    for n in range(count):
        subject = ox.NamedNode(f"{ex}item/{n:04d}")
        quads.append(ox.Quad(subject, RDF_TYPE, ox.NamedNode(f"{ex}Kind{n % 3}"), graph))
        quads.append(ox.Quad(subject, ox.NamedNode(ex + "p"), ox.Literal(f"item {n}"), graph))
        quads.append(ox.Quad(subject, ox.NamedNode(ex + "q"), ox.NamedNode(f"{ex}k{n % 7}"), graph))
        quads.append(
            ox.Quad(
                subject,
                ox.NamedNode(ex + "n"),
                ox.Literal(str(n - 200), datatype=ox.NamedNode(XSD + "integer")),
                graph,
            )
        )
    return store_of(quads)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[turtle_writer._Worker | None]:
    """Small runs start a worker; the workers started are recorded."""
    monkeypatch.setattr(turtle_writer, "PARALLEL_RUN", 50)
    workers: list[turtle_writer._Worker | None] = []
    start = turtle_writer._Worker.start

    def recorded(*args: object) -> turtle_writer._Worker | None:
        worker = start(*args)  # type: ignore[arg-type]
        workers.append(worker)
        return worker

    monkeypatch.setattr(turtle_writer._Worker, "start", staticmethod(recorded))
    return workers


def serial_dump(store: Store, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(turtle_writer, "PARALLEL_RUN", 10**9)
        return store.dump("turtle")


def test_two_processes_write_the_bytes_of_one(
    started: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = many_subjects_store()
    parallel = store.dump("turtle")
    assert len(started) == 1 and started[0] is not None  # a worker did write
    assert parallel == serial_dump(store, monkeypatch)
    assert parallel == reference(stored_triples(store), ox.RdfFormat.TURTLE)
    assert not list(Path(tempfile.gettempdir()).glob("sanctions-graph-*.ttl.part"))


def test_views_in_two_processes_leave_out_the_same(
    started: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = many_subjects_store()
    ex = "http://example.org/"
    view = {
        "skip_graphs": [ex + "graph/3"],
        "skip_subjects": [f"{ex}item/0001", f"{ex}item/0399", ex + "s0"],
        "skip_objects": {ex + "q": [ex + "k3"]},
        "skip_quads": [(ex + "graph/big", f"{ex}item/0300", ex + "q", ex + "k4")],
    }
    parallel = io.BytesIO()
    store.write_view(parallel, "turtle", **view)
    assert started and started[0] is not None
    serial = io.BytesIO()
    with monkeypatch.context() as patch:
        patch.setattr(turtle_writer, "PARALLEL_RUN", 10**9)
        store.write_view(serial, "turtle", **view)
    assert parallel.getvalue() == serial.getvalue()
    text = parallel.getvalue().decode()
    assert f"<{ex}item/0001>" not in text and f"<{ex}item/0399>" not in text
    assert f"<{ex}item/0002>" in text and f"<{ex}k3>" not in text


def fake_python(tmp_path: Path, body: str) -> str:
    """An executable standing in for Python as the worker: it gets the same
    arguments (-I, the script, the options) and does ``body``."""
    script = tmp_path / "python"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\noptions = json.loads(sys.argv[3])\n{body}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.parametrize(
    "body",
    [
        "sys.exit(3)",  # fails at once
        # writes half a text and claims success: the missing end mark gives it away
        "sys.stdin.buffer.read()\nopen(options['out'], 'wb').write(b'<x> <y> <z> ;\\n')",
        # exits while lines are still being sent
        "sys.stdin.buffer.read(100)",
    ],
)
@pytest.mark.skipif(os.name != "posix", reason="the stand-in worker is a shebang script")
def test_a_failed_worker_costs_time_not_bytes(
    started: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str
) -> None:
    store = many_subjects_store()
    expected = serial_dump(store, monkeypatch)
    monkeypatch.setattr(sys, "executable", fake_python(tmp_path, body))
    assert store.dump("turtle") == expected
    assert started and started[0] is not None
    assert not list(Path(tempfile.gettempdir()).glob("sanctions-graph-*.ttl.part"))


def test_small_exports_start_no_worker(started: list, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turtle_writer, "PARALLEL_RUN", 10**9)
    store_of(awkward_quads()).dump("turtle")
    assert started == []


def test_the_worker_protocol_directly(tmp_path: Path) -> None:
    """The worker sorts what it gets, leaves out subjects and lines, and marks its end."""
    out = tmp_path / "text"
    options = {
        "prefixes": {"ex": "http://example.org/"},
        "type_key": b"\x01".hex(),
        "out": str(out),
    }
    lines = [
        b'<http://example.org/b> <http://example.org/p> "2"',
        b"<http://example.org/a> \x01 <http://example.org/T>",
        b'<http://example.org/a> <http://example.org/p> "1"',
        b'<http://example.org/c> <http://example.org/p> "3"',
    ]

    def message(kind: bytes, items: list[bytes]) -> bytes:
        payload = b"\n".join(items)
        return kind + len(payload).to_bytes(8, "big") + payload

    import subprocess

    stdin = (
        message(b"L", lines[:2])
        + message(b"L", lines[2:])
        + message(b"S", [b"<http://example.org/c>"])
        + message(b"H", [lines[0]])
        + message(b"E", [])
    )
    done = subprocess.run(
        [sys.executable, "-I", turtle_writer.__file__, json.dumps(options)],
        input=stdin,
        check=True,
    )
    assert done.returncode == 0
    assert out.read_bytes() == b'ex:a a ex:T ;\n\tex:p "1" .\n# done\n'


def test_halves_hand_back_every_line_when_asked(started: list) -> None:
    halves = TurtleHalves(PREFIXES)
    runs = [
        sorted(f'<urn:x:{n:03d}> <urn:p> "{n}"'.encode() for n in range(k, 300, 3))
        for k in range(3)
    ]
    runs.append([f"<urn:x:{n:03d}> {RDF_TYPE} <urn:T>".encode() for n in range(300)])
    for run in runs:
        halves.add(run)
    assert halves.parallel and started[0] is not None
    assert sorted(halves.lines()) == sorted(line for run in runs for line in run)


def test_the_cut_comes_from_the_types_only(started: list) -> None:
    """A large run of another predicate (labels, of entities only) starts nothing."""
    halves = TurtleHalves(PREFIXES)
    halves.add(sorted(f'<urn:x:{n:03d}> <urn:label> "{n}"'.encode() for n in range(300)))
    assert not halves.parallel and started == []
    halves.add([f"<urn:x:{n:03d}> {RDF_TYPE} <urn:T>".encode() for n in range(0, 300, 2)])
    assert halves.parallel
    # The cut is the middle typed subject: the labels before it stay here.
    assert halves._pivot == b"<urn:x:150> "
    halves.close()


def test_without_prefixes_every_iri_is_written_whole() -> None:
    triples = [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))]
    assert (
        ours(triples, {})
        == pyoxigraph_turtle(triples, {})
        == b"\n<urn:x:s> <urn:x:p> <urn:x:o> .\n"
    )


def test_a_dump_that_cannot_be_written_leaves_no_worker(started: list, tmp_path: Path) -> None:
    from sanctions_graph.errors import InputError

    store = many_subjects_store()
    with pytest.raises(InputError, match="does not exist"):
        store.dump_to(tmp_path / "missing" / "out.ttl", "turtle")
    assert started and started[0] is not None
    worker = started[0]
    assert worker._proc.poll() is not None  # the worker was read for, then stopped
    assert not Path(worker._path).exists()
