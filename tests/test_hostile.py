"""Hostile text through the whole pipeline: article file -> extract -> store -> page and results.

An article whose organisation names, headline, sentences and even file name
carry markup, event handlers, ``javascript:`` URLs and unbalanced quotes is
ingested and rendered with the real commands. In Debian's Chromium nothing of
it may run (no dialog, no ``window.__pwned``, no element it would have made)
and each string must show as the text it is. The query result formats must
carry the same strings back unchanged, as data.

test_browser.py checks the page with a hand-made graph; this module checks
what the extractor actually makes of such an article.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Literal

from sanctions_graph.cli import main
from sanctions_graph.store import Store

from .test_browser import browser, chromium_path, click_node, open_page, page  # noqa: F401

FILE_NAME = "javascript:alert(3).txt"
HEADLINE = 'China orders "<script>window.__pwned=1</script> Bank" to freeze North Korean accounts'
DATELINE = "BEIJING — "  # not part of the sentence: the evidence starts after it
IMG_SENTENCE = (
    "China ordered X<img src=x onerror=alert(1)>Star Bank to stop opening "
    "accounts for North Koreans, officials said."
)
QUOTE_SENTENCE = 'China ordered Star" Bank to stop opening accounts for North Koreans.'
ARTICLE = f"""{HEADLINE}
Published: 2017-09-22

{DATELINE}{IMG_SENTENCE}

{QUOTE_SENTENCE}

The United States imposed sanctions on the <script>window.__pwned=5</script> Trading Company \
on Friday, a spokesman said at javascript:window.__pwned=4.
"""
MARKERS = ("<", ">", '"', "javascript:", "onerror")
ARTICLE_GRAPH = "https://w3id.org/sanctions-graph/graph/article/javascript-alert-3"

LABELS = f"""SELECT DISTINCT ?entity ?label WHERE {{
  GRAPH <{ARTICLE_GRAPH}> {{ ?entity rdfs:label ?label }}
}} ORDER BY ?label"""


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """The article ingested into a new store and rendered, through the CLI."""
    folder = tmp_path_factory.mktemp("hostile")
    article = folder / FILE_NAME
    article.write_text(ARTICLE, encoding="utf-8")
    store = folder / "store"
    # A relative path: dcterms:source is then "javascript:alert(3).txt" itself.
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        run("ingest", FILE_NAME, "--store", str(store), "--workers", "1")
        run("render", "--store", str(store), "-o", str(folder / "page.html"))
    with Store.open(store, read_only=True) as s:
        _, rows = s.select(LABELS)
        literals = {str(o) for _, _, o in s.triples(ARTICLE_GRAPH) if isinstance(o, Literal)}
    labels = {str(e): str(label) for e, label in rows}
    hostile_labels = {e: label for e, label in labels.items() if any(m in label for m in MARKERS)}
    return {"folder": folder, "store": store, "page": folder / "page.html", "labels": labels,
            "hostile_labels": hostile_labels, "literals": literals}


def test_the_hostile_strings_reach_the_graph_as_they_are(hostile):
    # The extractor keeps names as the article writes them: some of the
    # markup is part of an organisation's name. If extraction changes, this
    # says so before the checks below pass for want of hostile data.
    assert hostile["hostile_labels"], hostile["labels"]
    literals = hostile["literals"]
    assert HEADLINE in literals
    assert IMG_SENTENCE in literals
    assert QUOTE_SENTENCE in literals
    assert FILE_NAME in literals  # dcterms:source


@pytest.mark.browser
def test_nothing_runs_and_the_text_shows_literally(page, hostile):  # noqa: F811
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _, errors = open_page(page, hostile["page"])
    # Entities no relation reaches are left out of the page; test those it shows.
    shown = dict(page.evaluate("sgData.nodes.map(n => [n.id, n.label])"))
    names = {iri: label for iri, label in hostile["hostile_labels"].items() if iri in shown}
    assert names, f"no hostile entity name on the page: {shown}"
    for iri, label in names.items():
        page.fill("#sg-search", label)
        assert page.text_content("#sg-search-results li") == label
        page.click("#sg-search-results li button")
        assert page.text_content("#sg-panel h2") == label
        assert QUOTE_SENTENCE in page.text_content("#sg-panel")
        click_node(page, iri)  # through the canvas too, and hover for the tooltip
        point = page.evaluate("(id) => sgNetwork.canvasToDOM(sgNetwork.getPositions([id])[id])",
                              iri)
        box = page.locator("#sg-network canvas").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(200)
        assert label in page.text_content("#sg-tooltip")
    # The <img onerror> sentence and the <script> headline, in an evidence block
    # whose source link would be javascript:alert(3).txt.
    with_img = page.evaluate(
        "sgData.nodes.filter(n => (n.evidence || []).some(e => e.text.includes('<img')))"
        ".map(n => n.id)"
    )
    assert with_img
    for node in with_img:
        page.evaluate("(id) => sgSelectNode(id, true)", node)
        panel = page.text_content("#sg-panel")
        assert IMG_SENTENCE in panel and HEADLINE in panel
    page.evaluate("(id) => sgSelectNode(id, true)",
                  "https://w3id.org/sanctions-graph/id/article/javascript-alert-3")
    assert HEADLINE in page.text_content("#sg-panel")
    assert FILE_NAME in page.text_content("#sg-panel")  # as text, not as a link
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, [onerror], [onload]').length") == 0
    assert page.evaluate(
        "Array.from(document.scripts).filter(s => s.id !== 'sg-data'"
        " && s.textContent.includes('__pwned')).length"
    ) == 0
    assert page.evaluate(
        "Array.from(document.querySelectorAll('a')).filter("
        "a => a.protocol === 'javascript:').length"
    ) == 0
    assert errors == []


def test_csv_json_tsv_and_table_keep_the_strings_as_data(hostile):
    store = str(hostile["store"])
    expected = set(hostile["labels"].values())

    rows = list(csv.DictReader(io.StringIO(run("query", LABELS, "--store", store,
                                               "--format", "csv"))))
    assert {r["label"] for r in rows} == expected

    document = json.loads(run("query", LABELS, "--store", store, "--format", "json"))
    assert {b["label"]["value"] for b in document["results"]["bindings"]} == expected

    tsv = run("query", LABELS, "--store", store, "--format", "tsv").splitlines()
    assert tsv[0] == "?entity\t?label"
    cells = {line.split("\t")[1] for line in tsv[1:]}
    # N-Triples syntax: quotes escaped, markup untouched.
    assert {json.loads(c) for c in cells} == expected

    table = run("query", LABELS, "--store", store, "--format", "table")
    for label in hostile["hostile_labels"].values():
        assert label in table

    sentences = f"""SELECT ?text WHERE {{ GRAPH <{ARTICLE_GRAPH}> {{
      ?x sg:evidenceText ?text }} }}"""
    rows = list(csv.DictReader(io.StringIO(run("query", sentences, "--store", store,
                                               "--format", "csv"))))
    assert IMG_SENTENCE in {r["text"] for r in rows}
    assert QUOTE_SENTENCE in {r["text"] for r in rows}
