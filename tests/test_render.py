"""Graph -> network -> HTML, without a browser (tests/test_browser.py drives one)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from sanctions_graph.errors import InputError
from sanctions_graph.namespace import GRAPH, ID, SG
from sanctions_graph.render import (
    MAX_NODES,
    focus,
    layout_positions,
    network_from_graph,
    render_html,
    write_html,
)

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


def article(g: Graph, doc: str, title: str) -> URIRef:
    from rdflib.namespace import XSD  # at module level pytest's collector pokes it and it warns

    node = ID[f"article/{doc}"]
    g.add((node, RDF.type, SG.Article))
    g.add((node, SG.articleId, Literal(doc)))
    g.add((node, DCTERMS.title, Literal(title)))
    g.add((node, DCTERMS.source, Literal(f"seeds/{doc}.txt")))
    g.add((node, DCTERMS.issued, Literal("2017-09-21", datatype=XSD.date)))
    return node


def entity(g: Graph, slug: str, label: str, *types: URIRef, prop=RDFS.label) -> URIRef:
    node = ID[slug]
    for t in types:
        g.add((node, RDF.type, t))
    g.add((node, prop, Literal(label)))
    return node


def assertion(g: Graph, name: str, s, p, o, source: URIRef, text: str, **extra) -> URIRef:
    """An sg:Assertion and, unless negated, its direct triple (docs/graph-shape.md)."""
    node = ID[f"assertion/{name}"]
    factuality = extra.get("factuality", SG.Certain)
    polarity = extra.get("polarity", "positive")
    g.add((node, RDF.type, SG.Assertion))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, PROV.wasDerivedFrom, source))
    g.add((node, SG.evidenceText, Literal(text)))
    g.add((node, SG.trigger, Literal(extra.get("trigger", "instructed"))))
    g.add((node, SG.factuality, factuality))
    g.add((node, SG.polarity, Literal(polarity)))
    if "claimant" in extra:
        g.add((node, SG.claimant, extra["claimant"]))
    if "denies" in extra:
        g.add((node, SG.deniesAssertion, extra["denies"]))
    if factuality != SG.Negated and polarity == "positive":
        g.add((s, p, o))
    return node


def sample_graph() -> Graph:
    g = Graph()
    a1 = article(g, "000_aaa", "China blinks, aligns with Trump on North Korea")
    a2 = article(g, "001_bbb", "Beijing denies order to banks")
    china = entity(g, "china", "China", SG.Government)
    g.add((china, SKOS.altLabel, Literal("Beijing")))
    entity(g, "pboc", "People's Bank of China", SG.CentralBank, SG.Government)
    icbc = entity(g, "icbc", "ICBC", SG.Bank)
    boc = entity(g, "bank-of-china", "Bank of China", SG.Bank)
    banks = entity(g, "four-banks", "four major banks", SG.Group, SG.Bank)
    trump = entity(g, "trump", "Donald Trump", SG.Official, prop=SKOS.prefLabel)
    us = entity(g, "united-states", "United States", SG.Government)
    acme = entity(g, "acme", "Acme Trading", SG.Organization)
    nk_citizens = entity(g, "north-korean-citizens", "North Korean citizens", SG.Group)
    resolution = entity(g, "unsc-2375", "UNSC Resolution 2375", SG.UNResolution)
    order = entity(g, "eo-13810", "Executive Order 13810", SG.ExecutiveOrder)
    entity(g, "mnuchin", "Steven Mnuchin", SG.Person)

    reported = assertion(
        g,
        "000_aaa-1",
        china,
        SG.orders,
        icbc,
        a1,
        "China reportedly instructed ICBC to stop.",
        factuality=SG.Probable,
        claimant=trump,
    )
    assertion(g, "000_aaa-2", china, SG.orders, boc, a1, "China instructed Bank of China.")
    assertion(
        g,
        "000_aaa-3",
        us,
        SG.targets,
        acme,
        a1,
        "The US did not target Acme Trading.",
        factuality=SG.Negated,
        polarity="negative",
        trigger="target",
    )
    assertion(
        g,
        "001_bbb-1",
        china,
        SG.denies,
        banks,
        a2,
        "Beijing denied ordering the banks.",
        trigger="denied",
        denies=reported,
    )
    assertion(
        g,
        "001_bbb-2",
        china,
        SG.tradesWith,
        nk_citizens,
        a2,
        "China trades on.",
        factuality=SG.Possible,
        trigger="trade",
    )
    # A direct triple with no assertion behind it (curation).
    g.add((ID.mnuchin, SG.orders, ID.pboc))

    measure = ID["measure/000_aaa-1"]
    g.add((measure, RDF.type, SG.FinancialServicesBan))
    g.add((measure, RDFS.label, Literal("financial services ban: China on North Korean citizens")))
    g.add((measure, SG.imposedBy, china))
    g.add((measure, SG.targets, nk_citizens))
    g.add((measure, SG.implementedBy, icbc))
    g.add((measure, SG.implementedBy, boc))
    g.add((measure, SG.legalBasis, resolution))
    g.add((measure, SG.status, SG.InForce))
    g.add((measure, SG.quantity, Literal("180 days")))
    g.add((measure, SG.evidenceText, Literal("Banks stopped services to North Korean citizens.")))
    g.add((measure, PROV.wasDerivedFrom, a1))

    threat = ID["measure/001_bbb-1"]
    g.add((threat, RDF.type, SG.SecondarySanctions))
    g.add((threat, SG.kindSlug, Literal("secondary-sanctions")))
    g.add((threat, SG.imposedBy, us))
    g.add((threat, SG.targets, ID.pboc))
    g.add((threat, SG.legalBasis, order))
    g.add((threat, SG.status, SG.Proposed))
    g.add((threat, PROV.wasDerivedFrom, a2))
    return g


def edges_by(net: nx.MultiDiGraph, relation: str) -> dict[tuple[str, str], dict]:
    return {(u, v): d for u, v, d in net.edges(data=True) if d["relation"] == relation}


@pytest.fixture(scope="module")
def net() -> nx.MultiDiGraph:
    return network_from_graph(sample_graph())


# --------------------------------------------------------------------------
# network_from_graph


def test_nodes_by_kind(net):
    kinds = {}
    for _, data in net.nodes(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    assert kinds == {"entity": 12, "measure": 2, "assertion": 5, "article": 2}
    assert net.number_of_nodes() == 21


def test_entity_type_is_the_most_specific_class(net):
    types = {n: d["type"] for n, d in net.nodes(data=True) if d["kind"] == "entity"}
    assert types[str(ID.china)] == "Government"
    assert types[str(ID.pboc)] == "CentralBank"
    assert types[str(ID["four-banks"])] == "Bank"  # a group of banks
    assert net.nodes[str(ID["four-banks"])]["classes"] == ["Bank", "Group"]
    assert types[str(ID.trump)] == "Official"
    assert types[str(ID.mnuchin)] == "Person"
    assert types[str(ID["eo-13810"])] == "ExecutiveOrder"
    assert types[str(ID["unsc-2375"])] == "UNResolution"
    assert types[str(ID["north-korean-citizens"])] == "Group"


def test_labels_from_rdfs_label_or_skos_preflabel(net):
    assert net.nodes[str(ID.china)]["label"] == "China"
    assert net.nodes[str(ID.china)]["aliases"] == ["Beijing"]
    assert net.nodes[str(ID.trump)]["label"] == "Donald Trump"


def test_node_styles_differ_by_type(net):
    looks = {(d["color"], d["shape"]) for _, d in net.nodes(data=True) if d["kind"] == "entity"}
    types = {d["type"] for _, d in net.nodes(data=True) if d["kind"] == "entity"}
    assert len(looks) == len(types) == 9
    assert net.nodes[str(ID["measure/000_aaa-1"])]["shape"] == "box"


def test_relation_edges_and_their_status(net):
    orders = edges_by(net, "orders")
    assert orders[(str(ID.china), str(ID["bank-of-china"]))]["status"] == "certain"
    # Probable and with a claimant, but a later assertion denies it.
    assert orders[(str(ID.china), str(ID.icbc))]["status"] == "denied"
    assert orders[(str(ID.mnuchin), str(ID.pboc))]["status"] == "certain"
    assert orders[(str(ID.mnuchin), str(ID.pboc))]["evidence"] == []
    # Negated: no direct triple, still an edge.
    targets = edges_by(net, "targets")
    assert targets[(str(ID["united-states"]), str(ID.acme))]["status"] == "negated"
    trades = edges_by(net, "tradesWith")
    assert trades[(str(ID.china), str(ID["north-korean-citizens"]))]["status"] == "reported"
    assert edges_by(net, "denies")[(str(ID.china), str(ID["four-banks"]))]["status"] == "certain"


def test_edge_styles_follow_status(net):
    orders = edges_by(net, "orders")
    certain = orders[(str(ID.china), str(ID["bank-of-china"]))]
    denied = orders[(str(ID.china), str(ID.icbc))]
    negated = edges_by(net, "targets")[(str(ID["united-states"]), str(ID.acme))]
    reported = edges_by(net, "tradesWith")[(str(ID.china), str(ID["north-korean-citizens"]))]
    assert certain["dashes"] is False and certain["label"] == "orders"
    assert reported["dashes"] and reported["color"] != "#d62728"
    assert negated["color"] == "#9e9e9e" and negated["dashes"][0] < negated["dashes"][1]
    assert denied["color"] == "#d62728" and denied["dashes"]


def test_reported_without_denial():
    g = sample_graph()
    g.remove((None, SG.deniesAssertion, None))
    edge = edges_by(network_from_graph(g), "orders")[(str(ID.china), str(ID.icbc))]
    assert edge["status"] == "reported"
    assert edge["evidence"][0]["claimant"] == "Donald Trump"


def test_evidence_carries_sentence_and_article(net):
    edge = edges_by(net, "orders")[(str(ID.china), str(ID["bank-of-china"]))]
    (item,) = edge["evidence"]
    assert item["text"] == "China instructed Bank of China."
    assert item["articleId"] == "000_aaa"
    assert item["source"] == "seeds/000_aaa.txt"
    assert item["articleTitle"].startswith("China blinks")
    assert item["factuality"] == "Certain"


def test_measure_nodes(net):
    ban = net.nodes[str(ID["measure/000_aaa-1"])]
    assert ban["label"] == "financial services ban\n[in force]"
    assert ban["status"] == "InForce"
    assert [t["label"] for t in ban["links"]["implementedBy"]] == ["Bank of China", "ICBC"]
    assert ban["links"]["legalBasis"][0]["iri"] == str(ID["unsc-2375"])
    out = {(d["relation"], v) for _, v, d in net.out_edges(str(ID["measure/000_aaa-1"]), data=True)}
    assert out == {
        ("imposedBy", str(ID.china)),
        ("targets", str(ID["north-korean-citizens"])),
        ("implementedBy", str(ID.icbc)),
        ("implementedBy", str(ID["bank-of-china"])),
        ("legalBasis", str(ID["unsc-2375"])),
        ("derivedFrom", str(ID["article/000_aaa"])),
    }
    threat = net.nodes[str(ID["measure/001_bbb-1"])]
    assert threat["label"] == "secondary sanctions\n[proposed]"
    statuses = {
        d["status"]
        for _, _, d in net.out_edges(str(ID["measure/001_bbb-1"]), data=True)
        if d["relation"] != "derivedFrom"
    }
    assert statuses == {"reported"}


def test_measure_targets_are_not_entity_relations(net):
    targets = edges_by(net, "targets")
    assert (str(ID["measure/000_aaa-1"]), str(ID["north-korean-citizens"])) in targets
    assert all(not u.startswith(str(ID.china)) for u, _ in targets)


def test_provenance_nodes_and_links(net):
    first = str(ID["assertion/000_aaa-1"])
    out = {(d["relation"], v) for _, v, d in net.out_edges(first, data=True)}
    assert out == {
        ("subject", str(ID.china)),
        ("object", str(ID.icbc)),
        ("derivedFrom", str(ID["article/000_aaa"])),
    }
    denial = str(ID["assertion/001_bbb-1"])
    assert net.has_edge(denial, first, key="deniesAssertion|denied")
    assert net.nodes[str(ID["article/000_aaa"])]["label"] == "000_aaa"


def test_without_provenance():
    bare = network_from_graph(sample_graph(), show_provenance=False)
    assert {d["kind"] for _, d in bare.nodes(data=True)} == {"entity", "measure"}
    assert bare.number_of_nodes() == 14
    assert not any(d["relation"] == "derivedFrom" for *_, d in bare.edges(data=True))
    # The evidence stays on the edges.
    edge = edges_by(bare, "orders")[(str(ID.china), str(ID["bank-of-china"]))]
    assert edge["evidence"][0]["articleId"] == "000_aaa"


def test_dataset_is_read_as_the_union_of_its_graphs():
    ds = Dataset()
    named = ds.graph(GRAPH["article/000_aaa"])
    for triple in sample_graph():
        named.add(triple)
    net = network_from_graph(ds)
    assert net.number_of_nodes() == 21
    assert str(ID["measure/000_aaa-1"]) in net


# --------------------------------------------------------------------------
# focus


def test_focus_depth(net):
    zero = focus(net, str(ID.acme), 0)
    assert set(zero.nodes) == {str(ID.acme)}
    one = focus(net, str(ID.acme), 1)
    core = {n for n, d in one.nodes(data=True) if d["kind"] not in ("assertion", "article")}
    assert core == {str(ID.acme), str(ID["united-states"])}
    # The negated assertion comes along with the article it came from.
    assert str(ID["assertion/000_aaa-3"]) in one
    assert str(ID["article/000_aaa"]) in one
    two = focus(net, str(ID.acme), 2)
    core_two = {n for n, d in two.nodes(data=True) if d["kind"] not in ("assertion", "article")}
    assert core_two == core | {str(ID["measure/001_bbb-1"])}
    assert two.graph["focus"] == str(ID.acme)


def test_focus_does_not_hop_through_provenance(net):
    # Acme and ICBC share article 000_aaa, but no relation.
    assert str(ID.icbc) not in focus(net, str(ID.acme), 3)


def test_focus_accepts_curie_slug_label_and_rdf():
    g = sample_graph()
    by_iri = set(focus(g, str(ID.china), 1).nodes)
    assert set(focus(g, "id:china", 1).nodes) == by_iri
    assert set(focus(g, "china", 1).nodes) == by_iri
    assert set(focus(g, "Beijing", 1).nodes) == by_iri


def test_focus_unknown_entity(net):
    with pytest.raises(InputError, match="no entity 'Atlantis'"):
        focus(net, "Atlantis", 1)


# --------------------------------------------------------------------------
# layout


def test_layout_is_deterministic_and_independent_of_insertion_order(net):
    first = layout_positions(net)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(net.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(net.edges(keys=True, data=True))))
    assert layout_positions(shuffled) == first
    assert len(set(first.values())) == net.number_of_nodes()


def test_large_layout_spreads_nodes():
    big = nx.MultiDiGraph()
    big.add_edges_from(nx.barabasi_albert_graph(3000, 2, seed=3).edges())
    pos = layout_positions(big)
    xy = sorted(pos.values())
    assert len(pos) == 3000
    assert all(x == x and y == y for x, y in xy)  # no NaN
    assert len({(round(x), round(y)) for x, y in xy}) > 2900


# --------------------------------------------------------------------------
# render_html


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.script_srcs: list[str] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster") and value:
                self.refs.append((tag, name, value))
        if tag == "script" and dict(attrs).get("type") == "application/json":
            self._in_json = True
            self.json_blocks.append("")
        if tag == "script" and "src" in dict(attrs):
            self.script_srcs.append(dict(attrs)["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks[-1] += data


def _parse(page: str) -> _Refs:
    refs = _Refs()
    refs.feed(page)
    return refs


def test_page_is_self_contained(net):
    page = render_html(net)
    refs = _parse(page)
    assert refs.script_srcs == []
    network_refs = [r for r in refs.refs if re.match(r"\s*(https?:)?//", r[2], re.I)]
    assert network_refs == []
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "<link" not in page.lower()


def test_page_inlines_vis_network(net):
    page = render_html(net)
    vis = Path(__import__("pyvis").__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    head = vis.read_text(encoding="utf-8")[:2000]
    assert head in page
    assert "physics" in page and "improvedLayout" in page


def test_page_data_and_counts(net):
    page = render_html(net, title="Korea & banks")
    refs = _parse(page)
    (block,) = refs.json_blocks
    data = json.loads(block)
    assert data["counts"] == {"nodes": 21, "edges": net.number_of_edges()}
    assert len(data["nodes"]) == 21
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert '<strong id="sg-node-count">21</strong>' in page
    assert "<title>Korea &amp; banks</title>" in page


def test_article_text_cannot_break_out():
    g = sample_graph()
    g.set((ID.acme, RDFS.label, Literal(XSS_IMG)))
    g.set((ID["assertion/000_aaa-2"], SG.evidenceText, Literal(XSS_SCRIPT)))
    net = network_from_graph(g)
    page = render_html(net, title=XSS_SCRIPT)
    assert XSS_IMG not in page
    assert XSS_SCRIPT not in page
    assert "<script>alert(1)" not in page
    refs = _parse(page)
    assert not any(value == "x" for _, name, value in refs.refs if name == "src")
    data = json.loads(refs.json_blocks[0])
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[str(ID.acme)] == XSS_IMG  # intact once parsed
    texts = [e.get("text") for edge in data["edges"] for e in edge.get("evidence", [])]
    assert XSS_SCRIPT in texts
    # Every </script> in the page closes one of our three script blocks.
    assert page.count("</script>") == 3


def test_too_large_is_refused():
    huge = nx.MultiDiGraph()
    huge.add_nodes_from(range(MAX_NODES + 1))
    with pytest.raises(InputError, match=r"--focus ENTITY --depth N.*--query CONSTRUCT"):
        render_html(huge)


def test_plain_networkx_graph_renders():
    simple = nx.Graph([("a", "b"), ("b", "c")])
    data = json.loads(_parse(render_html(simple)).json_blocks[0])
    assert [n["type"] for n in data["nodes"]] == ["other"] * 3
    assert data["counts"] == {"nodes": 3, "edges": 2}


def test_write_html_is_atomic_and_relinks_sources(net, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = write_html(net, tmp_path / "exports" / "graph.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]
    data = json.loads(_parse(out.read_text(encoding="utf-8")).json_blocks[0])
    article_node = next(n for n in data["nodes"] if n["id"] == str(ID["article/000_aaa"]))
    assert article_node["href"] == "../seeds/000_aaa.txt"
    edge = next(e for e in data["edges"] if e.get("evidence"))
    assert edge["evidence"][0]["href"].startswith("../seeds/")


def test_write_html_leaves_old_file_when_rendering_fails(tmp_path):
    target = tmp_path / "graph.html"
    target.write_text("old", encoding="utf-8")
    huge = nx.MultiDiGraph()
    huge.add_nodes_from(range(MAX_NODES + 1))
    with pytest.raises(InputError):
        write_html(huge, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_empty_network_renders():
    data = json.loads(_parse(render_html(nx.MultiDiGraph())).json_blocks[0])
    assert data["counts"] == {"nodes": 0, "edges": 0}
    assert data["nodes"] == [] and data["edges"] == []
