"""Plain data passed between the steps: no rdflib, no spaCy.

A Document becomes an Extraction (entities, assertions, measures) in
``extract``; ``build`` turns an Extraction into RDF. Entity keys are slugs
(``china``, ``icbc``, ``north-korean-citizens``) that ``build`` turns into
IRIs under ``https://w3id.org/sanctions-graph/id/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RELATIONS = ("orders", "targets", "denies", "tradesWith")
FACTUALITIES = ("certain", "probable", "possible", "negated")
STATUSES = ("proposed", "in-force", "withdrawn", "denied", "reported")
TENSES = ("past", "present", "future")


@dataclass(frozen=True)
class Document:
    """One article: its id (file stem), body text and where it came from."""

    id: str
    text: str
    source: str
    title: str = ""
    published: date | None = None


@dataclass(frozen=True)
class Span:
    """A stretch of the article text, by character offsets [start, end)."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An entity as one article knows it.

    ``types`` are ontology class local names (``Bank``, ``Government`` ...);
    ``aliases`` are the surface forms the article uses for it.
    """

    key: str
    label: str
    types: tuple[str, ...]
    aliases: set[str] = field(default_factory=set)
    reference: bool = False


@dataclass
class Assertion:
    """A relation between two entities, with the sentence that says so.

    ``factuality`` is certain, probable (hedged: "reportedly"), possible
    (future, threat, proposal) or negated ("did not order"); negated
    assertions are kept as assertions but give no direct triple.
    """

    subject: str
    predicate: str
    object: str
    evidence: Span
    trigger: str = ""
    claimant: str | None = None
    factuality: str = "certain"
    polarity: str = "positive"
    tense: str = "past"
    event_date: date | None = None
    denies: Assertion | None = None

    @property
    def direct(self) -> bool:
        """Whether the graph states the relation as a plain triple too."""
        return self.polarity == "positive" and self.factuality != "negated"


@dataclass
class Measure:
    """One sanctions step: who imposed what on whom, under which basis."""

    kind: str
    imposed_by: list[str]
    targets: list[str]
    evidence: Span
    implemented_by: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    status: str = "in-force"
    quantities: list[str] = field(default_factory=list)
    deadline: str | None = None
    claimant: str | None = None
    trigger: str = ""


@dataclass
class Extraction:
    """Everything extracted from one Document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    assertions: list[Assertion] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
