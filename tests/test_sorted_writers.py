"""The sorted graph writers: the store's own dumps and views against the writer
of Python triples, on terms that are awkward to carry as text.

The store reads its graphs as text (TSV from Oxigraph, turned into N-Triples
lines and sorted as bytes); serialize_triples starts from pyoxigraph objects.
Both must give the same bytes for the same triples, in the documented order:
by subject, predicate and object in N-Triples form, rdf:type first.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

import sanctions_graph.store as store_module
from sanctions_graph.store import PREFIXES, Store, serialize_triples

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
G1, G2, G3 = (f"{EX}graph/{n}" for n in (1, 2, 3))


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


# Literals whose TSV form is not their N-Triples form (bare numbers and
# booleans, raw control characters), or whose text looks like syntax.
AWKWARD_OBJECTS = [
    typed("42", XSD + "integer"),
    typed("-7", XSD + "integer"),
    typed("-1.5", XSD + "decimal"),
    typed("1.0E3", XSD + "double"),
    typed("true", XSD + "boolean"),
    typed("abc", XSD + "integer"),  # not a valid integer: kept as written
    typed("2019-12-09", XSD + "date"),
    ox.Literal(""),
    ox.Literal("tab\there"),
    ox.Literal("new\nline and cr\r"),
    ox.Literal('quote " and back\\slash'),
    ox.Literal("bell \x07, one \x01, del \x7f, nul \x00, form feed \x0c"),
    ox.Literal("é 中 😀"),
    ox.Literal("a b  c"),
    ox.Literal("_:not-a-blank-node"),
    ox.Literal(f"x <{RDF_TYPE}> y"),
    ox.Literal(" \x01 "),
    ox.Literal("chat", language="fr"),
    ox.Literal("x\x02", language="en"),
    typed("v\x03", EX + "datatype"),
    iri("a"),
    iri("a/b"),
    iri("ab"),
    iri("é"),
]


def awkward_quads() -> list[ox.Quad]:
    """Triples spread over three named graphs and the default graph, some in several."""
    quads = []
    for n, obj in enumerate(AWKWARD_OBJECTS):
        subject = iri(f"s{n % 5}")
        graph = ox.NamedNode((G1, G2, G3)[n % 3])
        quads.append(ox.Quad(subject, iri("p"), obj, graph))
        quads.append(ox.Quad(subject, iri("p"), obj, ox.NamedNode(G1)))  # again, another graph
        quads.append(ox.Quad(iri("a"), iri(f"q{n % 4}"), obj, graph))
    quads += [
        ox.Quad(iri("s1"), ox.NamedNode(RDF_TYPE), iri("Thing"), ox.NamedNode(G2)),
        ox.Quad(iri("s1"), ox.NamedNode(RDF_TYPE), iri("Other"), ox.DefaultGraph()),
        ox.Quad(iri("s2"), ox.NamedNode(RDF_TYPE), ox.Literal("not a class"), ox.NamedNode(G3)),
        ox.Quad(iri("a"), ox.NamedNode(RDF_TYPE), iri("Thing"), ox.DefaultGraph()),
        ox.Quad(iri("z"), iri("p"), typed("5", XSD + "integer"), ox.DefaultGraph()),
    ]
    return quads


def store_of(quads: list[ox.Quad]) -> Store:
    store = Store.memory()
    store.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), "nquads", replace=False)
    return store


def rdflib_triples(store: Store) -> set[tuple]:
    return {(s, p, o) for s, p, o, _ in store.quads()}


def stored_triples(store: Store) -> set[ox.Triple]:
    """The union as the store holds it (numbers in canonical form), read back
    through the N-Quads dump, which does not go through the graph writers."""
    return {q.triple for q in ox.parse(store.dump("nquads"), ox.RdfFormat.N_QUADS)}


def reference(triples: set[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """The documented order, worked out on pyoxigraph objects: by subject,
    predicate, object as N-Triples text, rdf:type before the other predicates."""

    def key(t: ox.Triple) -> tuple[str, str, str]:
        predicate = "" if t.predicate.value == RDF_TYPE else str(t.predicate)
        return (str(t.subject), predicate, str(t.object))

    ordered = sorted(triples, key=key)
    if fmt == ox.RdfFormat.N_TRIPLES:
        return ox.serialize(ordered, format=fmt)
    # Our prefixes in PREFIXES order, a blank line, the statements.
    text = ox.serialize(ordered, format=fmt, prefixes=PREFIXES)
    body = b"\n".join(line for line in text.split(b"\n") if not line.startswith(b"@prefix "))
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()
    return header + b"\n" + body if ordered else header


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_store_dumps_match_the_triple_writer_and_the_documented_order(fmt: str) -> None:
    store = store_of(awkward_quads())
    dumped = store.dump(fmt)
    assert dumped == serialize_triples(rdflib_triples(store), fmt)
    ox_fmt = store_module.DUMP_FORMATS[fmt]
    assert dumped == reference(stored_triples(store), ox_fmt)
    # Nothing lost or changed on the way through TSV and back.
    assert {q.triple for q in ox.parse(dumped, ox_fmt)} == stored_triples(store)


def test_rdf_type_comes_first_among_a_subjects_predicates() -> None:
    text = store_of(awkward_quads()).dump("turtle").decode()
    thing, other = f"<{EX}Thing>", f"<{EX}Other>"
    assert f"<{EX}a> a {thing} ;\n" in text
    assert f"<{EX}s1> a {other} , {thing} ;\n" in text


def test_the_view_matches_the_triple_writer_and_skips_what_it_is_told() -> None:
    store = store_of(awkward_quads())
    out = io.BytesIO()
    store.write_view(
        out,
        "nt",
        skip_graphs=[G3, "not an IRI"],
        skip_subjects=[EX + "s0", "not an IRI"],
        skip_objects={EX + "q1": [EX + "a/b", "not an IRI"], EX + "q3": [EX + "é"], "x": ["y"]},
    )
    kept = {
        q.triple
        for q in ox.parse(store.dump("nquads"), ox.RdfFormat.N_QUADS)
        if q.graph_name != ox.NamedNode(G3)
        and q.subject != iri("s0")
        and (q.predicate, q.object) not in ((iri("q1"), iri("a/b")), (iri("q3"), iri("é")))
    }
    assert len(kept) < len(stored_triples(store)) - 10
    assert out.getvalue() == reference(kept, ox.RdfFormat.N_TRIPLES)


def test_a_skipped_quad_hides_its_triple_only_where_no_other_graph_has_it() -> None:
    s, p = iri("s"), iri("p")
    store = store_of(
        [
            ox.Quad(s, p, iri("only-in-1"), ox.NamedNode(G1)),
            ox.Quad(s, p, iri("also-in-2"), ox.NamedNode(G1)),
            ox.Quad(s, p, iri("also-in-2"), ox.NamedNode(G2)),
            ox.Quad(s, p, iri("also-in-skipped-3"), ox.NamedNode(G1)),
            ox.Quad(s, p, iri("also-in-skipped-3"), ox.NamedNode(G3)),
            ox.Quad(s, p, iri("also-default"), ox.NamedNode(G1)),
            ox.Quad(s, p, iri("also-default"), ox.DefaultGraph()),
            ox.Quad(s, p, iri("hidden-in-both"), ox.NamedNode(G1)),
            ox.Quad(s, p, iri("hidden-in-both"), ox.NamedNode(G2)),
        ]
    )
    hide = ["only-in-1", "also-in-2", "also-in-skipped-3", "also-default", "hidden-in-both"]
    quads = [(G1, EX + "s", EX + "p", EX + name) for name in hide]
    quads += [(G2, EX + "s", EX + "p", EX + "hidden-in-both"), ("not an IRI", "x", "y", "z")]
    out = io.BytesIO()
    store.write_view(out, "nt", skip_graphs=[G3], skip_quads=quads)
    kept = {q.triple.object for q in ox.parse(out.getvalue(), ox.RdfFormat.N_TRIPLES)}
    assert kept == {iri("also-in-2"), iri("also-default")}


def blank_quads(prefix: str) -> list[ox.Quad]:
    """An OWL-like list of blank nodes, with labels of our choosing."""
    b = [ox.BlankNode(f"{prefix}{n}") for n in range(3)]
    rest = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
    first = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
    graph = ox.NamedNode(G1)
    return [
        ox.Quad(iri("class"), iri("unionOf"), b[0], graph),
        ox.Quad(b[0], first, iri("A"), graph),
        ox.Quad(b[0], rest, b[1], graph),
        ox.Quad(b[1], first, ox.Literal("_:b0 is text"), graph),
        ox.Quad(b[1], rest, b[2], graph),
        ox.Quad(b[2], first, iri("B"), graph),
        ox.Quad(iri("class"), iri("p"), ox.Literal("no blank node, but _:x"), graph),
    ]


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_blank_nodes_get_the_same_labels_whatever_their_ids(fmt: str) -> None:
    one, other = store_of(blank_quads("x")), store_of(list(reversed(blank_quads("other"))))
    dumped = one.dump(fmt)
    assert dumped == other.dump(fmt)
    assert dumped == serialize_triples(rdflib_triples(other), fmt)
    assert b"_:c14n0" in dumped
    for label in ("x0", "x1", "x2", "other0", "other1", "other2"):
        assert f"_:{label} ".encode() not in dumped
    view, other_view = io.BytesIO(), io.BytesIO()
    one.write_view(view, fmt, skip_subjects=[EX + "nothing"])
    other.write_view(other_view, fmt, skip_subjects=[EX + "nothing"])
    assert view.getvalue() == other_view.getvalue() == dumped
    graph = Graph().parse(data=dumped, format=fmt)
    expected = Graph()
    for s, p, o in rdflib_triples(one):
        expected.add((s, p, o))
    assert isomorphic(graph, expected)
    assert len({t for t in graph.subjects() if isinstance(t, BNode)}) == 3


def test_the_bytes_do_not_depend_on_the_number_of_readers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = store_of(awkward_quads())
    many = store.dump("turtle")
    monkeypatch.setattr(store_module, "_READERS", 1)
    assert store.dump("turtle") == many


def test_an_empty_store_dumps_the_prefixes_only(tmp_path) -> None:
    store = Store.memory()
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()
    assert store.dump("turtle") == header == serialize_triples([], "turtle")
    assert store.dump("nt") == b""
    store.dump_to(tmp_path / "empty.ttl", "turtle")
    assert (tmp_path / "empty.ttl").read_bytes() == header
