"""The rendered page in Debian's Chromium, driven by Playwright.

No Playwright-downloaded browser: these tests need /usr/bin/chromium
(scripts/install-system-deps.sh installs it) and fail without it, unless
SG_ALLOW_NO_BROWSER=1 says to skip them.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS, PROV

from sanctions_graph.namespace import ID, SG
from sanctions_graph.render import network_from_graph, write_html
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"file", "data", "blob", "about"}

HOSTILE_LABEL = "<img src=x onerror=window.__pwned=1>"
HOSTILE_TEXT = "Officials said <script>window.__pwned=1</script> nothing."


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} not found: run scripts/install-system-deps.sh "
            "(or set SG_ALLOW_NO_BROWSER=1 to skip the browser tests)"
        )
        if os.environ.get("SG_ALLOW_NO_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    yield context.new_page()
    context.close()


def browser_graph() -> Graph:
    g = Graph()
    source = ID["article/000_aaa"]
    g.add((source, RDF.type, SG.Article))
    g.add((source, SG.articleId, Literal("000_aaa")))
    g.add((source, DCTERMS.title, Literal("China tells banks to stop")))
    g.add((source, DCTERMS.source, Literal("seeds/000_aaa.txt")))
    for slug, label, cls in [
        ("china", "China", SG.Government),
        ("icbc", "ICBC", SG.Bank),
        ("bank-of-china", "Bank of China", SG.Bank),
        ("north-korea", "North Korea", SG.Government),
        ("hostile", HOSTILE_LABEL, SG.Organization),
    ]:
        g.add((ID[slug], RDF.type, cls))
        g.add((ID[slug], RDFS.label, Literal(label)))
    for n, (s, p, o, text, factuality) in enumerate(
        [
            (
                "china",
                SG.orders,
                "icbc",
                "China instructed ICBC to stop opening accounts.",
                SG.Certain,
            ),
            (
                "china",
                SG.orders,
                "bank-of-china",
                "China reportedly told Bank of China to stop.",
                SG.Probable,
            ),
            ("hostile", SG.tradesWith, "north-korea", HOSTILE_TEXT, SG.Certain),
        ]
    ):
        node = ID[f"assertion/000_aaa-{n}"]
        g.add((node, RDF.type, SG.Assertion))
        g.add((node, RDF.subject, ID[s]))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, ID[o]))
        g.add((node, SG.evidenceText, Literal(text)))
        g.add((node, SG.factuality, factuality))
        g.add((node, SG.polarity, Literal("positive")))
        g.add((node, PROV.wasDerivedFrom, source))
        g.add((ID[s], p, ID[o]))
    measure = ID["measure/000_aaa-0"]
    g.add((measure, RDF.type, SG.FinancialServicesBan))
    g.add((measure, SG.imposedBy, ID.china))
    g.add((measure, SG.targets, ID["north-korea"]))
    g.add((measure, SG.implementedBy, ID.icbc))
    g.add((measure, SG.status, SG.InForce))
    g.add((measure, PROV.wasDerivedFrom, source))
    return g


@pytest.fixture
def sample_page(tmp_path: Path) -> tuple[Path, nx.MultiDiGraph]:
    net = network_from_graph(browser_graph())
    return write_html(net, tmp_path / "graph.html", title="Browser test"), net


def open_page(page, path: Path, timeout_ms: int = 60_000) -> tuple[list[str], list[str]]:
    """Load the page from disk; return the URLs it requested and its JS errors."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function("window.networkReady === true", timeout=timeout_ms)
    return requests, errors


def click_node(page, node_id: str) -> None:
    point = page.evaluate(
        """(id) => {
            const p = sgNetwork.getPositions([id])[id];
            const d = sgNetwork.canvasToDOM(p);
            const box = document.querySelector('#sg-network canvas').getBoundingClientRect();
            return {x: box.left + d.x, y: box.top + d.y};
        }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def test_opens_from_disk_without_the_network(page, sample_page):
    path, net = sample_page
    requests, errors = open_page(page, path)
    assert requests, "the page load itself is a request"
    remote = [url for url in requests if urlparse(url).scheme not in LOCAL_SCHEMES]
    assert remote == []
    assert errors == []
    assert page.text_content("#sg-node-count") == str(net.number_of_nodes())
    assert page.text_content("#sg-edge-count") == str(net.number_of_edges())
    assert page.evaluate("sgNetwork.body.data.nodes.length") == net.number_of_nodes()
    assert page.evaluate("sgNetwork.body.data.edges.length") == net.number_of_edges()
    assert page.evaluate("sgData.nodes.length") == net.number_of_nodes()
    assert page.get_attribute("body", "data-ready") == "true"


def test_search_selects_and_focuses_the_node(page, sample_page):
    path, _ = sample_page
    open_page(page, path)
    page.fill("#sg-search", "bank of ch")
    assert page.text_content("#sg-search-results").startswith("Bank of China")
    page.press("#sg-search", "Enter")
    assert page.evaluate("sgNetwork.getSelectedNodes()") == [str(ID["bank-of-china"])]
    assert page.text_content("#sg-panel h2") == "Bank of China"
    # Focused: the node is now in the middle of the canvas.
    centre = page.evaluate(
        """(id) => {
            const d = sgNetwork.canvasToDOM(sgNetwork.getPositions([id])[id]);
            const c = document.querySelector('#sg-network canvas');
            return [d.x / c.clientWidth, d.y / c.clientHeight];
        }""",
        str(ID["bank-of-china"]),
    )
    assert centre == pytest.approx([0.5, 0.5], abs=0.05)


def test_type_filter_hides_nodes(page, sample_page):
    path, net = sample_page
    open_page(page, path)
    banks = [n for n, d in net.nodes(data=True) if d["type"] == "Bank"]
    assert len(banks) == 2
    page.uncheck('#sg-type-filters input[data-filter="Bank"]')
    hidden = page.evaluate("(ids) => ids.map(id => sgNodes.get(id).hidden === true)", banks)
    assert hidden == [True, True]
    assert page.evaluate(f"sgNodes.get('{ID.china}').hidden") is not True
    assert page.text_content("#sg-shown-nodes") == str(net.number_of_nodes() - 2)
    # Edges to a hidden node go too.
    assert (
        page.evaluate(
            "(ids) => sgEdges.get().filter(e => ids.includes(e.to) && !e.hidden).length", banks
        )
        == 0
    )
    page.check('#sg-type-filters input[data-filter="Bank"]')
    assert page.text_content("#sg-shown-nodes") == str(net.number_of_nodes())


def test_relation_filter_and_provenance_toggle(page, sample_page):
    path, net = sample_page
    open_page(page, path)
    page.uncheck('#sg-relation-filters input[data-filter="orders"]')
    assert page.evaluate(
        "sgData.edges.filter(e => e.relation === 'orders').every(e => sgEdges.get(e.id).hidden)"
    )
    provenance = [n for n, d in net.nodes(data=True) if d["kind"] in ("assertion", "article")]
    assert len(provenance) == 4
    page.uncheck("#sg-provenance")
    assert page.evaluate("(ids) => ids.every(id => sgNodes.get(id).hidden)", provenance)
    assert page.text_content("#sg-shown-nodes") == str(net.number_of_nodes() - 4)
    page.check("#sg-provenance")
    assert page.evaluate("(ids) => ids.every(id => !sgNodes.get(id).hidden)", provenance)


def test_edges_are_drawn_by_certainty(page, sample_page):
    path, _ = sample_page
    open_page(page, path)
    styles = page.evaluate(
        """() => Object.fromEntries(sgData.edges.filter(e => e.relation === 'orders')
              .map(e => [e.to.split('/').pop(), sgNetwork.body.edges[e.id].options.dashes]))"""
    )
    assert styles["icbc"] is False
    assert styles["bank-of-china"] == [8, 5]


def test_click_shows_neighbours_and_evidence(page, sample_page):
    path, _ = sample_page
    open_page(page, path)
    click_node(page, str(ID.icbc))
    assert page.evaluate("sgNetwork.getSelectedNodes()") == [str(ID.icbc)]
    panel = page.locator("#sg-panel")
    assert panel.locator("h2").text_content() == "ICBC"
    neighbours = panel.locator(".sg-neighbours").text_content()
    assert "China" in neighbours and "implementedBy" in neighbours
    evidence = panel.locator(".sg-evidence-list").text_content()
    assert "China instructed ICBC to stop opening accounts." in evidence
    assert "article 000_aaa" in evidence
    link = panel.locator(".sg-evidence-list a").first
    assert link.text_content() == "source: seeds/000_aaa.txt"
    assert link.get_attribute("href").endswith("seeds/000_aaa.txt")


def test_click_measure_shows_its_parts(page, sample_page):
    path, _ = sample_page
    open_page(page, path)
    click_node(page, str(ID["measure/000_aaa-0"]))
    panel = page.locator("#sg-panel")
    assert panel.locator("h2").text_content() == "financial services ban [in force]"
    assert panel.locator(".sg-measure-imposedBy").text_content() == "China"
    assert panel.locator(".sg-measure-targets").text_content() == "North Korea"
    assert panel.locator(".sg-measure-implementedBy").text_content() == "ICBC"


def test_hostile_text_stays_text(page, sample_page):
    path, _ = sample_page
    _, errors = open_page(page, path)
    hostile = str(ID.hostile)
    click_node(page, hostile)
    page.fill("#sg-search", "<img")
    page.mouse.move(10, 10)
    click_node(page, hostile)
    point = page.evaluate(
        "(id) => sgNetwork.canvasToDOM(sgNetwork.getPositions([id])[id])", hostile
    )
    box = page.locator("#sg-network canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.text_content("#sg-panel h2") == HOSTILE_LABEL
    assert HOSTILE_TEXT in page.text_content("#sg-panel .sg-evidence-list")
    assert page.text_content("#sg-search-results") == HOSTILE_LABEL
    assert HOSTILE_LABEL in page.text_content("#sg-tooltip")
    assert errors == []


def generated_network(size: int, seed: int = 5) -> nx.MultiDiGraph:
    """A sparse, hub-heavy network like the news graphs, without the RDF round trip."""
    rng = random.Random(seed)
    types = [
        "Bank",
        "Government",
        "Official",
        "Person",
        "Organization",
        "Group",
        "UNResolution",
        "measure",
    ]
    relations = ["orders", "targets", "denies", "tradesWith"]
    statuses = ["certain", "certain", "reported", "negated", "denied"]
    net = nx.MultiDiGraph()
    for i in range(size):
        type_ = types[i % len(types)]
        node = str(ID[f"generated-{i}"])
        net.add_node(
            node,
            kind="measure" if type_ == "measure" else "entity",
            type=type_,
            label=f"Entity {i}",
        )
        for _ in range(rng.choice((1, 1, 2))):
            if i == 0:
                break
            # Half the edges go to the first few nodes: hubs, as China or the US are.
            j = rng.randrange(min(i, 20)) if rng.random() < 0.5 else rng.randrange(i)
            relation, status = rng.choice(relations), rng.choice(statuses)
            net.add_edge(
                node,
                str(ID[f"generated-{j}"]),
                key=f"{relation}|{status}",
                relation=relation,
                status=status,
                evidence=[{"text": f"Sentence {i}.", "articleId": f"doc-{i % 97}"}],
            )
    return net


@pytest.mark.slow
def test_five_thousand_nodes_become_ready(page, tmp_path):
    net = generated_network(5000)
    started = time.perf_counter()
    path = write_html(net, tmp_path / "big.html")
    rendered = time.perf_counter() - started
    started = time.perf_counter()
    requests, errors = open_page(page, path, timeout_ms=120_000)
    ready = time.perf_counter() - started
    in_page = page.evaluate("window.sgReadyMs") / 1000
    print(
        f"\n5000 nodes, {net.number_of_edges()} edges: render_html {rendered:.2f}s, "
        f"ready in Chromium after {ready:.2f}s (in-page {in_page:.2f}s)"
    )
    assert errors == []
    assert [u for u in requests if urlparse(u).scheme not in LOCAL_SCHEMES] == []
    assert page.evaluate("sgNetwork.body.data.nodes.length") == 5000
    assert page.text_content("#sg-node-count") == "5000"
