"""Human corrections that survive re-extraction: curation/*.yaml -> graph:curation.

Extraction rewrites an article's graph every time it runs, so a correction
made in that graph would be lost. Corrections live instead in YAML files that
people edit (one folder, by default ``curation/`` beside the store), and are
applied after every ``build`` and ``ingest`` into one graph of their own,
``graph:curation``, rebuilt from the files each time. Deleting an entry and
applying again undoes it. The article graphs are never changed; what a
retraction hides, it hides from the asserted view (``views.py``).

Each file holds a list of entries; each entry says who, when and why, and
does one thing::

    - who: Ana Lima                      # a name, or an IRI (ORCID, mailto:)
      when: 2026-11-22                   # a date or date-time
      why: The spokesman denied it; the article does not say Xi ordered anything.
      retract:                           # an extracted assertion
        subject: id:xi-jinping
        predicate: sg:orders
        object: id:chinese-banks
        article: 000_0438622d256bd6f8

    - who: Ana Lima
      when: 2026-11-22
      why: The headline says it; the extractor missed it.
      add:                               # an assertion, with its source
        subject: id:china
        predicate: sg:targets
        object: id:dprk
        article: 000_0438622d256bd6f8
        evidence: China Tightens Banking Screws on North Korea
        factuality: certain              # optional: certain, probable, possible, negated

    - who: Ana Lima
      when: 2026-11-22
      why: Same bank, two spellings.
      merge: {canonical: id:pboc, duplicate: id:peoples-bank-of-china}

    - who: Ana Lima
      when: 2026-11-23
      why: Different banks after all.
      split: {entities: [id:pboc, id:peoples-bank-of-china]}

In the graph every entry is an ``sg:Curation`` with ``prov:wasAttributedTo``
(who), ``prov:generatedAtTime`` (when), ``rdfs:comment`` (why) and
``dcterms:source`` (its file). A retraction marks the matching assertions
``sg:retractedBy`` it; an addition is an ``sg:Assertion`` it
``prov:wasGeneratedBy``, with its direct triple; a merge says
``duplicate owl:sameAs canonical`` and ``duplicate sg:canonical canonical``;
a split says ``a owl:differentFrom b`` and cancels any merge of the pair.

A file that cannot be read, or an entry that is malformed, stops the whole
run with a message naming the file and the entry. An entry that no longer
matches anything (the extractor stopped producing the assertion, the entity
is gone) is kept in the graph and reported as a note, not an error: the next
extraction may bring its target back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from .build import (
    FACTUALITY,
    RELATION,
    TENSE,
    agent_iri,
    article_graph_iri,
    article_iri,
    curated_assertion_iri,
    curation_iri,
)
from .errors import InputError
from .namespace import CURATION_GRAPH, ID_BASE, ONTOLOGY_IRI, SG
from .store import Store

ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # action: (required fields, optional fields)
    "retract": (("subject", "predicate", "object", "article"), ()),
    "add": (("subject", "predicate", "object", "article", "evidence"), ("factuality", "tense")),
    "merge": (("canonical", "duplicate"), ()),
    "split": (("entities",), ()),
}
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """One curation entry, checked: who, when, why and one action with its fields."""

    file: str  # the file name, relative to the curation folder
    number: int  # 1-based position in the file
    who: str
    when: date | datetime
    why: str
    action: str
    fields: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.file}, entry {self.number}"

    @property
    def digest(self) -> str:
        content = {"who": self.who, "when": self.when.isoformat(), "why": self.why,
                   self.action: self.fields}  # fmt: skip
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    @property
    def iri(self) -> URIRef:
        return curation_iri(self.digest)


@dataclass
class CurationResult:
    """What applying the curation folder did."""

    folder: Path | None
    entries: int = 0
    triples: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def load_folder(folder: str | Path) -> list[Entry]:
    """Every entry of every FOLDER/*.yaml (and *.yml), in file-name order; [] without the folder."""
    folder = Path(folder)
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise InputError(f"{folder} is a file; the curation folder must be a folder of YAML files")
    entries: list[Entry] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()):
        entries.extend(load_file(path))
    return entries


def load_file(path: Path) -> list[Entry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{path} is not valid YAML{where}: {problem}; fix the file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}; check the file") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(
            f"{path} must hold a list of entries ('- who: ...'), not a {type(data).__name__}"
        )
    return [_entry(path.name, n, item) for n, item in enumerate(data, start=1)]


def _entry(file: str, number: int, item: Any) -> Entry:
    where = f"{file}, entry {number}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: an entry is a mapping with who, when, why and one action")
    for key in ("who", "why"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise InputError(f"{where}: '{key}' is missing or empty; every entry says who and why")
    when = _when(item.get("when"), where)
    actions = [key for key in ACTIONS if key in item]
    unknown = sorted(set(item) - {"who", "when", "why", *ACTIONS})
    if unknown:
        raise InputError(
            f"{where}: unknown key(s) {', '.join(unknown)}; "
            f"an entry has who, when, why and one of {', '.join(ACTIONS)}"
        )
    if len(actions) != 1:
        raise InputError(
            f"{where}: an entry does exactly one of {', '.join(ACTIONS)}, "
            f"found {', '.join(actions) or 'none'}"
        )
    action = actions[0]
    fields = item[action]
    if not isinstance(fields, dict):
        raise InputError(f"{where}: '{action}' must be a mapping of its fields")
    required, optional = ACTIONS[action]
    missing = [f for f in required if f not in fields]
    extra = sorted(set(fields) - set(required) - set(optional))
    if missing or extra:
        problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
        raise InputError(
            f"{where}: {action} has {problem}; it takes {', '.join(required)}"
            + (f" (and optionally {', '.join(optional)})" if optional else "")
        )
    entry = Entry(file, number, item["who"].strip(), when, item["why"].strip(), action,
                  dict(fields))  # fmt: skip
    _check_fields(entry)
    return entry


def _when(value: Any, where: str) -> date | datetime:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return parse(value.strip())
            except ValueError:
                continue
    raise InputError(f"{where}: 'when' must be a date (2026-11-22) or a date-time, got {value!r}")


def _check_fields(entry: Entry) -> None:
    """Parse every term now, so that a typo stops the run before anything is written."""
    f = entry.fields
    if entry.action in ("retract", "add"):
        entity(f["subject"], entry.where)
        entity(f["object"], entry.where)
        relation(f["predicate"], entry.where)
        _article_id(f["article"], entry.where)
    if entry.action == "add":
        if not isinstance(f["evidence"], str) or not f["evidence"].strip():
            raise InputError(
                f"{entry.where}: 'evidence' must be the sentence, quoted from the article"
            )
        if "factuality" in f and f["factuality"] not in FACTUALITY:
            raise InputError(
                f"{entry.where}: factuality must be one of {', '.join(FACTUALITY)}, "
                f"not {f['factuality']!r}"
            )
        if "tense" in f and f["tense"] not in TENSE:
            raise InputError(
                f"{entry.where}: tense must be one of {', '.join(TENSE)}, not {f['tense']!r}"
            )
    if entry.action == "merge" and entity(f["canonical"], entry.where) == entity(
        f["duplicate"], entry.where
    ):
        raise InputError(f"{entry.where}: canonical and duplicate are the same entity")
    if entry.action == "split":
        pair = f["entities"]
        if not isinstance(pair, list) or len(pair) != 2:
            raise InputError(f"{entry.where}: split takes entities: [two entities]")
        if entity(pair[0], entry.where) == entity(pair[1], entry.where):
            raise InputError(f"{entry.where}: a split needs two different entities")


def entity(value: Any, where: str) -> URIRef:
    """``id:china``, ``china`` or a full IRI -> the entity's IRI."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: an entity is written id:key (id:china) or as a full IRI")
    text = value.strip().removeprefix("<").removesuffix(">")
    if text.startswith("id:"):
        text = ID_BASE + text[3:]
    elif ":" not in text:
        text = ID_BASE + text
    if not text.startswith(("http://", "https://", "urn:")) or any(
        c in text for c in ' <>"{}|^`\\'
    ):
        raise InputError(f"{where}: {value!r} is not an entity; write id:key (id:china) or an IRI")
    return URIRef(text)


def relation(value: Any, where: str) -> URIRef:
    """``sg:orders``, ``orders`` or the full IRI -> one of the four relation properties."""
    text = str(value).strip().removeprefix("<").removesuffix(">")
    text = text.removeprefix("sg:").removeprefix(ONTOLOGY_IRI)
    if text not in RELATION:
        raise InputError(
            f"{where}: predicate must be one of {', '.join('sg:' + r for r in RELATION)}, "
            f"not {value!r}"
        )
    return RELATION[text]


def _article_id(value: Any, where: str) -> str:
    text = str(value).strip() if isinstance(value, str | int) else ""
    text = text.removeprefix("id:article/")
    if not text or any(c in text for c in ' <>"{}|^`\\/'):
        raise InputError(f"{where}: article must be an article id, the file stem (000_0438622d)")
    return text


# ---------------------------------------------------------------- applying


def apply(store: Store, folder: str | Path) -> CurationResult:
    """Rebuild graph:curation from FOLDER/*.yaml; an empty or missing folder removes it.

    Every file is read and checked first: a malformed entry changes nothing.
    """
    folder = Path(folder)
    entries = load_folder(folder)
    graph, notes = curation_graph(store, entries)
    result = CurationResult(folder, len(entries), len(graph), notes)
    if len(graph):
        store.replace_graph(str(CURATION_GRAPH), graph)
    else:
        store.remove_graph(str(CURATION_GRAPH))
    return result


def curation_graph(store: Store, entries: list[Entry]) -> tuple[Graph, list[str]]:
    """The curation graph for these entries, looked up against the store, and notes on no-ops."""
    g = Graph(identifier=CURATION_GRAPH)
    notes: list[str] = []
    splits = {
        frozenset(entity(e, x.where) for e in x.fields["entities"])
        for x in entries
        if x.action == "split"
    }
    for entry in entries:
        node = entry.iri
        who = agent_iri(entry.who)
        g.add((node, RDF.type, SG.Curation))
        g.add((node, PROV.wasAttributedTo, who))
        g.add((node, PROV.generatedAtTime, _time_literal(entry.when)))
        g.add((node, RDFS.comment, Literal(entry.why)))
        g.add((node, DCTERMS.source, Literal(entry.file)))
        g.add((who, RDF.type, PROV.Agent))
        if str(who) != entry.who:  # a name, not an IRI
            g.add((who, RDFS.label, Literal(entry.who)))
        note = _ACTIONS[entry.action](store, g, entry, splits)
        if note:
            notes.append(f"{entry.where}: {note}")
    return g, notes


def _statement(entry: Entry) -> tuple[URIRef, URIRef, URIRef, str]:
    """The (subject, relation, object) an entry names, and its article's id."""
    f = entry.fields
    return (
        entity(f["subject"], entry.where),
        relation(f["predicate"], entry.where),
        entity(f["object"], entry.where),
        _article_id(f["article"], entry.where),
    )


def _retract(store: Store, g: Graph, entry: Entry, splits: set) -> str | None:
    s, p, o, doc = _statement(entry)
    _, rows = store.select(
        f"SELECT DISTINCT ?a WHERE {{ GRAPH <{article_graph_iri(doc)}> {{ "
        f"?a a sg:Assertion ; rdf:subject <{s}> ; rdf:predicate <{p}> ; rdf:object <{o}> }} }}"
    )
    if not rows:
        return (
            f"retracts nothing: article {doc} has no assertion {_short(s)} {_short(p)} "
            f"{_short(o)} (any more); it applies again if one is extracted"
        )
    for (assertion,) in rows:
        g.add((assertion, SG.retractedBy, entry.iri))  # type: ignore[arg-type]
        g.add((entry.iri, PROV.used, assertion))  # type: ignore[arg-type]
    return None


def _add(store: Store, g: Graph, entry: Entry, splits: set) -> str | None:
    s, p, o, doc = _statement(entry)
    f = entry.fields
    article = article_iri(doc)
    if not store.ask(f"ASK {{ <{article}> a sg:Article }}"):
        return f"adds nothing: no article {doc} in the store; ingest it first"
    unknown = [t for t in (s, o) if not _known(store, t)]
    if unknown:
        return (
            f"adds nothing: {', '.join(_short(t) for t in unknown)} is not an entity in the store"
        )
    node = curated_assertion_iri(entry.digest)
    factuality = f.get("factuality", "certain")
    g.add((node, RDF.type, SG.Assertion))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, PROV.wasGeneratedBy, entry.iri))
    g.add((node, SG.evidenceText, Literal(f["evidence"].strip())))
    g.add((node, SG.factuality, FACTUALITY[factuality]))
    g.add((node, SG.polarity, Literal("negative" if factuality == "negated" else "positive")))
    if "tense" in f:
        g.add((node, SG.tense, TENSE[f["tense"]]))
    if factuality != "negated":
        g.add((s, p, o))
    return None


def _merge(store: Store, g: Graph, entry: Entry, splits: set) -> str | None:
    canonical = entity(entry.fields["canonical"], entry.where)
    duplicate = entity(entry.fields["duplicate"], entry.where)
    if frozenset((canonical, duplicate)) in splits:
        return f"merge of {_short(duplicate)} into {_short(canonical)} is undone by a split"
    unknown = [t for t in (canonical, duplicate) if not _known(store, t)]
    if unknown:
        return (
            f"merges nothing: {', '.join(_short(t) for t in unknown)} is not an entity in the store"
        )
    g.add((duplicate, OWL.sameAs, canonical))
    g.add((duplicate, SG.canonical, canonical))
    g.add((entry.iri, PROV.used, duplicate))
    g.add((entry.iri, PROV.used, canonical))
    return None


def _split(store: Store, g: Graph, entry: Entry, splits: set) -> str | None:
    a, b = sorted(entity(e, entry.where) for e in entry.fields["entities"])
    g.add((a, OWL.differentFrom, b))
    g.add((entry.iri, PROV.used, a))
    g.add((entry.iri, PROV.used, b))
    return None


_ACTIONS = {"retract": _retract, "add": _add, "merge": _merge, "split": _split}


def _known(store: Store, term: URIRef) -> bool:
    """Typed somewhere other than in graph:curation (which is about to be replaced)."""
    return store.ask(f"ASK {{ GRAPH ?g {{ <{term}> a ?type }} FILTER(?g != <{CURATION_GRAPH}>) }}")


def _time_literal(when: date | datetime) -> Literal:
    if isinstance(when, datetime):
        return Literal(when.isoformat(), datatype=XSD.dateTime)
    return Literal(when.isoformat(), datatype=XSD.date)


def _short(term: URIRef) -> str:
    text = str(term)
    for prefix, base in (("id:", ID_BASE), ("sg:", ONTOLOGY_IRI)):
        if text.startswith(base):
            return prefix + text[len(base) :]
    return f"<{text}>"
