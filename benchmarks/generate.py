"""Synthetic corpora and graphs for the benchmarks, made through the project's own code.

Two kinds of output, both from a fixed seed (same arguments, same bytes):

* articles: plain-text articles written from sentence templates over a
  universe of synthetic entities (banks, ministries, officials, companies with
  generated names) and the reference KB's states and UN resolutions. They go
  through the real extractor in the extraction benchmark.

* graphs: ``Extraction`` model objects (Document, Entity, Assertion, Measure,
  Span) built directly, without spaCy, and turned into RDF by
  ``sanctions_graph.build.extraction_graph``, exactly as an extracted article
  is. Written as N-Quads shards, one named graph per article, that
  ``sanctions-graph ingest --bulk`` and ``Store.bulk_load`` load. Each shard
  starts with the header line ``store.nquads_shard`` writes (the shard's
  graph names and a SHA-256 of the rest), as ``extract --format nquads``
  shards do, so the bulk load reads the names without parsing the shard.

    python benchmarks/generate.py articles --count 40 --out /tmp/articles
    python benchmarks/generate.py graph --size 1M --out /tmp/graph-1M

Sizes are approximate (whole articles): the real quad count is printed and
written to ``DIR/manifest.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sanctions_graph.build import extraction_graph, measure_classes  # noqa: E402
from sanctions_graph.model import (  # noqa: E402
    Assertion,
    Document,
    Entity,
    Extraction,
    Measure,
    Span,
)
from sanctions_graph.resolve import reference_kb  # noqa: E402
from sanctions_graph.store import nquads_shard  # noqa: E402

SEED = 20171122
# Every generated article claims this extraction time, so shards are reproducible.
STARTED = datetime(2026, 1, 1, tzinfo=UTC)
ARTICLES_PER_SHARD = 500

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}


def parse_size(text: str) -> int:
    """'10k', '1M', '2.5M' or a plain number of triples."""
    if text in SIZES:
        return SIZES[text]
    factor = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    return int(float(number) * factor)


# ---------------------------------------------------------------- the universe

_SYLLABLES = [
    "ar", "bel", "cor", "dan", "el", "fen", "gar", "hol", "ist", "jor", "kal", "lun", "mar",
    "nor", "ost", "pel", "quin", "ros", "sal", "tor", "ul", "ven", "wes", "yar", "zel", "bra",
    "cha", "dro", "fli", "gru", "kra", "mon", "pra", "sto", "tri", "vla", "zan"
]
_FIRST = [
    "Anton", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Galina", "Hassan", "Irina",
    "Jamal", "Kenji", "Lena", "Marek", "Nadia", "Oleg", "Petra", "Rustam", "Sofia", "Tarek",
    "Ulla", "Viktor", "Wen", "Yusuf", "Zofia", "Amir", "Bao", "Chen", "Dara"
]
_BANK_WORDS = [
    "Commercial", "Trade", "Development", "Savings", "Industrial", "Maritime", "Continental",
    "Eastern", "Northern", "Southern", "Western", "Capital", "Union", "National",
    "Cooperative", "Agricultural"
]
_COMPANY_KINDS = [
    "Shipping", "Trading", "Mining", "Petroleum", "Logistics", "Textiles", "Metals",
    "Shipbuilding", "Electronics", "Chemicals", "Holdings", "Energy", "Minerals", "Freight"
]
_COMPANY_SUFFIXES = ["Ltd", "Co", "Group", "Corporation", "LLC", "Company"]
_MINISTRY_AREAS = ["Finance", "Commerce", "Foreign Affairs", "Trade", "Energy", "Defence",
                   "Industry", "Economy", "Justice", "Transport"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class Party:
    key: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass
class Universe:
    """The entities articles talk about: synthetic ones and the reference KB's."""

    states: list[Party]
    resolutions: list[Party]
    banks: list[Party]
    ministries: list[Party]
    officials: list[Party]
    companies: list[Party]

    def popular(self, rng: random.Random, parties: list[Party]) -> Party:
        # A few parties are in most of the news, most in little of it (Zipf-like).
        n = len(parties)
        index = min(n - 1, int(n * rng.random() ** 3))
        return parties[index]


@lru_cache(maxsize=4)
def universe(banks: int = 2000, ministries: int = 400, officials: int = 3000,
             companies: int = 5000) -> Universe:
    """Thousands of synthetic entities, always the same for the same sizes (fixed seed)."""
    rng = random.Random(SEED)
    kb = reference_kb()
    states = [Party(e.key, e.label, e.types, e.aliases) for e in kb.entities.values()
              if e.types == ("Government",) and e.demonym]
    resolutions = [Party(e.key, e.label, e.types) for e in kb.entities.values()
                   if "UNResolution" in e.types]

    def unique(make, count: int, prefix: str, types: tuple[str, ...]) -> list[Party]:
        seen: set[str] = set()
        out: list[Party] = []
        while len(out) < count:
            label = make()
            if label in seen:
                continue
            seen.add(label)
            out.append(Party(f"{prefix}-{len(out):05d}", label, types))
        return out

    return Universe(
        states=states,
        resolutions=resolutions,
        banks=unique(lambda: rng.choice([
            f"{_word(rng, 2)} {rng.choice(_BANK_WORDS)} Bank",
            f"Bank of {_word(rng, 2)}",
            f"{rng.choice(_BANK_WORDS)} Bank of {_word(rng, 3)}",
        ]), banks, "syn-bank", ("Bank",)),
        ministries=unique(lambda: (
            f"Ministry of {rng.choice(_MINISTRY_AREAS)} of {rng.choice(states).label}"
            if rng.random() < 0.3 else
            f"{_word(rng, 2)} Ministry of {rng.choice(_MINISTRY_AREAS)}"
        ), ministries, "syn-ministry", ("Government",)),
        officials=unique(lambda: f"{rng.choice(_FIRST)} {_word(rng, 2)}{_word(rng, 1).lower()}",
                         officials, "syn-official", ("Official",)),
        companies=unique(lambda: (
            f"{_word(rng, 2)} {rng.choice(_COMPANY_KINDS)} {rng.choice(_COMPANY_SUFFIXES)}"
        ), companies, "syn-company", ("Organization",)),
    )


# ---------------------------------------------------------------- articles (text)

_TEMPLATES = [
    "{state} ordered {bank} to stop doing business with {company}.",
    "On {weekday}, {state}'s central bank instructed {bank} to close the accounts of "
    "{company}, in line with {resolution}.",
    "The {ministry} imposed sanctions on {company} under {resolution}.",
    "{official}, a spokesman for the {ministry}, said {state} would freeze the assets of "
    "{company}.",
    "{state} denied that it had ordered {bank} to cut ties with {state2}.",
    "{state} banned imports of coal and iron ore from {state2}, in line with {resolution}.",
    "{state}'s trade with {state2} fell {percent} percent in {month}, customs data showed.",
    "{bank} was told to stop serving {company} within {days} days.",
    "{state} threatened to impose secondary sanctions on {bank} if it kept dealing with "
    "{state2}.",
    "{official} told reporters that {state} had not ordered {bank} to freeze any accounts.",
    "The {ministry} said {company} had exported textiles to {state2} despite the embargo.",
    "{state} froze the assets of {official} and banned him from travelling to {state}.",
]
_FILLERS = [
    "Analysts said the move was largely symbolic.",
    "Markets were little changed after the announcement.",
    "The decision came after weeks of talks behind closed doors.",
    "Diplomats expect more measures before the end of the year.",
    "Officials declined to give further details.",
    "The full list of companies has not been published.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _fill(template: str, rng: random.Random, u: Universe) -> str:
    state = u.popular(rng, u.states)
    state2 = u.popular(rng, [s for s in u.states if s != state])
    return template.format(
        state=state.label, state2=state2.label,
        bank=u.popular(rng, u.banks).label,
        company=u.popular(rng, u.companies).label,
        ministry=u.popular(rng, u.ministries).label,
        official=u.popular(rng, u.officials).label,
        resolution=rng.choice(u.resolutions).label,
        weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS),
        percent=rng.randint(3, 60), days=rng.choice([30, 60, 90, 120]),
    )


def article_text(index: int, sentences: int = 18) -> tuple[str, str]:
    """(file name, text) of synthetic article ``index``: headline, date line, paragraphs."""
    u = universe()
    rng = random.Random(f"{SEED}-article-{index}")
    published = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 2500))
    body = [
        _fill(rng.choice(_TEMPLATES), rng, u) if rng.random() < 0.7 else rng.choice(_FILLERS)
        for _ in range(sentences)
    ]
    headline = _fill(rng.choice(_TEMPLATES), rng, u).rstrip(".")
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    text = f"{headline}\n\nPublished: {published.isoformat()}\n\n" + "\n\n".join(paragraphs)
    return f"syn-{index:06d}.txt", text + "\n"


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name, text = article_text(i)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- graphs (model objects)

_RELATIONS = ["orders"] * 4 + ["targets"] * 3 + ["denies"] + ["tradesWith"] * 2
_FACTUALITIES = ["certain"] * 6 + ["probable"] * 2 + ["possible", "negated"]
_STATUSES = ["in-force"] * 5 + ["proposed", "proposed", "withdrawn", "denied", "reported"]


def _entity(party: Party, rng: random.Random) -> Entity:
    aliases = {party.label}
    if party.aliases and rng.random() < 0.5:
        aliases.add(rng.choice(party.aliases))
    return Entity(party.key, party.label, party.types, aliases, not party.key.startswith("syn-"))


def extraction(index: int, *, assertions: int | None = None) -> Extraction:
    """Synthetic article ``index`` as the extractor would hand it to ``build``.

    Evidence sentences come from the article templates, offsets advance
    through a notional text; the mix of relations, factualities and measure
    kinds follows the seed articles roughly.
    """
    u = universe()
    rng = random.Random(f"{SEED}-graph-{index}")
    doc_id = f"syn-{index:07d}"
    published = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 2500))
    headline = _fill(rng.choice(_TEMPLATES), rng, u).rstrip(".")
    document = Document(id=doc_id, text="", source=f"synthetic/{doc_id}.txt", title=headline,
                        published=published)
    entities: dict[str, Entity] = {}

    def pick(group: list[Party]) -> str:
        party = u.popular(rng, group)
        if party.key not in entities:
            entities[party.key] = _entity(party, rng)
        return party.key

    offset = len(headline) + 30
    made: list[Assertion] = []

    def span() -> Span:
        nonlocal offset
        text = _fill(rng.choice(_TEMPLATES), rng, u)
        start = offset
        offset += len(text) + 1
        return Span(start, start + len(text), text)

    actors = [u.states, u.states, u.ministries, u.officials, u.banks]
    others = [u.banks, u.companies, u.states, u.companies, u.officials]
    for _ in range(assertions if assertions is not None else rng.randint(4, 10)):
        predicate = rng.choice(_RELATIONS)
        subject = pick(rng.choice(actors))
        obj = pick(rng.choice(others) if predicate != "tradesWith" else u.states)
        if obj == subject:
            continue
        factuality = rng.choice(_FACTUALITIES)
        a = Assertion(
            subject, predicate, obj, span(),
            trigger=rng.choice(["ordered", "instructed", "told", "banned", "froze", "traded"]),
            claimant=pick(u.officials) if rng.random() < 0.25 else None,
            factuality=factuality,
            polarity="negative" if factuality == "negated" else "positive",
            tense=rng.choice(["past", "past", "present", "future"]),
            event_date=published - timedelta(days=rng.randrange(0, 10))
            if rng.random() < 0.4 else None,
        )
        if predicate == "denies" and made:
            a.denies = rng.choice(made)
        made.append(a)

    kinds = sorted(measure_classes())
    measures = []
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        measures.append(Measure(
            kind=rng.choice(kinds),
            imposed_by=[pick(u.states)],
            targets=[pick(rng.choice([u.companies, u.banks, u.officials, u.states]))
                     for _ in range(rng.randint(1, 3))],
            evidence=span(),
            implemented_by=[pick(u.banks) for _ in range(rng.choice([0, 0, 1, 2]))],
            legal_basis=[pick(u.resolutions)] if rng.random() < 0.5 else [],
            status=rng.choice(_STATUSES),
            quantities=[f"{rng.randint(2, 90)} percent"] if rng.random() < 0.3 else [],
            deadline=f"within {rng.choice([30, 60, 90, 120])} days" if rng.random() < 0.2 else None,
            claimant=pick(u.officials) if rng.random() < 0.1 else None,
            trigger=rng.choice(["ban", "freeze", "sanctions", "embargo"]),
        ))
    return Extraction(document=document, entities=entities, assertions=made, measures=measures)


def article_graph(index: int) -> Graph:
    """The named graph of synthetic article ``index``, built by ``extraction_graph``."""
    return extraction_graph(extraction(index), started=STARTED)


def nquads(graph: Graph) -> bytes:
    """One article graph as N-Quads: rdflib's N-Triples with the graph name added to each line."""
    name = f" <{graph.identifier}> .".encode()
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line[:-2].rstrip() + name + b"\n" for line in lines if line.strip())


def _write_shard(args: tuple[Path, int, int]) -> tuple[str, int, int]:
    path, first, count = args
    body = b"".join(nquads(article_graph(index)) for index in range(first, first + count))
    quads = body.count(b"\n")
    tmp = path.with_suffix(".nq.part")
    tmp.write_bytes(nquads_shard(body))  # with the header `ingest --bulk` reads for the names
    tmp.replace(path)
    return path.name, count, quads


def average_quads(sample: int = 40) -> float:
    return sum(len(article_graph(i)) for i in range(sample)) / sample


def write_graph(folder: Path, triples: int, *, workers: int = 2,
                per_shard: int = ARTICLES_PER_SHARD) -> dict:
    """N-Quads shards of about ``triples`` quads in ``folder``; returns (and writes) a manifest.

    Each shard starts with its ``nquads_shard`` header line; the manifest's
    ``quads`` counts the quads only.
    """
    folder.mkdir(parents=True, exist_ok=True)
    articles = max(1, math.ceil(triples / average_quads()))
    jobs = [(folder / f"shard-{n:04d}.nq", first, min(per_shard, articles - first))
            for n, first in enumerate(range(0, articles, per_shard))]
    started = time.perf_counter()
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_write_shard, jobs))
    else:
        results = [_write_shard(job) for job in jobs]
    manifest = {
        "requested_triples": triples,
        "articles": articles,
        "quads": sum(q for _, _, q in results),
        "shards": [name for name, _, _ in results],
        "seed": SEED,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("shard-*.nq"))


def iter_article_graphs(count: int, first: int = 0) -> Iterator[Graph]:
    for index in range(first, first + count):
        yield article_graph(index)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    arts = sub.add_parser("articles", help="synthetic article .txt files for the extractor")
    arts.add_argument("--count", type=int, default=40)
    arts.add_argument("--out", type=Path, required=True)
    graph = sub.add_parser("graph", help="N-Quads shards built with extraction_graph")
    graph.add_argument("--size", default="1M", help="10k, 100k, 1M, 10M or a number of triples")
    graph.add_argument("--out", type=Path, required=True)
    graph.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.what == "articles":
        paths = write_articles(args.out, args.count)
        print(f"wrote {len(paths)} articles to {args.out}", file=sys.stderr)
    else:
        manifest = write_graph(args.out, parse_size(args.size), workers=args.workers)
        print(f"wrote {manifest['quads']:,} quads ({manifest['articles']:,} articles, "
              f"{len(manifest['shards'])} shards) to {args.out} in {manifest['seconds']} s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
