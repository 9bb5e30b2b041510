"""Property-based tests of the extractor: any text in, a valid graph (or a clear refusal) out.

Three sources of text, all run through the real pipeline (Document ->
extract -> build) with the one spaCy pipeline the process has loaded:

* arbitrary Unicode (no lone surrogates, which no UTF-8 file can hold);
* adversarial articles: reference entity names, sanctions verbs and objects,
  glued together with markup, quotes, backslashes, RDF syntax, bidi and
  zero-width characters, odd line breaks and ``Published:`` lines;
* the seed articles, cut, repeated and salted with the same hostile pieces.

For each text: ``document_from_text`` may refuse it (InputError, with its
one-line message); otherwise extraction must not raise, the graph must come
back from N-Triples in rdflib and in Oxigraph (through the store's SPARQL
update, the way ingest writes it), and it must conform to the SHACL shapes
(``sanctions_graph.validate.validate`` with the ontology, plus the types and
labels of the reference entities the article points at, as in the store's
union graph).

Settings profiles (pick one with the HYPOTHESIS_PROFILE environment variable):

* ``normal`` (the default): 300 examples in all, about 100 per test, well
  under a minute;
* ``bench``: 10,000 examples in all, for a benchmark run
  (``HYPOTHESIS_PROFILE=bench .venv/bin/pytest tests/test_properties.py``,
  about half an hour).

Both have no deadline (the first parse of a long text is slow) and print the
blob that reproduces a failure.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph
from rdflib.compare import isomorphic

from sanctions_graph.build import article_graph_iri, extraction_graph
from sanctions_graph.documents import document_from_text
from sanctions_graph.errors import InputError
from sanctions_graph.extract import extract_documents
from sanctions_graph.paths import ontology_dir
from sanctions_graph.store import Store
from sanctions_graph.validate import validate

from .conftest import SEEDS

PROPERTY_TESTS = 3
for _name, _total in (("normal", 300), ("bench", 10_000)):
    settings.register_profile(
        _name,
        max_examples=_total // PROPERTY_TESTS,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "normal"))

STARTED = datetime(2024, 1, 1, tzinfo=UTC)
FOLDER = ontology_dir()
SHAPES = Graph().parse(FOLDER / "shapes.ttl")
ONTOLOGY = Graph().parse(FOLDER / "sanctions.ttl")
REFERENCE = Graph().parse(FOLDER / "reference.ttl")
NAMES = sorted({str(o) for o in REFERENCE.objects(None, RDFS.label)})

VERBS = [
    "ordered", "instructed", "told", "asked", "urged", "banned", "imposed sanctions on",
    "sanctioned", "blacklisted", "froze the assets of", "denied", "rejected", "said",
    "trades with", "cut trade with", "halted imports from", "will ban", "did not order",
    "threatened to sanction", "reportedly instructed", "has not banned", "is implementing",
    "adopted", "voted for", "lifted sanctions on", "may target", "accused",
]
OBJECTS = [
    "coal imports", "oil exports", "bank accounts", "accounts of North Korean citizens",
    "all trade", "Resolution 2375", "the new measures", "textile exports", "seafood",
    "2 million barrels a year", "within 120 days", "its banks", "Chinese banks",
    "state-owned companies", "North Korean workers", "the talks",
]
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", '"',
    "'", "\\", "\\n", '"""', "'''", "<http://example.org/x>", "_:b0", "^^xsd:date", "@en",
    "{", "}", " . ", ";", "#", "%00", "\u202e", "\u200b", "\u200d", "\ufeff", "e\u0301",
    "\U0001f600", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\r\n", "\t", "\u00a0",
    "…", "—", "“", "”", "’", "U.S.", "Mr.", "No.", "(", ")", "[", "]", "--", "...", "?!",
    "Published: 2017-09-22", "Published: soon", "ＣＨＩＮＡ", "İ", "ß", "ǅ", "Ⅻ",
    "x" * 300, "China " * 40, "\n\n\n", " ",
]
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def reference_facts(graph: Graph) -> Graph:
    """The types and labels of the reference entities an article graph points at."""
    facts = Graph()
    for node in set(graph.subjects()) | set(graph.objects()):
        for predicate in (RDF.type, RDFS.label):
            for obj in REFERENCE.objects(node, predicate):
                facts.add((node, predicate, obj))
    return facts


def check_extraction(text: str) -> None:
    """The property: refused with an InputError, or a graph that parses and conforms."""
    try:
        document = document_from_text(text, doc_id="property", source="property.txt")
    except InputError as error:
        message = str(error)
        assert message.startswith("property.txt: ") and "\n" not in message
        return
    (extraction,) = list(extract_documents([document]))
    graph = extraction_graph(extraction, started=STARTED)
    data = graph.serialize(format="nt", encoding="utf-8")

    back = Graph().parse(data=data, format="nt")
    assert isomorphic(back, graph)
    quads = list(ox.parse(data, ox.RdfFormat.N_TRIPLES))
    assert len(quads) == len(back)
    store = Store.memory()
    assert store.replace_graph(str(article_graph_iri("property")), data) == len(back)

    report = validate(back + reference_facts(back), shapes=SHAPES, ontology=ONTOLOGY)
    assert report.conforms, report.text


# ------------------------------------------------------------------ strategies

hostile = st.sampled_from(HOSTILE)
name = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda a, b: f"{a}{b}", st.sampled_from(NAMES), hostile),
    st.builds(lambda a, b, c: f"{a} {b} {c}", hostile, st.sampled_from(NAMES),
              st.sampled_from(["Bank", "Trading Company", "Ministry", "Group", "Corp."])),
    st.text(min_size=1, max_size=30),
)
sentence = st.builds(
    lambda who, verb, whom, extra, end: f"{who} {verb} {whom}{extra}{end}",
    name,
    st.sampled_from(VERBS),
    st.one_of(name, st.sampled_from(OBJECTS)),
    st.one_of(st.just(""), st.builds(lambda h, o: f" {h} {o}", hostile, st.sampled_from(OBJECTS))),
    st.sampled_from([".", "", "!", "?", ",", " said officials.", "” he said.", ";"]),
)
separator = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\u2028", " \n \n", "\t"])
published = st.one_of(
    st.just(""),
    st.dates().map(lambda d: f"Published: {d.isoformat()}\n"),
    st.builds(lambda s: f"Published: {s}\n", st.text(max_size=12)),
)


@st.composite
def adversarial_articles(draw) -> str:
    headline = draw(st.one_of(sentence, name, st.just("")))
    parts = draw(st.lists(sentence, min_size=1, max_size=8))
    body = ""
    for part in parts:
        body += part + draw(separator)
    return f"{headline}\n{draw(published)}\n{body}"


@st.composite
def mutated_seeds(draw) -> str:
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, len(text) - 1))
    text = text[start : start + draw(st.integers(1, 1500))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(st.one_of(hostile, name)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            text = text[:at] + text[at : at + 60] * draw(st.integers(2, 4)) + text[at:]
    return text


# ------------------------------------------------------------------ tests


@pytest.fixture(scope="module", autouse=True)
def _warm_pipeline():
    # Load spaCy once, outside the timed examples.
    check_extraction("China ordered its banks to stop.")


@PROFILE
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=600))
def test_any_text(text):
    check_extraction(text)


@PROFILE
@given(adversarial_articles())
def test_adversarial_articles(text):
    check_extraction(text)


@PROFILE
@given(mutated_seeds())
def test_mutated_seed_articles(text):
    check_extraction(text)


@pytest.mark.parametrize("text", [
    # Shapes found worth keeping as fixed examples.
    'China ordered "<script>alert(1)</script> Bank" to stop.',
    "China ordered X<img src=x onerror=alert(1)>Star Bank to stop opening accounts.",
    'China ordered Star" Bank to stop opening accounts for North Koreans.',
    "Headline\nPublished: 2017-09-22\n\nThe United States sanctioned \\ Bank \"\"\" on Friday.",
    "\u202eChina\u202c ordered \u200bICBC\u200d to freeze \ufeffaccounts.",
])
def test_fixed_hostile_examples(text):
    check_extraction(text)


def test_a_state_and_an_organisation_owning_a_body():
    # found by hypothesis: a body owned by a state and an organisation, with no other words
    check_extraction("China 1718 Committee Bank ordered it.")
