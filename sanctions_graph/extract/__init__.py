"""Document in, Extraction out: entities, assertions and measures.

Extraction is a pure function of one article (and the reference entities),
so batches can run in worker processes or on a cluster, one document each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..model import Assertion, Document, Extraction, Measure
from ..resolve import ReferenceKB, reference_kb
from . import lexicon as lx
from .mentions import Mentions, find_mentions
from .nlp import pipeline, sentence_case_headline
from .rules import ArticleState, SentenceRules, extract_sentence

__all__ = ["extract_document", "extract_documents"]


def _group_members(doc: Doc, m: Mentions) -> None:
    """'The state institutions ... are ICBC, Bank of China and ABC' names a group's members."""
    for sent in doc.sents:
        copulas = [
            t
            for t in m.where_words(("be",), start=sent.start, end=sent.end)
            if any(c.dep_ == "attr" for c in t.children)
        ]
        if not copulas:
            continue
        root = copulas[0]
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if not subj and root.dep_ == "conj":  # "The banks ordered to ... are X, Y and Z"
            subj = [c for c in root.head.children if c.dep_ == "nsubj"]
        attr = [c for c in root.children if c.dep_ == "attr"]
        if not subj or not attr:
            continue
        group = m.key(subj[0])
        if not group or group not in m.group_class:
            continue
        members = [k for k in SentenceRules(sent, m).ents(attr[0]) if k != group]
        if len(members) >= 2:
            m.members.setdefault(group, []).extend(members)
    for sent in doc.sents:
        # "The list comprises VTB, Otkritie and Sovcombank": the members of the group just named
        for verb in m.where_words(("comprise", "include"), start=sent.start, end=sent.end):
            if verb.pos_ != "VERB":
                continue
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if not subj or not objs:
                continue
            group = m.key(subj[0])
            if group not in m.group_class and subj[0].lemma_.lower() in {
                "list",
                "group",
                "package",
            }:
                group = next(
                    (
                        m.token_key[i]
                        for i in range(subj[0].i - 1, -1, -1)
                        if m.token_key.get(i) in m.group_class
                    ),
                    None,
                )
            if group in m.group_class:
                named = [k for k in SentenceRules(sent, m).ents(objs[0]) if k != group]
                if len(named) >= 2:
                    m.members.setdefault(group, []).extend(named)
    for i, names in m.listed.items():
        # "two mining companies ...: Sahel Aurum SARL ... and Lobaye Goldfields", and
        # "the companies" named again later
        group = m.token_key.get(i)
        if group in m.group_class:
            known = m.members.setdefault(group, [])
            known.extend(k for k in names if k not in known and k not in m.group_class)
    for sent in doc.sents:
        rules = SentenceRules(sent, m)
        for token in sent:
            group = m.key(token)
            if group in m.group_class:
                # "the two firms, Primorye Maritime and Gudzon Shipping": named in apposition
                named = rules.members(token) + [
                    k
                    for c in token.children
                    if c.dep_ == "appos"
                    for k in rules.ents(c)
                    if k not in m.group_class
                ]
                if named:
                    m.members.setdefault(group, []).extend(k for k in named if k != group)


def _with_members(assertions: list[Assertion], m: Mentions) -> list[Assertion]:
    """A relation that holds for a group holds for each named member too."""
    out = list(assertions)
    for a in assertions:
        if (
            a.predicate == "tradesWith"
            and a.subject in m.members
            and _counted(m.entities.get(a.subject))
        ):
            for member in m.members[a.subject]:  # "two companies accused of supplying North Korea"
                out.append(Assertion(**{**a.__dict__, "subject": member}))
        if a.object not in m.members:
            continue
        # Measures against a counted group ("the seven banks") hit each of the members the
        # article names; orders to any group reach its named members.
        if (
            a.predicate == "orders"
            or a.predicate == "targets"
            and _counted(m.entities.get(a.object))
        ):
            for member in m.members[a.object]:
                out.append(Assertion(**{**a.__dict__, "object": member}))
    return out


_NUMBER_WORDS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
}


def _counted(entity) -> bool:
    if entity is None:
        return False
    return any(
        any(ch.isdigit() for ch in alias) or set(alias.lower().split()) & _NUMBER_WORDS
        for alias in entity.aliases
    )


def _adopters(doc: Doc, m: Mentions) -> dict[str, list[str]]:
    """Who adopted which instrument: "the council adopted resolution 2375",
    "resolution 2375, which the council adopted", "Trump signed the order"."""
    out: dict[str, list[str]] = {}
    for sent in doc.sents:
        rules = SentenceRules(sent, m)
        for verb in m.where_words(lx.ADOPT_VERBS, start=sent.start, end=sent.end):
            if verb.pos_ != "VERB":
                continue
            instruments: list[str] = []
            for child in verb.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    if child.lower_ in {"which", "that"} and verb.dep_ == "relcl":
                        instruments += rules.ents(verb.head)
                    else:
                        instruments += rules.ents(child)
            if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "Resolution 2371, adopted on Aug. 5"
                instruments += rules.ents(verb.head)
            instruments = [
                k for k in instruments if set(m.types(k)) & {"UNResolution", "ExecutiveOrder"}
            ]
            if not instruments:
                continue
            adopters = [
                k
                for k in rules.subjects(verb)
                if k not in instruments and not set(m.types(k)) & {"UNResolution", "ExecutiveOrder"}
            ]
            for instrument in instruments:
                out.setdefault(instrument, [])
                out[instrument] += [a for a in adopters if a not in out[instrument]]
    if "unsc" in m.kb.entities:
        # A numbered Security Council resolution is the council's, whether or not the
        # article says who adopted it ("Resolution 661 banned all trade with Iraq")
        for key, entity in m.entities.items():
            numbered = _NUMBERED_RESOLUTION.fullmatch(key) and "UNResolution" in entity.types
            if numbered and not out.get(key):
                out[key] = ["unsc"]
    return out


_NUMBERED_RESOLUTION = re.compile(r"unsc-[0-9]+")


def _through_instruments(
    assertions: list[Assertion], measures: list[Measure], adopters: dict[str, list[str]]
) -> list[Assertion]:
    """What an instrument does, whoever adopted it does through it."""
    out = list(assertions)
    for a in assertions:
        if a.predicate == "targets" and a.subject in adopters:
            for who in adopters[a.subject]:
                if who != a.object:
                    out.append(Assertion(**{**a.__dict__, "subject": who}))
    for measure in measures:
        extra = [who for k in measure.imposed_by for who in adopters.get(k, [])]
        measure.imposed_by = list(dict.fromkeys([*measure.imposed_by, *extra]))
    return out


def _dedupe_assertions(assertions: list[Assertion]) -> list[Assertion]:
    seen: dict[tuple, Assertion] = {}
    for a in assertions:
        key = (a.subject, a.predicate, a.object, a.evidence.start, a.polarity)
        seen.setdefault(key, a)
    return list(seen.values())


def _at_own_state(subject: str, obj: str, m: Mentions) -> bool:
    """Whether a party would aim at its own state ("the council closed Swiss airspace to
    flights from Russia"): a misreading, since a state's measures hit others."""
    return m.country_of(obj) == obj and m.country_of(subject) == obj


def _not_at_own_state(measures: list[Measure], m: Mentions) -> list[Measure]:
    kept = []
    for measure in measures:
        measure.targets = [
            t
            for t in measure.targets
            if not all(_at_own_state(s, t, m) for s in measure.imposed_by)
        ]
        if measure.targets:
            kept.append(measure)
    return kept


def _measures_with_members(measures: list[Measure], m: Mentions) -> list[Measure]:
    for measure in measures:
        extra = [k for g in measure.implemented_by for k in m.members.get(g, [])]
        measure.implemented_by = list(dict.fromkeys([*measure.implemented_by, *extra]))
    return measures


_DEADLINE = re.compile(
    r"\b(within|in the next|by the end of)\s+(\d+|[a-z]+)\s+(days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_INSTRUMENTS = {"UNResolution", "ExecutiveOrder"}


def _measure_details(measures: list[Measure], doc: Doc, m: Mentions) -> None:
    """Legal basis (the resolutions and orders the measure's sentence names) and deadlines."""
    for measure in measures:
        span = doc.char_span(measure.evidence.start, measure.evidence.end, alignment_mode="expand")
        if span is not None:
            named = [m.token_key[t.i] for t in span if t.i in m.token_key]
            # an instrument can impose ("Resolution 2397 bans ...") and be the basis at once
            basis = [k for k in dict.fromkeys(named) if set(m.types(k)) & _INSTRUMENTS]
            measure.legal_basis = list(dict.fromkeys([*measure.legal_basis, *basis]))
        found = _DEADLINE.search(measure.evidence.text)
        if found and measure.deadline is None:
            measure.deadline = found.group(0)


def extraction_from_doc(document: Document, doc: Doc, kb: ReferenceKB) -> Extraction:
    doc.user_data["published"] = document.published
    m = find_mentions(doc, kb)
    _group_members(doc, m)
    state = ArticleState([], [])
    for sent in doc.sents:
        extract_sentence(sent, m, state)
    measures = _not_at_own_state(_measures_with_members(state.measures + state.standing, m), m)
    _measure_details(measures, doc, m)
    assertions = _through_instruments(
        [
            a
            for a in state.assertions
            if not (a.predicate == "targets" and _at_own_state(a.subject, a.object, m))
        ],
        measures,
        _adopters(doc, m),
    )
    assertions = _dedupe_assertions(_with_members(assertions, m))
    used = {a.subject for a in assertions} | {a.object for a in assertions}
    used |= {a.claimant for a in assertions if a.claimant}
    for measure in measures:
        used |= {
            *measure.imposed_by,
            *measure.targets,
            *measure.implemented_by,
            *measure.legal_basis,
        }
    entities = {k: e for k, e in m.entities.items() if e.label}
    missing = used - set(entities)
    for key in missing:  # a member or claimant that only reached the rules by key
        if key in kb.entities:
            ref = kb.entities[key]
            from ..model import Entity

            entities[key] = Entity(key, ref.label, ref.types, {ref.label}, True)
    return Extraction(
        document=document, entities=entities, assertions=assertions, measures=measures
    )


def _parse(texts: list[str], batch_size: int = 16) -> list[Doc]:
    """Parse articles; a Title Case headline is parsed in sentence case.

    Headlines such as "China Tightens Banking Screws on North Korea, but
    Rejects Trump's Talk" defeat the tagger. Lowering the words that the body
    never capitalises mid-sentence keeps names and changes no offsets.
    """
    cased = [sentence_case_headline(t) for t in texts]
    docs = list(pipeline().pipe(cased, batch_size=batch_size))
    for doc, text, parsed in zip(docs, texts, cased, strict=True):
        doc.user_data["original"] = text
        doc.user_data["parsed"] = parsed  # = doc.text, which spaCy joins anew on every read
    return docs


def extract_document(document: Document, kb: ReferenceKB | None = None) -> Extraction:
    """Extract entities, assertions and measures from one article."""
    kb = kb or reference_kb()
    return extraction_from_doc(document, _parse([document.text])[0], kb)


def extract_documents(
    documents: Iterable[Document], kb: ReferenceKB | None = None, *, batch_size: int = 16
) -> Iterator[Extraction]:
    """Extract many articles, parsing them in batches with nlp.pipe."""
    kb = kb or reference_kb()
    docs = list(documents)
    for document, doc in zip(docs, _parse([d.text for d in docs], batch_size), strict=True):
        yield extraction_from_doc(document, doc, kb)
