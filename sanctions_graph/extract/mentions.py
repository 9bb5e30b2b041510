"""Find the entities an article talks about, and every place it names them.

Sources, strongest first: the reference entities' names; resolution numbers;
the model's named entities; collective noun phrases ("North Korean citizens",
"its banks"); then, reading left to right, the mentions that point back:
surnames, acronyms introduced in parentheses, titles ("the president", "the
spokesman"), definite descriptions ("the lender") and pronouns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Entity
from ..resolve import ReferenceKB, normalise
from . import lexicon as lx
from .dates import MONTHS

_SLUG = re.compile(r"[^a-z0-9]+")
_RESOLUTION_NUMBER = re.compile(r"^(1[0-9]{3}|2[0-9]{3})$")
_PRONOUNS = {"it", "its", "they", "them", "their", "he", "him", "his", "she", "her"}


def _resolution_number(doc: Doc, token: Token, numbered: set[int]) -> bool:
    """Whether a number names a Security Council resolution: one like the recent ones
    (1000 to 2999) anywhere in a sentence about resolutions; any of one to four digits
    right after "resolution" ("resolution 661") or listed after one taken already
    ("resolutions 661, 687 and 986"). "661" alone is any number."""
    text = token.text
    if _RESOLUTION_NUMBER.match(text):
        return True
    if not (text.isdigit() and len(text) <= 4 and text[0] != "0"):
        return False
    i = token.i
    if i > 0 and doc[i - 1].lower_ in {"resolution", "resolutions"}:
        return True
    # "661, 687", "661 and 687", "661, and 687"
    return any(
        i - gap in numbered
        and all(doc[j].text in {",", "and", "or"} for j in range(i - gap + 1, i))
        for gap in (2, 3)
    )


# Words before "panel of experts" that belong to its name: "U.N.", "the Security Council's"
_UN_WORDS = {"u.n.", "un", "united", "nations", "security", "council", "'s"}
_PANEL = "un-panel-of-experts"


def _panels_of_experts(doc: Doc, m: Mentions) -> None:
    """ "A U.N. group of experts", "the Security Council's panel of experts on Libya": the
    experts who monitor a sanctions regime speak and accuse as one body, and "the
    experts" later in the article are that body again."""
    named = False
    for token in m.where_words(("expert",)):
        i = token.i
        if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in {"panel", "group"}:
            start = body = i - 2
            while start > 0 and doc[start - 1].lower_ in _UN_WORDS:
                start -= 1
            m.add(doc[start : i + 1], _PANEL, "UN Panel of Experts", ("Organization",))
            named = True
            # the name without the UN ("panel of experts") and with its remit ("... on Libya")
            aliases = m.entities[_PANEL].aliases
            aliases.add(doc[body : i + 1].text)
            place = (
                m.token_key.get(i + 2, "") if i + 1 < len(doc) and doc[i + 1].lower_ == "on" else ""
            )
            if place and m.country_of(place) == place:
                end = i + 2
                while end < len(doc) and m.token_key.get(end) == place:
                    end += 1
                aliases.add(doc[start:end].text)
        elif (
            named
            and token.tag_ == "NNS"
            and i not in m.token_key
            and i > 0
            and doc[i - 1].lower_ == "the"
        ):
            m.add(doc[i : i + 1], _PANEL, "UN Panel of Experts", ("Organization",))


def slug(text: str) -> str:
    return _SLUG.sub("-", normalise(text)).strip("-") or "entity"


def _without_suffixes(words: list[str]) -> list[str]:
    """A firm's name without the company suffixes that end it ("Co.", "Co. Ltd.")."""
    while len(words) > 1 and words[-1].strip(".,").lower() in lx.COMPANY_SUFFIXES:
        words = words[:-1]
    return words


def org_key(name: str) -> str:
    """The key of an organisation's name: "Etemad Tejarate Pars Co." and a later
    "Etemad Tejarate Pars" are one firm, so a company suffix is not part of it."""
    return slug(" ".join(_without_suffixes(name.split())))


def clean_name(span: Span) -> str:
    """The name inside a span: without a leading 'the' and a trailing possessive."""
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while (
        tokens and tokens[-1].tag_ == "POS" or tokens and tokens[-1].text in {"'s", "’s", "'", "’"}
    ):
        tokens = tokens[:-1]
    if not tokens:
        return span.text
    # The text of the tokens kept, as doc[first : last + 1].text but without making the span.
    return "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text


@dataclass
class Mentions:
    """The entities of one article and the tokens that name them."""

    doc: Doc
    kb: ReferenceKB
    entities: dict[str, Entity] = field(default_factory=dict)
    token_key: dict[int, str] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)
    group_class: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    listed: dict[int, list[str]] = field(default_factory=dict)  # group head token -> its list
    # The state of a body the reference does not know ("the Jordan Ministry of Finance").
    states: dict[str, str] = field(default_factory=dict)
    # The model's named entities, read once: every read of doc.ents makes new spans.
    ents: tuple[Span, ...] = field(init=False)

    _name_tokens: set[int] | None = field(default=None, init=False, repr=False)
    _indexes: dict[str, dict[str, list[int]]] = field(default_factory=dict, init=False, repr=False)
    _lowers: list[str] | None = field(default=None, init=False, repr=False)
    _capitalised: list[int] | None = field(default=None, init=False, repr=False)
    _dates: list[Span] | None = field(default=None, init=False, repr=False)
    # Each token's text and lemma (lower case), read once: passes that look for a few
    # words test these and make a Token only of the words they want.
    texts: list[str] = field(init=False, repr=False)
    lemmas: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.ents = tuple(self.doc.ents)
        self.texts = [t.text for t in self.doc]
        self.lemmas = [t.lemma_.lower() for t in self.doc]

    def where(
        self,
        wanted: Callable[[int], bool] | None = None,
        start: int = 0,
        end: int | None = None,
        *,
        among: list[int] | None = None,
    ) -> Iterator[Token]:
        """The tokens (in order) whose index passes a cheap test (every one, without
        a test); ``among``, the only indices worth taking (in order), such as
        :meth:`capitalised`."""
        doc = self.doc
        stop = len(doc) if end is None else (end if end >= 0 else len(doc) + end)
        indices = range(start, stop) if among is None else among
        return (doc[i] for i in indices if start <= i < stop and (wanted is None or wanted(i)))

    def capitalised(self) -> list[int]:
        """The indices of the tokens that begin with a capital, in order."""
        if self._capitalised is None:
            self._capitalised = [i for i, text in enumerate(self.texts) if text[:1].isupper()]
        return self._capitalised

    def where_words(
        self,
        words: Iterable[str],
        *,
        by: str = "lemma",
        start: int = 0,
        end: int | None = None,
        also: Callable[[int], bool] | None = None,
    ) -> Iterator[Token]:
        """The tokens (in order) whose lemma (``by="lemma"``), text (``"text"``) or
        lower-case text (``"lower"``) is one of some words; ``also`` is tested as the
        tokens are taken. A few words are looked up in an index of the article's
        words, many are tested token by token."""
        stop = len(self.doc) if end is None else (end if end >= 0 else len(self.doc) + end)
        wanted = words if isinstance(words, (set, frozenset, dict)) else set(words)
        if len(wanted) > stop - start:
            values = self.values(by)
            hits = [i for i in range(start, stop) if values[i] in wanted]
        else:
            index = self._index(by)
            hits = sorted(i for w in wanted for i in index.get(w, ()) if start <= i < stop)
        return self.where(also, start, end, among=hits)

    def values(self, by: str) -> list[str]:
        """Each token's lemma, text or lower-case text, by index."""
        if by == "lemma":
            return self.lemmas
        if by == "text":
            return self.texts
        if self._lowers is None:
            self._lowers = [t.lower() for t in self.texts]
        return self._lowers

    def _index(self, by: str) -> dict[str, list[int]]:
        if by not in self._indexes:
            index: dict[str, list[int]] = {}
            for i, value in enumerate(self.values(by)):
                index.setdefault(value, []).append(i)
            self._indexes[by] = index
        return self._indexes[by]

    def dates_in(self, start: int, end: int) -> list[Span]:
        """The model's DATE entities between two token indices."""
        if self._dates is None:
            self._dates = [e for e in self.ents if e.label_ == "DATE"]
        return [e for e in self._dates if e.start >= start and e.end <= end]

    def tokens_of_names(self) -> set[int]:
        """The tokens that name an entity other than a group; read once the mentions are
        all found."""
        if self._name_tokens is None:
            self._name_tokens = {i for i, k in self.token_key.items() if k not in self.group_class}
        return self._name_tokens

    def key(self, token: Token) -> str | None:
        return self.token_key.get(token.i)

    def add(
        self,
        span: Span,
        key: str,
        label: str,
        types: tuple[str, ...],
        *,
        reference: bool = False,
        surface: str | None = None,
    ) -> str:
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(key, label, types, set(), reference)
        elif not reference and not entity.reference:
            entity.types = tuple(sorted(set(entity.types) | set(types)))
        name = surface or clean_name(span)
        if name.lower() not in _PRONOUNS:
            entity.aliases.add(name)
        for token in span:
            self.token_key[token.i] = key
        return key

    def add_reference(self, span: Span, key: str) -> str:
        ref = self.kb.entities[key]
        return self.add(span, key, ref.label, ref.types or ("Organization",), reference=True)

    def country_of(self, key: str) -> str | None:
        """The state an entity belongs to (itself for a state)."""
        if key in self.states:
            return self.states[key]
        ref = self.kb.entities.get(key)
        if ref is None:
            return None
        if ref.country:
            return ref.country
        return key if ref.demonym else None

    def types(self, key: str) -> tuple[str, ...]:
        entity = self.entities.get(key)
        if entity:
            return entity.types
        ref = self.kb.entities.get(key)  # a state named only by its demonym ("North Korean coal")
        return ref.types if ref else ()


def _matcher(nlp_vocab, kb: ReferenceKB) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp_vocab, attr="ORTH")
    for name, key in kb.names():
        for variant in {name, name.replace("'", "\u2019")}:
            matcher.add(key, [nlp_vocab_doc(nlp_vocab, variant)])
    return matcher


def nlp_vocab_doc(vocab, text: str) -> Doc:
    from .nlp import pipeline

    return pipeline().make_doc(text)


_MATCHERS: dict[int, PhraseMatcher] = {}


def reference_spans(doc: Doc, kb: ReferenceKB) -> list[Span]:
    matcher = _MATCHERS.get(id(kb))
    if matcher is None:
        matcher = _MATCHERS[id(kb)] = _matcher(doc.vocab, kb)
    spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in matcher(doc)]
    return filter_spans(spans)


def _among_people(ent: Span) -> bool:
    """ "three executives, Zhou Jianshu, Hong Jinhua and Luo Chuanxu": a name the recogniser
    took for a place or a firm, listed with people on both sides, is a person too."""
    if ent.label_ not in {"GPE", "ORG"}:
        return False
    root = ent.root
    linked = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        linked.append(root.head)
    return len(linked) >= 2 and all(t.ent_type_ == "PERSON" for t in linked)


def _person_types(span: Span) -> tuple[str, ...]:
    before = [t.lower_ for t in span.doc[max(span.start - 6, span.sent.start) : span.start]]
    around = {t.lower_ for t in span.root.children} | {
        t.lower_ for t in span.root.head.subtree if span.root.dep_ == "appos"
    }
    for child in span.root.children:
        if child.dep_ == "appos":
            around |= {t.lower_ for t in child.subtree}
    if span.root.dep_ == "appos":
        around |= {t.lower_ for t in span.root.head.subtree}
    cues = set(before[-3:]) | around
    hard = (cues & lx.OFFICIAL_TITLES) - lx.SOFT_TITLES
    soft = cues & lx.SOFT_TITLES
    if hard:
        return ("Official",)
    if soft and cues & {
        "ministry",
        "department",
        "treasury",
        "bank",
        "agency",
        "cia",
        "government",
        "state",
        "council",
        "commission",
        "office",
    }:
        return ("Official",)
    return ("Person",)


def _org_types(name: str) -> tuple[str, ...]:
    low = name.lower()
    words = set(re.findall(r"[a-z]+", low))
    if any(w in low for w in lx.CENTRAL_BANK_WORDS):
        return ("CentralBank",)
    if words & lx.BANK_WORDS or low.endswith("bank"):
        return ("Bank",)
    if "resolution" in words:
        return ("UNResolution",)
    if "executive order" in low:
        return ("ExecutiveOrder",)
    if any(c in low for c in lx.NOT_GOVERNMENT_COUNCILS):
        return ("Organization",)
    if words & lx.GOVERNMENT_WORDS:
        return ("Government",)
    return ("Organization",)


# Groups named by whom they deal with: "its suppliers" supply it, they are not its own.
_RELATIONAL_GROUPS = {"supplier", "customer", "buyer", "client", "creditor", "partner"}


def _group_origin(head: Token, m: Mentions) -> str | None:
    """The state a collective belongs to: 'Chinese banks', 'its banks', 'domestic banks'."""
    for child in head.children:
        if child.dep_ in {"amod", "compound", "nmod"}:
            state = m.kb.state_of_demonym(child.text)
            if state is None and child.dep_ == "amod" and child.i + 1 < len(head.doc):
                two = f"{child.text} {head.doc[child.i + 1].text}"
                state = m.kb.state_of_demonym(two)
            if state is None and child.i > 0:
                two = f"{head.doc[child.i - 1].text} {child.text}"
                state = m.kb.state_of_demonym(two)
            if state:
                return state
            key = m.key(child)
            if key and m.country_of(key):
                return m.country_of(key)
            if child.lower_ == "foreign":
                return "foreign"
            if child.lower_ == "domestic":
                subject = _clause_subject(head)
                if subject is not None and m.key(subject):
                    return m.country_of(m.key(subject)) or None
        if child.dep_ == "prep" and child.lower_ == "in":
            # "commercial lenders in China"
            for pobj in child.children:
                key = m.key(pobj)
                if pobj.dep_ == "pobj" and key and m.country_of(key) == key:
                    return key
        if child.dep_ == "poss" and head.lemma_.lower() in _RELATIONAL_GROUPS:
            return None  # "its suppliers", "Rusal's European customers": whose they are not
        if child.dep_ == "poss":
            key = m.key(child) or (
                _nearest_state(child, m, not_these=_clause_subject_keys(child, m))
                if child.lower_ in _PRONOUNS | {"country", "nation"}
                else None
            )
            if key:
                return m.country_of(key) or None
    if head.dep_ == "conj" and not any(
        c.dep_ in {"amod", "compound", "nmod", "poss", "det"} for c in head.children
    ):
        # "U.S. citizens and companies": the companies share the citizens' state
        return _group_origin(head.head, m)
    return None


_NAME_STOPWORDS = {"of", "the", "and", "for", "on", "in", "s"}


def _name_words(name: str) -> set[str]:
    """The words of a name, folded, without possessives: "China's Ministry of Commerce"."""
    return set(normalise(name).replace("'s", "").split())


_BODIES: dict[int, tuple[ReferenceKB, int, dict[str, list[tuple[str, list[set[str]]]]]]] = {}


def _bodies_of_states(kb: ReferenceKB) -> dict[str, list[tuple[str, list[set[str]]]]]:
    """State key -> its reference bodies, each (key, the words of each of its names).

    Folded once per reference KB (and again if entities were added to it)
    rather than for every body name an article mentions.
    """
    cached = _BODIES.get(id(kb))
    if cached is None or cached[0] is not kb or cached[1] != len(kb.entities):
        bodies: dict[str, list[tuple[str, list[set[str]]]]] = {}
        for ref in kb.entities.values():
            if ref.country:
                names = [_name_words(n) for n in (ref.label, *ref.aliases)]
                bodies.setdefault(ref.country, []).append((ref.key, names))
        cached = _BODIES[id(kb)] = (kb, len(kb.entities), bodies)
    return cached[2]


def _body_of_state(state: str, words: set[str], kb: ReferenceKB) -> str | None:
    """The first reference body of the state one of whose names has all these words."""
    for key, names in _bodies_of_states(kb).get(state, ()):
        if any(words <= name for name in names):
            return key
    return None


def _after_state(ent: Span, m: Mentions) -> Span | None:
    """The part of a name after the state it starts with, when the rest is a body of
    government the model read with it: "the Jordan Ministry of Finance"."""
    start = ent.start + (ent[0].lower_ == "the")
    key = m.token_key.get(start)
    if ent.label_ != "ORG" or not key or m.country_of(key) != key:
        return None
    while start < ent.end and m.token_key.get(start) == key:
        start += 1
    rest = ent.doc[start : ent.end]
    if (
        not len(rest)
        or any(t.i in m.token_key for t in rest)
        or not rest[0].text[:1].isupper()
        or _org_types(rest.text) != ("Government",)
    ):
        return None
    return Span(ent.doc, rest.start, rest.end, label=ent.label_)


def _state_before(ent: Span, m: Mentions) -> str | None:
    """The state named right before a name, with or without a possessive: "Jordan's
    Ministry of Finance", "the Jordan Ministry of Finance"."""
    doc = ent.doc
    i = ent.start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    key = m.token_key.get(i) if i >= 0 else None
    return key if key and m.country_of(key) == key else None


def _known_body(name: str, token: Token, m: Mentions) -> str | None:
    """A body named without its state ("the Ministry of Commerce"): the reference body,
    with all the same words, of the nearest state before it that has one."""
    words = _name_words(name) - _NAME_STOPWORDS
    seen: list[str] = []
    for i in range(token.i - 1, -1, -1):
        key = m.token_key.get(i)
        if key and m.country_of(key) == key and key not in seen:
            seen.append(key)
    for state in seen:
        body = _body_of_state(state, words, m.kb)
        if body:
            return body
    return None


def _described_person_state(token: Token, m: Mentions) -> str | None:
    """ "Hua Chunying, a foreign ministry spokeswoman": the state of a known person whom
    the description (the body's word inside it) is in apposition to."""
    description = token
    while description.dep_ in {"compound", "amod", "nmod"} and description.head != description:
        description = description.head
    if description.dep_ != "appos":
        return None
    key = m.key(description.head)
    return m.country_of(key) if key and m.country_of(key) != key else None


def _nearest_state(token: Token, m: Mentions, not_these: set[str] = frozenset()) -> str | None:
    """The state a possessive pronoun most likely stands for: the last state that was a
    subject, in this sentence or the one before ("Turkey has enforced the ban on Iran. Its
    trade ministry ..."), else the nearest one before it."""
    doc = token.doc
    start = token.sent.start
    previous = doc[start - 1].sent.start if start > 0 else start
    for i in range(token.i - 1, previous - 1, -1):
        key = m.token_key.get(i)
        head = doc[i]
        while m.token_key.get(head.head.i) == key and head.head != head:
            head = head.head
        if (
            key
            and m.country_of(key) == key
            and head.dep_ in {"nsubj", "nsubjpass"}
            and key not in not_these
        ):
            return key
    for i in range(token.i - 1, max(token.i - 120, -1), -1):
        key = m.token_key.get(i)
        if key and m.country_of(key) == key and key not in not_these:
            return key
    return None


def _persons_state(body: Token, m: Mentions) -> str | None:
    """ "His foreign ministry", "her government": the state of the person "his" or "her"
    stands for, the last person named before (within the sentence and the two before)."""
    if not any(c.dep_ == "poss" and c.lower_ in {"his", "her"} for c in body.children):
        return None
    doc = body.doc
    start = body.sent.start
    for _ in range(2):
        start = doc[start - 1].sent.start if start > 0 else start
    for i in range(body.i - 1, start - 1, -1):
        key = m.token_key.get(i)
        if key and set(m.types(key)) & {"Person", "Official"}:
            return m.country_of(key)
    return None


def _clause_subject(token: Token) -> Token | None:
    for ancestor in [token, *token.ancestors]:
        for child in ancestor.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child != token:
                return child
    return None


def _group_spans(doc: Doc, m: Mentions) -> list[tuple[Span, Token, str]]:
    found = []
    for token in m.where_words(lx.GROUP_HEADS):
        if token.pos_ not in {"NOUN", "PROPN"} or m.key(token):
            continue
        cls = lx.GROUP_HEADS.get(token.lemma_.lower())
        if cls is None:
            continue
        if _is_goods(token):
            continue  # "imports of food, wood and vessels": vessels as goods
        plural = token.tag_ in {"NNS", "NNPS"} or token.lemma_.lower() in {"aircraft", "people"}
        # "any company", but not "all business" (a mass noun, not a group)
        quantified = (
            any(c.lower_ in {"any", "every", "each"} for c in token.children)
            and cls != "member states"
        )
        if not plural and not quantified:
            continue
        if token.dep_ == "conj" and lx.GROUP_HEADS.get(token.head.lemma_.lower()) == cls:
            continue  # "planes and ships": one group, named by its first head
        if any(c.lower_ in {"familiar", "briefed"} for c in token.children):
            continue  # "two people familiar with the matter": unnamed sources, no party
        if (
            token.dep_ == "appos"
            and token.lemma_.lower() in lx.TRADE_PARTNER_NOUNS
            and m.key(token.head)
        ):
            continue  # "Iraq and Saudi Arabia, India's top suppliers": the states named
        mods = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound"}}
        need = lx.GROUP_NEEDS_MODIFIER.get(token.lemma_.lower())
        if need is not None and need and not mods & need:
            continue
        left = token.left_edge.i
        # Keep determiners and quantifiers out of the name: "all North Korean citizens".
        while left < token.i and (
            doc[left].pos_ in {"DET", "PRON", "PUNCT", "ADP"}  # "among them three chipmakers"
            or doc[left].lower_ in {"all", "some", "many", "most", "major", "how", "much", "own"}
        ):
            left += 1
        while left < token.i and (doc[left].dep_ in {"poss", "case"} or doc[left].tag_ == "POS"):
            left += 1
        # A group's name never runs across a dash, a colon or a date: "Sept 21 - Commercial lenders"
        for i in range(token.i - 1, left - 1, -1):
            spaced = bool(doc[i].whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))
            if (
                doc[i].text in {"-", "\u2013", "\u2014"}
                and spaced
                or doc[i].text in {":", ";"}
                or doc[i].ent_type_ in {"DATE", "TIME"}
            ):
                left = i + 1
                break
        right = token.i
        for conj in token.conjuncts:
            between = doc[token.i : conj.i]
            if (
                conj.i > right
                and lx.GROUP_HEADS.get(conj.lemma_.lower()) in {cls, "companies"}
                and m.key(conj) is None
                and not any(t.text in {"-", "\u2013", "\u2014", ":", "("} for t in between)
            ):
                right = conj.i
        span = doc[left : right + 1]
        found.append((span, token, cls))
    return found


def _restrictive_clause(head: Token) -> int | None:
    """Where a short relative clause or place that picks out a group ends, if the group
    has one not set off by a comma: "companies that insure or certify the pipeline",
    "banks which handle its trade" (a condition or a reason after it is not part of
    it), "banks in the bloc"."""

    def end(token: Token) -> int:
        return max([token.i, *(end(c) for c in token.children if c.dep_ not in {"advcl", "punct"})])

    if any(c.lower_ in {"the", "these", "those"} for c in head.children):
        return None  # "the five banks that Washington targeted in July": known ones
    for child in head.children:
        if (
            child.dep_ == "relcl"
            and child.left_edge.i == head.i + 1
            and child.left_edge.lower_ in {"that", "which", "who"}
            and end(child) - head.i <= 8
        ):
            return end(child)
        if (
            child.dep_ == "prep"
            and child.i == head.i + 1
            and child.lower_ in {"in", "across", "within"}
            and child.right_edge.i - head.i <= 4
            and not any(c.dep_ in {"amod", "compound", "nmod", "poss"} for c in head.children)
        ):
            return child.right_edge.i  # "banks in the bloc": not the banks named before
    return None


def _is_goods(token: Token) -> bool:
    """Whether a noun is listed as traded goods: 'exports of ... and vessels'."""
    node = token
    while node.dep_ == "conj":
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "of":
        owner = node.head.head
        return owner.lemma_.lower() in lx.TRADE_NOUNS or owner.lower_ in lx.TRADE_NOUNS
    return False


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper()


_ORG_HEADS = lx.BANK_WORDS | lx.COMPANY_SUFFIXES | {"group", "holdings", "company", "fund"}


# What a firm is called in apposition: "Zhuhai Zhenrong, a state trader".
_FIRM_NOUNS = {k for k, cls in lx.GROUP_HEADS.items() if cls in {"companies", "banks"}} | {
    "conglomerate",
    "corporation",
    "group",
    "operator",
    "subsidiary",
    "affiliate",
}


def _described_as_firm(ent: Span) -> bool:
    """ "Zhuhai Zhenrong, a Chinese state trader", "a refiner, Hengli Petrochemical": a
    name the model took for a person's, in apposition with a word for a firm."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    return any(n.lemma_.lower() in _FIRM_NOUNS for n in nouns)


# Capitalised heads of a body's name before "of": "the Presidency of Defence Industries".
_BODY_NAME_HEADS = {
    "presidency",
    "ministry",
    "department",
    "office",
    "bureau",
    "council",
    "agency",
    "directorate",
    "administration",
    "commission",
    "committee",
    "authority",
    "institute",
    "service",
}


def _portfolios(ents: tuple[Span, ...], kb: ReferenceKB) -> tuple[Span, ...]:
    """ "Justice Minister Abdulhamit Gul": a portfolio the model took for a body is part
    of the minister's title, unless it names a body the reference knows ("Treasury")."""
    doc = ents[0].doc if ents else None
    return tuple(
        e
        for e in ents
        if not (
            e.label_ == "ORG"
            and len(e) == 1
            and e.end < len(doc)
            and doc[e.end].lower_ in {"minister", "secretary"}
            and kb.lookup(e.text) is None
        )
    )


def _surnames(ents: tuple[Span, ...]) -> set[str]:
    """The surnames of the people the model named in full ("Oleg Deripaska")."""
    return {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}


def _surnames_not_places(ents: tuple[Span, ...], kb: ReferenceKB) -> tuple[Span, ...]:
    """ "Deripaska" in a headline, taken for a place or a firm, when the article names a
    person "Oleg Deripaska": the person's surname, left to the surname rule."""
    surnames = _surnames(ents)
    return tuple(
        e
        for e in ents
        if not (
            len(e) == 1
            and e.label_ in {"GPE", "ORG"}
            and e.text in surnames
            and kb.lookup(e.text) is None
        )
    )


def _without_dates(ents: tuple[Span, ...]) -> tuple[Span, ...]:
    """ "the council on March 2": a name the model ran on into a date ends before it; and
    "the council" alone, in lower case, is a description to resolve, not a name."""
    out = []
    for ent in ents:
        if ent.label_ == "ORG":
            for token in ent[1:-1]:
                after = ent.doc[token.i + 1]
                if token.lower_ in {"on", "in", "since", "at"} and (
                    after.lower_.rstrip(".") in MONTHS or after.like_num
                ):
                    ent = Span(ent.doc, ent.start, token.i, label="ORG")
                    break
            if not any(t.text[:1].isupper() for t in ent if t.lower_ != "the"):
                continue
        out.append(ent)
    return tuple(out)


def _bodies_named_of(ents: tuple[Span, ...]) -> tuple[Span, ...]:
    """ "the Presidency of Defence Industries": a name the model began after "X of",
    where X is a capitalised word for a body, is the body's whole name."""
    out = []
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    for ent in ents:
        doc = ent.doc
        head = ent.start - 2
        if (
            ent.label_ == "ORG"
            and head >= 0
            and doc[ent.start - 1].lower_ == "of"
            and doc[head].lower_ in _BODY_NAME_HEADS
            and doc[head].text[:1].isupper()
            and head not in taken
        ):
            ent = Span(doc, head, ent.end, label="ORG")
        out.append(ent)
    return tuple(out)


def _firm_names(ents: tuple[Span, ...]) -> tuple[Span, ...]:
    """Names the model took for people's that are firms': "Jilin Xinlong Commercial
    Bank", cut short before the capitalised words that end in a word for a bank or a
    firm, and a name in apposition with a word for a firm."""
    out = []
    for ent in ents:
        if ent.label_ == "PERSON" and _described_as_firm(ent):
            ent = Span(ent.doc, ent.start, ent.end, label="ORG")
        if ent.label_ in {"PERSON", "ORG", "GPE"}:
            doc = ent.doc
            end = ent.end
            while (
                end < len(doc)
                and doc[end].text[:1].isupper()
                and (doc[end].is_alpha or doc[end].lower_.rstrip(".") in lx.COMPANY_SUFFIXES)
            ):
                end += 1  # "Oceanic Crest Shipping Co. Ltd.": every suffix is the name's
            if (
                end > ent.end
                and doc[end - 1].lower_.rstrip(".") in _ORG_HEADS
                and not any(e.start < end and e.end > ent.end for e in ents)
            ):
                ent = Span(doc, ent.start, end, label="ORG")
        out.append(ent)
    return tuple(out)


def _joined_firms(ents: tuple[Span, ...]) -> tuple[Span, ...]:
    """Two firms the model took for one name: "Lotus Horizon Trading and Myint Energy
    Logistics" is two, since each side ends in a word that ends firms' names and the
    second starts with a name of its own ("Myanma Oil and Gas Enterprise", "Oceanic
    Shipping and Trading Co" are one)."""
    out = []
    for ent in ents:
        joint = next((t.i for t in ent if t.lower_ == "and"), None) if ent.label_ == "ORG" else None
        if (
            joint is None
            or joint - ent.start < 2
            or ent.end - joint - 1 < 2
            or ent.doc[joint - 1].lower_.rstrip(".") not in lx.GENERIC_FIRM_WORDS
            or ent[-1].lower_.rstrip(".") not in lx.GENERIC_FIRM_WORDS
            or ent.doc[joint + 1].lower_ in lx.GENERIC_FIRM_WORDS
            or not all(t.text[:1].isupper() for t in ent if t.i != joint)
        ):
            out.append(ent)
            continue
        out += [
            Span(ent.doc, ent.start, joint, label="ORG"),
            Span(ent.doc, joint + 1, ent.end, label="ORG"),
        ]
    return tuple(out)


def find_mentions(doc: Doc, kb: ReferenceKB) -> Mentions:
    m = Mentions(doc, kb)
    m.ents = _bodies_named_of(
        _firm_names(
            _without_dates(_surnames_not_places(_portfolios(_joined_firms(m.ents), kb), kb))
        )
    )

    references = reference_spans(doc, kb)
    for ent in m.ents:
        if ent.label_ not in {"ORG", "FAC"}:
            continue
        inside = [
            r
            for r in references
            if ent.start <= r.start
            and r.end <= ent.end
            and (r.start, r.end) != (ent.start, ent.end)
        ]
        if (
            len(inside) == 1
            and kb.lookup(clean_name(ent)) is None
            and kb.entities[inside[0].label_].demonym
            and not {t.lower_ for t in ent} & lx.GOVERNMENT_WORDS
        ):
            references.remove(inside[0])  # "George Washington University" is not Washington
        elif (
            len(inside) == 1
            and kb.lookup(clean_name(ent)) is None
            and inside[0].start == ent.start
            and ent[-1].text.rstrip(".").lower() in lx.COMPANY_SUFFIXES
            and "Government" not in kb.entities[inside[0].label_].types
        ):
            references.remove(inside[0])  # "Rosneft Trading S.A.": Rosneft's unit, not Rosneft
    for span in references:
        m.add_reference(span, span.label_)
    _led_by(doc, m)

    _state_bodies(doc, m)

    # "Etemad Tejarate Pars Co.": capitalised words ending in a company suffix; "the
    # Syrian Lebanese Commercial Bank": ending in "Bank", where the model saw no name
    in_ents = {i for ent in m.ents for i in range(ent.start, ent.end)}
    suffixes = lx.COMPANY_SUFFIXES
    texts = m.texts
    for token in m.where(lambda i: texts[i] == "Bank" or texts[i].rstrip(".").lower() in suffixes):
        bank = (
            token.text == "Bank"
            and token.i not in in_ents
            and (token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "of")
        )
        hyphened = not token.whitespace_ and token.i + 1 < len(doc) and texts[token.i + 1] == "-"
        if (
            (token.text.rstrip(".").lower() in lx.COMPANY_SUFFIXES or bank)
            and token.i not in m.token_key
            and token.i > 0
            and not hyphened  # "a Republican co-author": a word, not a suffix
        ):
            left = token.i
            while (
                left > 0
                and doc[left - 1].text[:1].isupper()
                and doc[left - 1].i not in m.token_key
                and doc[left - 1].pos_ in {"PROPN", "NOUN", "ADJ"}
                and doc[left - 1].is_alpha
            ):
                left -= 1
            right = token.i + 1
            while (
                right < len(doc)
                and right not in m.token_key
                and doc[right].lower_.rstrip(".") in lx.COMPANY_SUFFIXES
            ):
                right += 1  # "Co. Ltd.": both suffixes are the name's
            if token.i - left >= 1:
                span = doc[left:right]
                m.add(span, org_key(span.text), span.text, _org_types(span.text))

    _short_company_names(doc, m)

    # Resolution numbers: "resolutions 2321, 2356 and 2375", "Resolution 2375".
    for sent in doc.sents:
        if "esolution" not in sent.text:
            continue
        numbered: set[int] = set()  # the numbers taken as resolutions so far
        for token in sent:
            if (
                _resolution_number(doc, token, numbered)
                and token.i not in m.token_key
                and not _in_calendar_date(token)
                and not _a_year(token)
            ):
                numbered.add(token.i)
                key = f"unsc-{token.text}"
                start = token.i
                if (
                    start > 0
                    and doc[start - 1].lower_ == "resolution"
                    and start - 1 not in m.token_key
                ):
                    start -= 1  # "Resolution 2444" is the subject, not only its number
                if key in kb.entities:
                    m.add_reference(doc[start : token.i + 1], key)
                else:
                    m.add(
                        doc[start : token.i + 1],
                        key,
                        f"UN Security Council Resolution {token.text}",
                        ("UNResolution",),
                    )

    _panels_of_experts(doc, m)

    # "Executive Order 14088": an order by its number, known to the reference or not
    texts = m.texts
    for token in m.where(
        lambda i: texts[i] == "Order" and 0 < i < len(texts) - 1 and texts[i - 1] == "Executive"
    ):
        number = doc[token.i + 1]
        if number.text.isdigit() and len(number.text) == 5 and number.i not in m.token_key:
            span = doc[token.i - 1 : number.i + 1]
            if any(t.i in m.token_key for t in span):
                continue
            key = f"eo-{number.text}"
            if key in kb.entities:
                m.add_reference(span, key)
            else:
                m.add(span, key, f"Executive Order {number.text}", ("ExecutiveOrder",))
                if "usa" in kb.entities:
                    m.states[key] = "usa"  # numbered executive orders are the U.S. president's

    named_after = {"Bank", "Fund", "Corporation", "Company", "Agency"}
    for token in m.where_words(named_after, by="text", end=-2):
        # "Bank of Moscow": an institution named after a place the reference knows
        if (
            token.i not in m.token_key
            and doc[token.i + 1].lower_ == "of"
            and m.key(doc[token.i + 2])
            and m.country_of(m.key(doc[token.i + 2])) == m.key(doc[token.i + 2])
        ):
            left = token.i
            while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].i not in m.token_key:
                left -= 1
            place = m.key(doc[token.i + 2])
            right = token.i + 2
            while right + 1 < len(doc) and m.key(doc[right + 1]) == place:
                right += 1
            span = doc[left : right + 1]
            if kb.lookup(span.text) is None:
                m.add(span, org_key(span.text), span.text, _org_types(span.text))
    acronyms: dict[str, str] = {}
    for ent in m.ents:
        # "the National Development Fund" + "of Iran": the state is part of the name
        end = ent.end
        if (
            ent.label_ == "ORG"
            and end + 1 < len(doc)
            and doc[end].lower_ == "of"
            and m.key(doc[end + 1])
            and m.country_of(m.key(doc[end + 1])) == m.key(doc[end + 1])
        ):
            state_end = end + 1
            while state_end + 1 < len(doc) and m.key(doc[state_end + 1]) == m.key(doc[end + 1]):
                state_end += 1
            full = doc[ent.start : state_end + 1]
            if kb.lookup(clean_name(full)) is None and not any(t.i in m.token_key for t in ent):
                name = clean_name(full)
                m.add(full, org_key(name), name, _org_types(name))
                continue
        if any(t.i in m.token_key for t in ent):
            ent = _after_state(ent, m)  # "the Jordan Ministry of Finance": the ministry
            if ent is None:
                continue
        name = clean_name(ent)
        if not name or not name[0].isalnum():
            continue
        if name in lx.GOODS_ACRONYMS or _MODEL_NUMBER.match(name):
            continue  # "LNG", "the S-400 system": goods, not a party
        body = _body_in_apposition(ent, m) if ent.label_ == "ORG" else None
        if body is not None:
            # "Banque du Liban, Lebanon's central bank": the name is that body's
            m.add(ent, body, "", (), surface=name)
            continue
        firm = _firm_named_again(name, m) if ent.label_ in {"PERSON", "ORG", "GPE"} else None
        if firm is not None:
            # "Al Junaid Multi Activities Co ... Al Junaid said": the firm, by its first words
            m.add(ent, firm, "", (), surface=name)
            continue
        # "the Export Control Agency (ECA)", and "the ECA" after it: the agency's acronym
        named = _named_before_parentheses(ent, m) or acronyms.get(name)
        if named:
            acronyms[name] = named
            m.add(ent, named, "", (), surface=name)
            continue
        ref = kb.lookup(name)
        if ref is not None:
            m.add(ent, ref.key, ref.label, ref.types, reference=True, surface=name)
        elif len(ent) >= 2 and (ent.label_ == "PERSON" or _among_people(ent)):
            m.add(ent, slug(name), name, _person_types(ent))
        elif (
            ent.label_ == "ORG"
            and not name.isdigit()
            and not _capital_by_position(ent)
            and not _abbreviates_common_noun(ent)
        ):
            owner = _state_before(ent, m)
            if owner and _org_types(name) == ("Government",):
                # "Jordan's Ministry of Finance": that state's, known or not
                body = _body_of_state(owner, _name_words(name) - _NAME_STOPWORDS, kb)
                if body is None:
                    label = f"{kb.entities[owner].label} {name}"
                    key = m.add(ent, org_key(label), label, ("Government",), surface=name)
                    m.states[key] = owner
                    continue
            else:
                body = (
                    _known_body(name, ent.root, m) if _org_types(name) == ("Government",) else None
                )
            if body:  # "the Ministry of Commerce" of the state the article is about
                m.add(
                    ent,
                    body,
                    kb.entities[body].label,
                    kb.entities[body].types,
                    reference=True,
                    surface=name,
                )
            else:
                m.add(ent, org_key(name), name, _org_types(name))
        elif ent.label_ == "GPE":
            m.add(ent, slug(name), name, ("Government",))
        elif ent.label_ == "LAW" and "order" in name.lower():
            m.add(ent, slug(name), name, ("ExecutiveOrder",))
        elif ent.label_ == "NORP" and ent.root.tag_ in {"NNS", "NNPS"}:
            state = kb.state_of_demonym(ent.text.rstrip("s"))
            # "North Koreans working abroad" are its workers, not all its citizens
            working = any(
                c.dep_ == "acl" and c.lemma_.lower() in {"work", "labour", "labor", "earn"}
                for c in ent.root.children
            )
            cls = "laborers" if working else "citizens"
            label = f"{ent.text.rstrip('s')} {cls}" if state else name
            key = f"{state}-{cls}" if state else slug(name)
            counted = [c for c in ent.root.children if c.dep_ == "nummod" and c.i < ent.start]
            if counted:
                # "seven wealthy Russians": those seven, not every citizen
                span = doc[counted[0].i : ent.end]
                key = m.add(span, slug(span.text), span.text, ("Group",))
                m.group_class[key] = (state, cls)
                continue
            m.add(ent, key, label, ("Group",), surface=name)
            if working:
                m.entities[key].aliases.add(doc[ent.start : ent.root.right_edge.i + 1].text)
            m.group_class[key] = (state, cls)

    # "known by its Turkish initials SSB", and "the SSB" after it: an acronym the model
    # did not take for a name
    for token in m.where(
        lambda i: len(m.texts[i]) >= 2 and m.texts[i].isupper(), among=m.capitalised()
    ):
        if token.i in m.token_key or not (token.is_alpha and token.is_upper and len(token) >= 2):
            continue
        single = doc[token.i : token.i + 1]
        key = acronyms.get(token.text) or _named_before_parentheses(single, m)
        if key:
            acronyms[token.text] = key
            m.add(single, key, "", (), surface=token.text)

    # "SWIFT, a Belgium-based cooperative": a name the model missed, with what it is.
    # A person's surname ("Abramovich, the 55-year-old billionaire") is left to the
    # surname rule, which finds the person.
    surnames = _surnames(m.ents)
    for token in m.where(among=m.capitalised()):
        if (
            token.pos_ == "PROPN"
            and token.i not in m.token_key
            and token.text[:1].isupper()
            and token.text not in surnames
            and any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in token.children)
        ):
            kind = next(c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN")
            left = token.i
            while (
                left > 0
                and doc[left - 1].dep_ == "compound"
                and (
                    doc[left - 1].pos_ == "PROPN"
                    # "Banque du Liban": a particle inside a name
                    or doc[left - 1].lower_ in _NAME_PARTICLES
                    and left > 1
                    and doc[left - 2].pos_ == "PROPN"
                )
                and doc[left - 1].i not in m.token_key
            ):
                left -= 1
            span = doc[left : token.i + 1]
            body = _body_in_apposition(span, m)
            if body is not None:
                m.add(span, body, "", (), surface=span.text)
                continue
            if kind.lemma_.lower() in lx.PERSON_KINDS:
                types = ("Official",) if kind.lemma_.lower() in lx.OFFICIAL_TITLES else ("Person",)
            else:
                types = _org_types(f"{span.text} {kind.text}")
            m.add(span, org_key(span.text), span.text, types)

    # "the Trump administration", "the Obama White House": the leader's state.
    state_words = {"administration", "government", "regime", "junta"}
    for token in m.where_words(state_words, by="lower"):
        if token.i not in m.token_key:
            for child in token.children:
                key = m.key(child)
                if child.dep_ in {"compound", "poss"} and key:
                    state = m.country_of(key)
                    if state and state in kb.entities:
                        left = min(child.left_edge.i, child.i)
                        m.add_reference(doc[left : token.i + 1], state)
                        break
                if child.dep_ == "amod" and kb.state_of_demonym(child.text):
                    # "the Venezuelan government"
                    m.add_reference(doc[child.i : token.i + 1], kb.state_of_demonym(child.text))
                    break

    for span, head, cls in _group_spans(doc, m):
        origin = _group_origin(head, m)
        kind = [
            c.lower_
            for c in head.children
            if c.dep_ in {"amod", "compound"} and c.lower_ in lx.GROUP_DISTINCT
        ]
        name = " ".join([*kind, cls])
        if origin and origin != "foreign":
            ref = kb.entities.get(origin)
            demonym = ref.demonym[0] if ref and ref.demonym else ref.label if ref else origin
            canonical = f"{demonym} {name}"
            key = slug(f"{origin} {name}")
        elif origin == "foreign":
            canonical, key = f"foreign {name}", slug(f"foreign {name}")
        else:
            canonical, key = None, None
        types = lx.GROUP_TYPES.get(cls, ("Group",))
        if (
            key is None
            and span.text.lower() == head.text.lower()
            and cls == "banks"
            and not any(c.dep_ == "det" for c in head.children)
        ):
            # "the central bank told lenders to ...": a state body's lenders are its own
            subject = _clause_subject(head)
            state = m.country_of(m.key(subject)) if subject is not None and m.key(subject) else None
            if state and state in kb.entities and m.key(subject) != state:
                ref = kb.entities[state]
                canonical = f"{ref.demonym[0] if ref.demonym else ref.label} {cls}"
                key = slug(f"{state} {cls}")
                m.add(span, key, canonical, types, surface=span.text)
                m.entities[key].aliases.add(canonical)
                m.group_class.setdefault(key, (state, cls))
                continue
        restricted = _restrictive_clause(head) if key is None else None
        if restricted is not None:
            # "companies that insure or certify the pipeline": a set of its own, named by
            # the clause, not the last group of the kind
            canonical = doc[span.start : restricted + 1].text
            key = slug(canonical)
        if key is None:
            # "the state institutions", a bare "banks": the last group of the same kind.
            definite = (
                any(c.lower_ == "the" for c in head.children)
                or span.text.lower() == head.text.lower()
            )
            earlier = [
                k
                for k, (o, c) in m.group_class.items()
                if c == cls and all(w in k.split("-") for w in kind)
            ]
            if earlier and definite:
                key = earlier[-1]
                m.add(span, key, m.entities[key].label, types)
                continue
            canonical, key = span.text, slug(span.text)
        m.add(span, key, canonical, types, surface=span.text)
        m.entities[key].aliases.add(canonical)
        m.group_class.setdefault(key, (origin, cls))

    for token in m.where_words(("resolution", "sanction")):
        if token.tag_ == "NNS" and token.i not in m.token_key:
            un = [c for c in doc[token.left_edge.i : token.i] if m.key(c) in {"un", "unsc"}]
            if un:
                # The sanctions are an instrument of their own; the UN keeps its mention,
                # so "United Nations sanctions against X" reads as the UN's measure.
                span = doc[min(c.i for c in un) : token.i + 1]
                key = m.add(
                    doc[token.i : token.i + 1],
                    "unsc-resolutions",
                    "UN Security Council resolutions",
                    ("UNResolution",),
                    surface=span.text,
                )

    _names_between_names(doc, m)
    _names_again(doc, m)
    _initials(m)
    _embassies(doc, m)
    _states_by_apposition(doc, m)
    _resolve_back_references(doc, m)
    _listed_members(doc, m)
    _members_among(doc, m)
    _name_lists(doc, m)
    return m


def _states_by_apposition(doc: Doc, m: Mentions) -> None:
    """ "The Federal Council, Switzerland's seven-member executive": a body the reference
    does not know belongs to the state its apposition names."""
    for i, key in list(m.token_key.items()):
        if key in m.states or key in m.kb.entities:
            continue
        if not {"Government", "Official"} & set(m.types(key)):
            continue
        token = doc[i]
        if m.token_key.get(token.head.i) == key:
            continue  # not the name's head
        for appos in (c for c in token.children if c.dep_ == "appos"):
            # "Nasser Kanaani, a spokesman for Iran's foreign ministry": the ministry's state
            owners = [m.key(c) for c in appos.children if c.dep_ == "poss"] + [
                m.key(p)
                for c in appos.children
                if c.dep_ == "prep" and c.lower_ in {"for", "of", "at"}
                for p in c.children
                if p.dep_ == "pobj"
            ]
            state = next((m.country_of(k) for k in owners if k and m.country_of(k)), None)
            if state:
                m.states[key] = state
                break


def _embassies(doc: Doc, m: Mentions) -> None:
    """ "Russia's embassy in Bern", "The Russian Embassy in Canberra": a body of the
    state named before it, wherever the model saw a name or none."""
    for token in m.where_words(("embassy",)):
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        state = None
        for child in token.children:
            if child.dep_ in {"amod", "compound", "poss"}:
                key = m.key(child)
                state = (key if key and m.country_of(key) == key else None) or (
                    m.kb.state_of_demonym(child.text)
                )
            if state:
                break
        if state is None:
            continue
        left = token.left_edge.i
        while left < token.i and doc[left].lower_ in {"the", "a", "its"}:
            left += 1
        end = token.i + 1
        places = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"]
        place = next((p for c in places for p in c.children if p.dep_ == "pobj"), None)
        if place is not None and place.text[:1].isupper():
            end = place.i + 1
        span = doc[left:end]
        where = f"-{slug(place.text)}" if end > token.i + 1 else ""
        key = m.token_key.get(token.i)
        if key is None or key in m.kb.entities:
            key = m.add(span, f"{state}-embassy{where}", span.text, ("Government",))
        else:
            m.add(span, key, "", (), surface=span.text)
            m.entities[key].types = ("Government",)
        m.states[key] = state


def _firm_named_again(name: str, m: Mentions) -> str | None:
    """The firm named before that these words name again, if only one: its first words
    ("Al Junaid" for "Al Junaid Multi Activities Co"), or one distinctive word of its
    name ("Chinyong", "Sinowell" for "Hongkong Sinowell Trading Ltd"), never a word many
    firms share ("Trading"), a state or a body."""
    words = name.split()
    if not words:
        return None
    if len(words) == 1 and (
        m.kb.lookup(name) is not None
        or name.lower() in lx.GOVERNMENT_WORDS | lx.GENERIC_FIRM_WORDS
        or m.kb.state_of_demonym(name)
        or not name[:1].isupper()
    ):
        return None
    found = set()
    for key, entity in m.entities.items():
        if (
            entity.reference
            or key in m.group_class
            or not {"Organization", "Bank"} & set(entity.types)
        ):
            continue
        label = entity.label.split()
        if len(label) > len(words) + 1 and (
            label[: len(words)] == words or len(words) == 1 and name in label
        ):
            found.add(key)
    return found.pop() if len(found) == 1 else None


# "S-400", "F-35", "Su-35": a weapon's or a machine's model, not a party.
_MODEL_NUMBER = re.compile(r"^[A-Z][A-Za-z]{0,2}-\d{2,4}[A-Z]?$")


# Small words inside names: "Banque du Liban", "Banco de Venezuela", "Abu Bakr al Baghdadi".
_NAME_PARTICLES = {"du", "de", "des", "del", "da", "do", "la", "le", "al", "el", "van", "von"}


def _body_in_apposition(ent: Span, m: Mentions) -> str | None:
    """The state body a name is said to be in apposition: "Banque du Liban, Lebanon's
    central bank" (not a bank of the state, "Sberbank, Russia's biggest lender")."""
    for child in ent.root.children:
        key = m.key(child)
        if (
            child.dep_ == "appos"
            and key
            and m.country_of(key) not in {None, key}
            and {"Government", "CentralBank"} & set(m.types(key))
        ):
            return key
    return None


def _a_year(token: Token) -> bool:
    """ "a 2018 massacre": a year the model saw as a date, not a number in a list of
    resolutions ("resolutions 2321, 2356 and 2375")."""
    before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return token.ent_type_ == "DATE" and before not in {
        "resolution",
        "resolutions",
        ",",
        "and",
        "or",
        "no.",
    }


def _in_calendar_date(token: Token) -> bool:
    """ "from Jan. 1, 2018", "in August 2017": a year in a date, not a resolution number."""
    if not token.text.isdigit() or not 1945 <= int(token.text) <= 2100:
        return False  # "a resolution passed in August, 2371": no year
    doc = token.doc
    before = [t.lower_.rstrip(".") for t in doc[max(token.i - 4, 0) : token.i]]
    return any(word in MONTHS for word in before)


def _in_parentheses(token: Token) -> bool:
    """Whether a token stands alone in parentheses after at least one word: "(BOC)"."""
    doc = token.doc
    return (
        2 <= token.i < len(doc) - 1
        and doc[token.i - 1].text == "("
        and doc[token.i + 1].text == ")"
    )


# Words between a name and the acronym it is "known by": "the Presidency of Defence
# Industries, known by its Turkish initials SSB", "the Act, or CAATSA".
_KNOWN_AS = {"known", "as", "by", "its", "their", "initials", "acronym", "abbreviation", "or", ","}


def _named_before_parentheses(ent: Span, m: Mentions) -> str | None:
    """The entity an acronym stands for: named right before it in parentheses ("Bank
    of China (BOC)"), or before "known as", "known by its initials" or ", or"."""
    if len(ent) != 1 or not ent.text.isupper():
        return None
    doc = ent.doc
    if _in_parentheses(ent[0]):
        return m.key(doc[ent.start - 2])
    i = ent.start - 1
    between = []
    while i >= max(ent.start - 7, 0) and not m.key(doc[i]):
        if doc[i].lower_ not in _KNOWN_AS and not (doc[i].pos_ == "ADJ" and i == ent.start - 2):
            return None
        between.append(doc[i].lower_)
        i -= 1
    said = "known" in between or between[-2:] == ["or", ","]
    return m.key(doc[i]) if i >= 0 and said else None


def _short_company_names(doc: Doc, m: Mentions) -> None:
    """ "Etemad Tejarate Pars Co. ... Etemad Tejarate Pars, it said, ...": a firm named
    again without its company suffix is the same firm, whatever the model makes of it."""
    names: dict[tuple[str, ...], str] = {}
    for key, entity in m.entities.items():
        words = entity.label.split()
        short = _without_suffixes(words)
        if short != words:
            names[tuple(short)] = key
            if not entity.reference:
                entity.aliases.add(" ".join(short))  # a firm is also its name without "Co."
    if not names:
        return
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, key in names.items():
        by_first.setdefault(words[0], []).append((words, key))
    for token in m.where_words(by_first, by="text"):
        for words, key in by_first.get(token.text, ()):
            span = doc[token.i : token.i + len(words)]
            if tuple(t.text for t in span) == words and _free_for_name(span, m):
                m.add(span, key, "", ())


def _free_for_name(span: Span, m: Mentions) -> bool:
    """Whether a firm's short name can take a span: no word of it is named yet, or only
    a shorter firm's name inside it is ("Rosneft Trading" names Rosneft's unit, not
    Rosneft and a word)."""
    named = [t for t in span if t.i in m.token_key]
    if not named:
        return True
    inside = {m.token_key[t.i] for t in named}
    doc = span.doc
    edges = {m.token_key.get(i) for i in (span.start - 1, span.end) if 0 <= i < len(doc)}
    return (
        len(named) < len(span) and not inside & edges and all(m.country_of(k) != k for k in inside)
    )


def _capital_by_position(ent: Span) -> bool:
    """ "Coal imports fell": one word, a common noun to the tagger, capitalised only
    because it starts the sentence. The recogniser sometimes takes it for a name."""
    token = ent[0]
    return len(ent) == 1 and token.is_sent_start and token.tag_ in {"NN", "NNS"}


def _abbreviates_common_noun(ent: Span) -> bool:
    """ "liquefied natural gas (LNG)": an acronym in parentheses after lower-case words
    abbreviates a thing, not an organisation's name."""
    return len(ent) == 1 and _in_parentheses(ent[0]) and ent.doc[ent.start - 2].text.islower()


# "U.S.-led efforts", "Saudi-backed": one token that names who leads.
_LED = re.compile(r"^(.+)-(led|backed|sponsored|brokered|drafted|imposed|driven)$", re.IGNORECASE)


def _led_by(doc: Doc, m: Mentions) -> None:
    """A known name fused with '-led' (the tokenizer keeps "U.S.-led" whole) names the leader."""
    for token in m.where(lambda i: "-" in m.texts[i]):
        found = _LED.match(token.text) if token.i not in m.token_key else None
        ref = m.kb.lookup(found.group(1)) if found else None
        if ref is not None:
            m.add(
                doc[token.i : token.i + 1],
                ref.key,
                ref.label,
                ref.types,
                reference=True,
                surface=found.group(1),
            )


def _listed_members(doc: Doc, m: Mentions) -> None:
    """ "six Russian banks: Sberbank, VTB and VEB", "three companies - A, B and C -":
    the names that follow a group after a colon or between dashes are its members."""
    for token in m.where(lambda i: m.token_key.get(i) in m.group_class, among=sorted(m.token_key)):
        key = m.key(token)
        if key not in m.group_class or token.i + 1 >= len(doc):
            continue
        if m.key(doc[token.i + 1]) == key:
            continue  # not the last token of the mention
        at = token.i + 1
        clause = next((c for c in token.children if c.dep_ == "relcl"), None)
        pronoun = doc[at]
        if clause is None and pronoun.lower_ in {"that", "which", "who"}:
            # the clause right after the group, wherever the parser hangs it
            clause = pronoun.head if pronoun.head.dep_ == "relcl" else None
        if doc[at].text != ":" and clause is not None and clause.right_edge.i + 1 < len(doc):
            # "two companies that the bloc said serve as fronts: A, B": after its clause
            at = clause.right_edge.i + 1 if doc[clause.right_edge.i + 1].text == ":" else at
        if doc[at].text not in _LIST_MARKS:
            # "two companies and one executive involved in importing jet fuel: A, B and C":
            # a colon after words that all belong to the group's phrase
            at = _colon_after_phrase(token, at)
        mark = doc[at].text
        count = _count(token) if mark == "," else 0
        if mark not in _LIST_MARKS and not count:
            continue
        first = at + 2 if at + 2 < len(doc) and doc[at + 1].lower_ == "the" else at + 1
        if first >= len(doc) or not m.key(doc[first]):
            continue  # "its suppliers: imports from Pakistan ...": a clause, not a list
        end = token.sent.end
        if end <= at + 1 and end < len(doc):
            end = doc[end].sent.end  # the parser may start a new sentence at the colon
        if count:
            # "two other fuel importers, Lotus Horizon Trading and Myint Energy Logistics":
            # after a comma, only a list of as many names as the group counts
            names = _counted_list(doc, m, at + 1, key, count)
            positions = [t.i for t in doc[at + 1 : end] if m.key(t) in names]
        else:
            names, positions = _marked_list(doc, m, at, end, key)
        if len(names) >= 2:
            m.listed[token.i] = names
            # The parser often takes a name inside the list for the head of the
            # whole phrase: from any of them, the group and the others are reached.
            for i in positions:
                m.listed[i] = [key] + [n for n in names if n != m.key(doc[i])]


_LIST_DASHES = {"-", "\u2013", "\u2014"}
_LIST_MARKS = {":"} | _LIST_DASHES
_PHRASE_REACH = 12  # words between a group and the colon of its list


def _marked_list(
    doc: Doc, m: Mentions, at: int, end: int, group: str
) -> tuple[list[str], list[int]]:
    """The names after the colon or dash at ``at`` (up to ``end``), and where they are."""
    names: list[str] = []
    positions: list[int] = []
    for t in doc[at + 1 : end]:
        if t.text in _LIST_DASHES and (t.whitespace_ or doc[t.i - 1].whitespace_):
            break  # a dash that closes the list, not the hyphen of "Yangon-based"
        if doc[at].text != ":" and t.lower_ in {"which", "who", "that"}:
            break
        k = m.key(t)
        if k and k != group and k not in m.group_class and not _described(t, at):
            positions.append(t.i)
            if k not in names:
                names.append(k)
    return names, positions


def _colon_after_phrase(group: Token, at: int) -> int:
    """Where the colon is that closes ``group``'s own phrase (its conjuncts and the words
    said of it), else ``at``."""
    doc = group.doc
    for t in doc[at : min(at + _PHRASE_REACH, group.sent.end)]:
        if t.text == ":":
            return t.i
        if group not in t.ancestors or t.pos_ == "AUX" or t.dep_ in {"relcl", "ccomp"}:
            return at
    return at


def _count(group: Token) -> int:
    """How many a group says it has: "two other fuel importers" -> 2; 0 if it says not."""
    for c in group.children:
        if c.dep_ == "nummod" and c.i < group.i:
            return lx.COUNT_WORDS.get(c.lower_, int(c.text) if c.text.isdigit() else 0)
    return 0


def _counted_list(doc: Doc, m: Mentions, start: int, group: str, count: int) -> list[str]:
    """The names of a list "A, B and C" that starts at ``start``, if there are ``count``."""
    names: list[str] = []
    i = start
    while i < len(doc):
        i += doc[i].lower_ == "the"
        k = m.key(doc[i]) if i < len(doc) else None
        if not k or k == group or k in m.group_class or k in names:
            return []
        names.append(k)
        while i < len(doc) and m.key(doc[i]) == k:
            i += 1
        if len(names) == count:
            after = doc[i].text if i < len(doc) else "."
            return names if after in {",", ".", ";", ")"} else []
        if i >= len(doc) or doc[i].text not in {",", "and"}:
            return []
        i += 1
        if doc[i - 1].text == "," and i < len(doc) and doc[i].lower_ == "and":
            i += 1
    return []


def _described(token: Token, start: int) -> bool:
    """Whether a name after a list's colon is inside what is said of a member ("A,
    which holds a permit near Kenieba, and B, a Central African firm"), not a member."""
    node = token
    while node.head != node and node.head.i > start:
        if node.dep_ in {"relcl", "acl", "advcl"} or node.dep_ == "appos" and node.pos_ == "NOUN":
            return True
        if node.dep_ == "npadvmod" and node.head.dep_ == "amod":
            return True  # "the Yangon-based ...": a place said of a member
        node = node.head
    return node.dep_ in {"relcl", "acl", "advcl"}


def _add_listed(m: Mentions, i: int, names: list[str]) -> None:
    """Let token ``i`` reach ``names`` too (see :attr:`Mentions.listed`)."""
    known = m.listed.setdefault(i, [])
    known.extend(k for k in names if k not in known)


def _names_between_names(doc: Doc, m: Mentions) -> None:
    """ "Bank Otkritie, Novikombank, Promsvyazbank, Bank Rossiya": a capitalised word the
    recogniser skipped, between commas in a list of named organisations, is one too."""
    for token in m.where(start=2, end=-2, among=m.capitalised()):
        if (
            token.i in m.token_key
            or token.pos_ != "PROPN"
            or not token.text[:1].isupper()
            or doc[token.i - 1].text != ","
            or doc[token.i + 1].text not in {",", "and"}
        ):
            continue
        before, after = m.key(doc[token.i - 2]), m.key(doc[token.i + 2])
        if not before or not after or any(m.country_of(k) == k for k in (before, after)):
            continue
        if (set(m.types(before)) | set(m.types(after))) & {"Bank", "Organization"}:
            m.add(
                doc[token.i : token.i + 1], org_key(token.text), token.text, _org_types(token.text)
            )


def _names_again(doc: Doc, m: Mentions) -> None:
    """A firm's or a person's name written again where the recogniser missed it
    ("Allseas said ... Allseas, whose vessel ..., is the main target"): the same words,
    all capitalised, as a proper noun, name the same entity."""
    first_words: dict[str, list[tuple[list[str], str]]] = {}
    for key, entity in m.entities.items():
        if (
            entity.reference
            or key in m.group_class
            or not {
                "Organization",
                "Bank",
                "Person",
                "Official",
                "Government",  # a place the reference does not know, or a firm taken for one
            }
            & set(entity.types)
        ):
            continue
        for alias in entity.aliases:
            words = alias.split()
            if len(alias) >= 4 and all(w[:1].isupper() for w in words):
                first_words.setdefault(words[0], []).append((words, key))
    if not first_words:
        return
    texts = m.texts
    for token in m.where_words(first_words, by="text", also=lambda i: i not in m.token_key):
        for words, key in sorted(first_words[token.text], key=lambda a: -len(a[0])):
            end = token.i + len(words)
            if (
                texts[token.i : end] == words
                and token.pos_ == "PROPN"
                and not any(i in m.token_key for i in range(token.i, end))
                and (end >= len(doc) or not texts[end][:1].isupper())
            ):
                m.add(doc[token.i : end], key, m.entities[key].label, m.entities[key].types)
                break


def _initials(m: Mentions) -> None:
    """ "the paramilitary Rapid Support Forces ... The RSF": an acronym made of the
    initials of a name the article gave is that name's, even without parentheses."""
    by_initials: dict[str, list[str]] = {}
    for key, entity in m.entities.items():
        words = [w for w in entity.label.split() if w.lower() not in _NAME_STOPWORDS]
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and key not in m.group_class:
            by_initials.setdefault("".join(w[0] for w in words), []).append(key)
    for key, entity in list(m.entities.items()):
        if entity.reference or not (2 <= len(key) <= 6 and entity.label.isupper()):
            continue
        full = by_initials.get(entity.label, [])
        if len(full) != 1 or full[0] == key:
            continue
        for i, k in list(m.token_key.items()):
            if k == key:
                m.token_key[i] = full[0]
        m.entities[full[0]].aliases |= entity.aliases
        del m.entities[key]
    # and where the model saw no name at all
    for token in m.where_words(by_initials, by="text", also=lambda i: i not in m.token_key):
        full = by_initials[token.text]
        if len(full) == 1 and token.text.isupper() and len(token.text) >= 2:
            m.add(token.doc[token.i : token.i + 1], full[0], "", (), surface=token.text)


def _name_lists(doc: Doc, m: Mentions) -> None:
    """ "the United States, the European Union, Britain and Canada": three or more names
    joined by commas and a final "and" are one list, reached from any of its names, however
    the parser hangs the others."""
    n = len(doc)
    i = 0
    while i < n:
        first = m.key(doc[i])
        if first is None:
            i += 1
            continue
        mention = [i]
        while mention[-1] + 1 < n and m.key(doc[mention[-1] + 1]) == first:
            mention.append(mention[-1] + 1)
        names, j, closed = [first], mention[-1] + 1, False
        tokens = list(mention)
        while j < n and not closed:
            comma = doc[j].text == ","
            j += comma
            final = j < n and doc[j].lower_ in {"and", "or"}
            j += final
            if not (comma or final):
                break
            if j < n and doc[j].lower_ == "the":
                j += 1
            name = m.key(doc[j]) if j < n else None
            if name is None or name in names:
                break
            names.append(name)
            while j < n and m.key(doc[j]) == name:
                tokens.append(j)
                j += 1
            closed = final
        if closed and len(names) >= 3:
            for t in tokens:
                _add_listed(m, t, [k for k in names if k != m.key(doc[t])])
            i = j
        else:
            i = mention[-1] + 1


def _members_among(doc: Doc, m: Mentions) -> None:
    """ "50 Iranian banks, among them Bank Melli and Bank Sepah": the names after
    "among them" are members of the group just before it, wherever the parser
    hangs them."""
    for token in m.where_words(("among",), by="lower", end=-2):
        if doc[token.i + 1].lower_ not in {"them", "those"}:
            continue
        names: list[str] = []
        for t in doc[token.i + 2 : token.sent.end]:
            k = m.key(t)
            if k and k not in m.group_class:
                if k not in names:
                    names.append(k)
            elif t.lower_ not in {",", "and"} or not names:
                break
        group = next(
            (
                t
                for t in reversed(doc[token.sent.start : token.i])
                if m.key(t) in m.group_class and t.pos_ != "PRON"
            ),
            None,
        )
        if names and group is not None:
            _add_listed(m, group.i, names)


_BODY_HEADS = {
    "ministry",
    "bank",
    "department",
    "customs",
    "treasury",
    "office",
    "agency",
    "administration",
    "council",
    "commission",
    "service",
    "parliament",
    "duma",
    "cabinet",
}


def _state_bodies(doc: Doc, m: Mentions) -> None:
    """'China's foreign ministry', 'Russia's central bank': a state's body by its kind.

    The body is the reference entity of that state whose name has the same
    words; a body the reference does not know becomes a new Government entity.
    """
    for token in m.where_words(_BODY_HEADS):
        if token.i in m.token_key or token.tag_ in {"NNS", "NNPS"}:
            continue
        words = [
            c
            for c in token.children
            if c.dep_ in {"amod", "compound"}
            and c.i not in m.token_key
            and c.pos_ in {"ADJ", "NOUN", "PROPN"}
            and c.text[:1].islower()
        ]
        org_owned = any(
            m.key(c) and m.country_of(m.key(c)) is None
            for c in token.children
            if c.dep_ in {"compound", "poss", "nmod"}
        )
        if not words and not org_owned:
            continue
        # "a Chinese border bank", "Russia's biggest bank": a bank of the state, not one of
        # its bodies; in apposition to a name ("Sberbank, Russia's biggest bank") the name's
        lender = token.lemma_.lower() == "bank" and not {w.lower_ for w in words} & {
            "central",
            "reserve",
            "national",
        }
        if lender and token.dep_ == "appos" and m.key(token.head):
            continue
        if lender and token.dep_ in {"attr", "oprd"}:
            continue  # "becoming the first Lebanese bank to close": what the subject is
        state = None
        owner_org = None
        for child in token.children:
            key = m.key(child)
            if key and m.country_of(key) == key:
                state = key
            elif key:
                owner_org = key
            elif child.dep_ in {"amod", "compound"}:
                state = state or m.kb.state_of_demonym(child.text)
        if (
            state is None
            and owner_org is None
            and words
            and token.lemma_.lower() in {"ministry", "customs", "administration"}
        ):
            # "Lu Kang, a foreign ministry spokesman": the state of the person it describes, if
            # known, else the state the article was just talking about
            state = (
                _described_person_state(token, m)
                or _persons_state(token, m)
                or _nearest_state(token, m)
            )
        if state is None and owner_org is not None:
            # "the U.N. council": the organisation's body of that name
            org = m.kb.entities.get(owner_org)
            names = [normalise(n) for n in (org.label, *org.aliases)] if org else []
            head = token.lemma_.lower()
            for ref in m.kb.entities.values():
                if ref.key == owner_org:
                    continue
                for name in (ref.label, *ref.aliases):
                    folded = normalise(name)
                    if folded.endswith(head) and any(folded.startswith(n + " ") for n in names):
                        left = min(c.i for c in token.children if m.key(c) == owner_org)
                        m.add_reference(doc[left : token.i + 1], ref.key)
                        break
                if token.i in m.token_key:
                    break
            continue
        if state is None:
            continue
        wanted = {w.lower_ for w in words} | {token.lemma_.lower()}
        match = _body_of_state(state, wanted, m.kb)
        left = min((w.i for w in words), default=token.i)
        span = doc[left : token.i + 1]
        if match:
            m.add(
                span,
                match,
                m.kb.entities[match].label,
                m.kb.entities[match].types,
                reference=True,
                surface=span.text,
            )
        else:
            ref = m.kb.entities[state]
            label = f"{ref.demonym[0] if ref.demonym else ref.label} {span.text}"
            types = (
                ("Bank",)
                if lender
                else ("CentralBank",)
                if "central" in wanted
                else ("Government",)
            )
            key = m.add(span, slug(label), label, types)
            m.entities[key].aliases.add(span.text)
            m.states[key] = state


# Descriptions that can name a state itself.
_STATE_ROLES = {"government", "administration", "regime", "junta", "country", "bloc", "north"}


def _role_of(token: Token) -> str | None:
    low = token.lemma_.lower()
    return low if low in lx.ANAPHORA else None


def _resolve_back_references(doc: Doc, m: Mentions) -> None:
    """Left to right: surnames, acronyms, titles, definite descriptions, pronouns."""
    people: dict[str, str] = {}  # surname -> key
    acronyms: dict[str, str] = {}
    recent: list[tuple[int, str]] = []  # (token index, key) in reading order

    # Roles named next to a person: "spokesman Lu Kang", "Lu Kang, a foreign ministry spokesman".
    for key, entity in list(m.entities.items()):
        if "Official" not in entity.types and "Person" not in entity.types:
            continue
        parts = entity.label.split()
        if len(parts) >= 2:
            people.setdefault(parts[-1], key)
            people.setdefault(parts[0], key) if not parts[0][0].islower() else None
    for token in m.where(among=sorted(m.token_key)):
        key = m.key(token)
        if key and key in m.entities and ("Official" in m.types(key) or "Person" in m.types(key)):
            nodes = [c for c in token.children if c.dep_ in {"compound", "appos"}]
            if token.dep_ == "appos":
                nodes.append(token.head)
            for node in nodes:
                for t in node.subtree:
                    role = t.lemma_.lower()
                    if role in lx.OFFICIAL_TITLES and m.key(t) is None:
                        m.roles.setdefault(key, set()).add(role)

    # Acronyms in parentheses right after a name: "Bank of China (BOC)".
    for token in m.where(lambda i: m.texts[i].isupper(), start=2, end=-1, among=m.capitalised()):
        if (
            token.text.isupper()
            and len(token.text) >= 2
            and token.text.isalpha()
            and _in_parentheses(token)
        ):
            key = m.key(doc[token.i - 2])
            if key:
                acronyms[token.text] = key

    texts, lemmas, lowers = m.texts, m.lemmas, m.values("lower")
    labels, known = "", -1
    for i in range(len(doc)):
        key = m.token_key.get(i)
        if key:
            if not recent or recent[-1][1] != key or recent[-1][0] < i - 1:
                recent.append((i, key))
            continue
        if len(m.entities) != known:  # the words of the names, for _named_by_head
            labels = " ".join(e.label.lower() for e in m.entities.values())
            known = len(m.entities)
        if (
            texts[i] not in acronyms
            and texts[i] not in people
            and lowers[i] not in _PRONOUNS
            and lemmas[i] not in lx.ANAPHORA
            and lowers[i] not in labels
        ):
            continue  # no name, pronoun, title or description: most words
        token = doc[i]
        if token.text in acronyms:
            m.add(doc[token.i : token.i + 1], acronyms[token.text], "", (), surface=token.text)
            recent.append((token.i, acronyms[token.text]))
            continue
        if (
            token.text in people
            and _is_name_token(token)
            and token.ent_type_ in {"PERSON", "", "ORG", "GPE"}
        ):
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is None or not _is_name_token(nxt):
                # "Murillo": of the people with the name, the one mentioned last
                target = next(
                    (
                        k
                        for _, k in reversed(recent)
                        if k in m.entities
                        and {"Official", "Person"} & set(m.types(k))
                        and m.entities[k].label.split()[-1] == token.text
                    ),
                    people[token.text],
                )
                m.add(doc[token.i : token.i + 1], target, "", (), surface=token.text)
                recent.append((token.i, target))
                continue
        found = _antecedent(token, m, recent)
        if found:
            span, target = found
            m.add(span, target, "", (), surface=span.text)
            recent.append((token.i, target))


_ARMED_ROLES = {"army", "military"}
_SPOKES_ROLES = {"spokesman", "spokeswoman", "spokesperson"}
_NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


def _armed_force(m: Mentions, key: str) -> bool:
    label = m.entities[key].label.lower() if key in m.entities else ""
    return any(w in label for w in ("armed forces", "army", "military"))


def _antecedent(token: Token, m: Mentions, recent: list[tuple[int, str]]):
    doc = token.doc
    low = token.lower_
    if low in _PRONOUNS:
        return _pronoun(token, m, recent)
    role = _role_of(token)
    if role is None:
        return _named_by_head(token, m, recent)
    # "the tycoon rejects ...": the parser may tag the noun of a subject an adjective
    nominal = token.pos_ in {"NOUN", "PROPN"} or token.pos_ == "ADJ" and token.dep_ in _NOUN_DEPS
    if not nominal or token.tag_ in {"NNS", "NNPS"}:
        return None
    if lx.ANAPHORA[role] == "Official" and any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children
    ):
        return None  # "the foreign minister, Walid al-Muallem": the name says who
    after = token.i + 1
    if after < len(doc) and m.key(doc[after]) and doc[after].text[:1].isupper():
        return None  # "the gold-mining company Al Junaid Co": the name right after it
    det = [c for c in token.children if c.dep_ in {"det", "poss", "amod", "compound"}]
    definite = any(c.lower_ in {"the", "that", "this", "these", "those"} for c in det) or any(
        c.dep_ == "poss" for c in det
    )
    if not definite and role not in _SPOKES_ROLES:
        return None
    left = token.left_edge.i
    if doc[left].lower_ in {"the", "a", "an"}:
        left += 1
    span = doc[left : token.i + 1]
    wanted = lx.ANAPHORA[role]
    if role in _SPOKES_ROLES:
        # "His spokesman said ...", "a spokeswoman for Ashton": a person's spokesman,
        # unnamed, speaks for that person
        owners = [m.key(c) for c in token.children if c.dep_ == "poss"]
        owners += [
            m.key(p) or _person_by_surname(m, p)
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "for"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for owner in owners:
            if owner and {"Official", "Person"} & set(m.types(owner)):
                return span, owner
        # "A ministry spokesman rejected ...": the spokesman of the ministry named last
        bodies = {c.lower_ for c in token.children if c.dep_ == "compound" and not m.key(c)}
        bodies &= _BODY_HEADS
        for _, key in reversed(recent[-40:]) if bodies else ():
            entity = m.entities.get(key)
            if entity is not None and bodies & set(entity.label.lower().split()):
                return span, key
    # A named holder of the title anywhere in the article wins for people.
    states = {
        m.kb.state_of_demonym(c.text) or m.country_of(m.key(c) or "")
        for c in token.children
        if c.dep_ in {"amod", "compound", "poss"}
    }
    # "a spokesman for North Korea's foreign ministry": the state of the body spoken for
    # "the government in Asmara": the state whose capital it sits in
    preps = {"for", "of", "at", "in"} if role in _STATE_ROLES else {"for", "of", "at"}
    states |= {
        m.country_of(m.key(p) or "")
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    }
    states -= {None}
    if states and role not in {"neighbour", "neighbor"}:  # "China's neighbour" is not China
        for key in [*(k for _, k in reversed(recent)), *m.roles]:
            fits = role in m.roles.get(key, ()) if wanted == "Official" else wanted in m.types(key)
            if fits and m.country_of(key) == key and role not in _STATE_ROLES:
                continue  # "the Russia ministry" is not Russia
            if fits and role in _ARMED_ROLES and not _armed_force(m, key):
                continue  # "the Russian military" is not Russia's state oil company
            if fits and m.country_of(key) in states:
                return span, key
        if wanted == "Official":
            return None
    if wanted == "Official":
        holders = [k for k, roles in m.roles.items() if role in roles]
        country_words = {c.lower_ for c in token.subtree}
        if holders:
            if len(holders) > 1:
                holders = [
                    h
                    for h in holders
                    if any(w in m.entities[h].label.lower() for w in country_words)
                ] or holders
            return span, holders[0]
    if role == "bloc":
        # "the bloc": a union of states, the last one named
        for _, key in reversed(recent):
            label = m.entities[key].label.lower() if key in m.entities else ""
            if any(w in label for w in ("union", "community", "alliance", "association", "league")):
                return span, key
        return None
    if role in {"administration", "government"}:
        # "the Trump administration ... the administration": the state named so before
        for _, key in reversed(recent):
            entity = m.entities.get(key)
            if (
                entity is not None
                and m.country_of(key) == key
                and any(role in alias.lower() for alias in entity.aliases)
            ):
                return span, key
    if role in {"regime", "junta", "country", "north", "neighbour", "neighbor"}:
        # The regime of sanctions news is the state the article keeps acting on:
        # the one most often named outside subject position so far.
        if role == "north":
            # "the North": a state named North-something, when the article has one
            for _, key in reversed(recent):
                origin = m.group_class.get(key, (None,))[0]
                for state in (key, origin):
                    ref = m.kb.entities.get(state or "")
                    if ref and m.country_of(state) == state and ref.label.startswith("North "):
                        return span, state
        # A group counts for its state ("North Korean companies"). "Its neighbour" is
        # not the state that "its" stands for.
        subject = _clause_subject(token)
        subject_key = m.key(subject) if subject is not None else None
        possessors = {m.key(c) for c in token.children if c.dep_ == "poss"} - {None}
        score: dict[str, int] = {}
        for index, key in recent:
            origin = m.group_class.get(key, (None,))[0]
            state = key if m.country_of(key) == key else origin
            if state and m.country_of(state) == state and state != subject_key:
                if state in possessors:
                    continue
                head = doc[index]
                while (
                    head.dep_ in {"compound", "nmod", "amod"}
                    and m.token_key.get(head.head.i) == key
                ):
                    head = head.head
                dep = head.dep_
                score[state] = score.get(state, 0) + (1 if dep in {"pobj", "dobj"} else 0)
        if role == "country" and subject_key and m.country_of(subject_key) == subject_key:
            return span, subject_key
        if score:
            return span, max(score, key=lambda k: (score[k], -list(score).index(k)))
        return None
    if role == "order":
        for _, key in reversed(recent):
            if "ExecutiveOrder" in m.types(key):
                return span, key
        if any(c.lower_ == "executive" for c in token.children):
            # First mention of an order the article names no further: a new entity.
            key = m.add(span, slug(span.text), span.text, ("ExecutiveOrder",))
            return span, key
        return None
    if role in _ARMED_ROLES:
        # "the army": the armed forces named before, else no one (not the last organisation)
        for _, key in reversed(recent[-40:]):
            if _armed_force(m, key):
                return span, key
        return None
    if role == "council":
        # "resolution 2375, which the council adopted": the Security Council its
        # resolutions are named after, else the last council named
        for _, key in reversed(recent[-40:]):
            names = [m.entities[key].label, *m.entities[key].aliases] if key in m.entities else []
            if not any("council" in n.lower() for n in names):
                continue
            if "UNResolution" in m.types(key) and "unsc" in m.kb.entities:
                return span, m.add_reference(span, "unsc")
            return span, key
        return None
    if role == "resolution":
        for _, key in reversed(recent):
            if "UNResolution" in m.types(key):
                return span, key
        return None
    if (
        token.dep_ in {"nsubj", "nsubjpass"}
        and token.head == token.sent.root
        and wanted != "Official"
    ):
        # "Rosneft ... rejected the assertion. The company described the decision as
        # illegal": the main subject of the sentence before, when it is one
        main = _previous_main_subject(token)
        key = m.key(main) if main is not None else None
        if key and wanted in m.types(key) and "Group" not in m.types(key):
            return span, key
    # "the central bank instructed the lender": an object is not its own clause's subject
    subject = _clause_subject(token) if token.dep_ in {"dobj", "pobj", "dative"} else None
    not_it = m.key(subject) if subject is not None else None
    # "the central bank" is no commercial bank named before
    central = any(c.lower_ == "central" for c in token.children)
    for _, key in reversed(recent[-40:]):
        types = m.types(key)
        if "Group" in types or key == not_it:
            continue
        if (
            # a spokesman is no official named before unless he was called one
            (
                wanted in types
                and not (central and "CentralBank" not in types)
                and role not in _SPOKES_ROLES
            )
            or (wanted == "Bank" and "CentralBank" in types and role != "lender")
            or (wanted == "Official" and "Official" in types and role in m.roles.get(key, ()))
        ):
            # "the ministry" is a ministry, not any government body; "the administration"
            # and "the government" are a state's, not a body's such as the Senate
            if (
                wanted == "Government"
                and role in {"ministry", "department", "treasury"}
                or role in {"council", "committee"}
            ) and role not in m.entities[key].label.lower():
                continue  # "the council" is a council, not the last organisation named
            if role in {"administration", "government"} and m.country_of(key) != key:
                continue
            if (
                role == "president"
                and "president" not in m.roles.get(key, ())
                and not any("president" in a.lower() for a in m.entities[key].aliases)
            ):
                continue
            return span, key
    return None


def _named_by_head(token: Token, m: Mentions, recent: list[tuple[int, str]]):
    """ "the National Development Fund of Iran ... the fund": a definite common noun
    that is the head word of an organisation's name named not long before."""
    if token.pos_ != "NOUN" or token.tag_ != "NN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
        return None
    if not any(token.lower_ in entity.label.lower() for entity in m.entities.values()):
        return None  # no name has the word: the common case, found cheaply
    if any(m.key(c) or c.pos_ == "PROPN" for c in token.subtree if c.i < token.i):
        return None  # "the Iranian fund", "the Fars news agency" may be another one
    noun = token.lemma_.lower()
    for _, key in reversed(recent[-40:]):
        entity = m.entities.get(key)
        if entity is None or entity.reference or "Group" in entity.types:
            continue
        words = entity.label.lower().split(" of ")[0].split()
        if words and words[-1] == noun and len(words) > 1:
            doc = token.doc
            left = token.left_edge.i + (doc[token.left_edge.i].lower_ == "the")
            return doc[left : token.i + 1], key
    return None


def _issuer_of_previous_subject(token: Token, m: Mentions) -> str | None:
    """ "A final rule announced by FinCEN bars ... It also obliges ...": 'it' is the rule,
    which acts for FinCEN."""
    doc = token.doc
    start = token.sent.start
    if start == 0 or token.i - start > 2:
        return None
    previous = doc[start - 1].sent
    for t in previous:
        if (
            t.dep_ == "nsubj"
            and t.head == previous.root
            and t.lemma_.lower() in lx.INSTRUMENT_NOUNS
        ):
            by = [
                pobj
                for s in t.children
                if s.lower_ == "by"
                for pobj in s.children
                if pobj.dep_ == "pobj"
            ]
            for pobj in by + issuing_agents(t):
                if m.key(pobj):
                    return m.key(pobj)
    return None


def issuing_agents(noun: Token) -> list[Token]:
    """Who issued a rule or decision, by its participle: "a rule announced by FinCEN".

    The parser may make the noun the subject of a bare participle ("A final rule
    announced by FinCEN bars ..."); a participle with no auxiliary is no clause of
    its own, so its agent is the issuer all the same.
    """
    participles = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    if (
        noun.dep_ == "nsubj"
        and noun.head.tag_ == "VBN"
        and not any(c.dep_ in {"aux", "auxpass"} for c in noun.head.children)
    ):
        participles.append(noun.head)
    return [
        pobj
        for participle in participles
        for prep in participle.children
        if prep.dep_ in {"agent", "prep"} and prep.lower_ == "by"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _clause_subject_keys(pronoun: Token, m: Mentions) -> set[str]:
    """Who a pronoun in object position cannot be: the subject of its own clause.

    "The United States would put sanctions on it": 'it' is not the United
    States (a clause's subject binds only 'itself'). A possessive can be
    ("China enforces its rules"), so it is not excluded, except in what a copula
    says of the subject ("China is its largest customer").
    """
    if pronoun.dep_ == "poss":
        # "China, its biggest trading partner": not the name the apposition describes
        if pronoun.head.dep_ == "appos" and m.key(pronoun.head.head):
            return {m.key(pronoun.head.head)}
        # "Pakistan and Iran are among its biggest suppliers", "China is its largest
        # customer": a party is not its own supplier
        node = pronoun.head
        while node.dep_ in {"pobj", "prep", "attr"} and node.head != node:
            node = node.head
        if node.lemma_ != "be":
            return set()
        named = [c for c in node.children if c.dep_ == "nsubj"]
        return {k for c in named for t in (c, *c.conjuncts) if (k := m.key(t))}
    if pronoun.dep_ not in {"dobj", "dative", "pobj"}:
        return set()
    verb = pronoun.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
        verb = verb.head
    keys = {k for c in verb.children if c.dep_ == "nsubj" and (k := m.key(c))}
    if verb.dep_ == "xcomp" and not keys:
        # "instructed its security forces to close the borders with them": the forces
        # are the subject of "close", whoever "them" is
        keys = {k for c in verb.head.children if c.dep_ in {"dobj", "nsubj"} and (k := m.key(c))}
    return keys


def _pronoun(token: Token, m: Mentions, recent: list[tuple[int, str]]):
    doc = token.doc
    span = doc[token.i : token.i + 1]
    low = token.lower_
    person = low in {"he", "him", "his", "she", "her"}
    plural = low in {"they", "them", "their"}
    sent_start = token.sent.start
    previous = doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
    subjects = [
        (i, k)
        for i, k in recent
        if previous <= i < token.i
        and doc[i].dep_ in {"nsubj", "nsubjpass"}
        or previous <= i < token.i
        and doc[i].head.dep_ in {"nsubj", "nsubjpass"}
        and m.token_key.get(doc[i].head.i) == k
    ]
    issuer = _issuer_of_previous_subject(token, m)
    if issuer and not person and not plural:
        return span, issuer
    if plural and token.dep_ in {"nsubj", "nsubjpass"} and _plural_left_unnamed(token, m):
        return None
    if token.dep_ == "nsubj" and token.head.lemma_.lower() in lx.SPEECH_VERBS:
        # "X, it said, had ...", "it added": the one who spoke last goes on speaking
        verbs = [
            (k, (doc[i] if doc[i].dep_ in {"nsubj", "nsubjpass"} else doc[i].head).head)
            for i, k in subjects
        ]
        speakers = [k for k, v in verbs if v.lemma_.lower() in lx.SPEECH_VERBS and v != token.head]
        for key in reversed(speakers):
            types = set(m.types(key))
            if person == bool(types & {"Official", "Person"}) and plural == ("Group" in types):
                return span, key
    local = _clause_subject_keys(token, m)
    # "The resolution demanded that Eritrea stop ..., and it required ...": the subject of
    # a clause joined to another is that clause's subject again
    first = _conjoined_subject(token)
    key = m.key(first) if first is not None else None
    if key is not None and key not in local and _fits_pronoun(m, key, person, plural):
        return span, key
    if (
        token.dep_ in {"nsubj", "nsubjpass"}
        and token.head == token.sent.root
        and not person
        and not plural
        and sent_start > 0
    ):
        # "Resolution 2270 came weeks after Pyongyang's test. It requires ...": a subject
        # pronoun continues the main subject of the sentence before, not a subordinate one
        main = _previous_main_subject(token)
        key = m.key(main) if main is not None else None
        if key and key not in local and _can_be_it(m, key):
            return span, key
        if main is not None and main.tag_ == "NN" and not key:
            return None  # "The ban ... . It has forced Italy ...": it is the ban
    for index, key in [*reversed(subjects), *reversed(recent[-12:])]:
        if index < sent_start - 80:
            break
        if key not in local and _fits_pronoun(m, key, person, plural):
            return span, key
    return None


def _fits_pronoun(m: Mentions, key: str, person: bool, plural: bool) -> bool:
    """Whether "he"/"she" (``person``), "they" (``plural``) or "it" can stand for an
    entity: a person, a group, or a state, body or organisation."""
    types = set(m.types(key))
    if person:
        return bool({"Official", "Person"} & types) and "Group" not in types
    if plural:
        return "Group" in types
    return _can_be_it(m, key)


def _plural_left_unnamed(token: Token, m: Mentions) -> bool:
    """Whether "they" stands for something no single entity names: the unnamed plural
    subject of the clause it is joined to ("Both laws forbid ..., and they require
    ..."), or names joined as the subject of the verb that reports it ("Carnival and
    Royal Caribbean said they would divert ...")."""
    verb = token.head
    if verb.dep_ == "conj":
        first = next((c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if first is not None and first.tag_ in {"NNS", "NNPS"} and not m.key(first):
            return True
    for ancestor in verb.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in lx.SPEECH_VERBS:
            speaker = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            return speaker is not None and any(
                c.dep_ == "conj" and m.key(c) for c in speaker.children
            )
    return False


def _person_by_surname(m: Mentions, token: Token) -> str | None:
    """The one person named before whose surname a token is ("a spokeswoman for Ashton",
    read before the surname itself is resolved)."""
    found = {
        key
        for key, entity in m.entities.items()
        if {"Official", "Person"} & set(entity.types) and entity.label.split()[-1] == token.text
    }
    return found.pop() if len(found) == 1 else None


def _conjoined_subject(token: Token) -> Token | None:
    """The subject of the clause that the pronoun's clause is joined to with "and"."""
    verb = token.head
    if token.dep_ not in {"nsubj", "nsubjpass"} or verb.dep_ != "conj":
        return None
    return next((c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _previous_main_subject(token: Token) -> Token | None:
    """The main subject of the sentence before a token's."""
    start = token.sent.start
    if start == 0:
        return None
    root = token.doc[start - 1].sent.root
    return next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _can_be_it(m: Mentions, key: str) -> bool:
    """Whether "it" can stand for an entity: a state, body, bank, organisation or
    instrument; not a person or a group."""
    types = set(m.types(key))
    return not types & {"Official", "Person", "Group"} and bool(
        types
        & {"Government", "Bank", "CentralBank", "Organization", "ExecutiveOrder", "UNResolution"}
    )
