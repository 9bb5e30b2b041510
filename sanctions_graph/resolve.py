"""Mentions to canonical entities: the reference entities and their aliases.

``ontology/reference.ttl`` lists the entities a reader of sanctions news
knows (states, their bodies, banks, leaders, resolutions) with their names.
This module reads it once and answers "which entity is this name?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from .namespace import ID_BASE, ONTOLOGY_IRI, SG
from .paths import REFERENCE_FILE, ontology_dir


@dataclass
class ReferenceEntity:
    key: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    demonym: tuple[str, ...] = ()
    country: str | None = None


def normalise(name: str) -> str:
    """Fold a name for lookup: case, curly quotes, dots, a leading 'the'."""
    name = name.replace("\u2019", "'").replace("\u2018", "'").lower()
    name = re.sub(r"[.\u00a0]", "", name)
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"\s+", " ", name)


@dataclass
class ReferenceKB:
    """Reference entities by key, with an alias index."""

    entities: dict[str, ReferenceEntity] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    by_demonym: dict[str, str] = field(default_factory=dict)

    def add(self, entity: ReferenceEntity) -> None:
        self.entities[entity.key] = entity
        for name in (entity.label, *entity.aliases):
            self.by_alias.setdefault(normalise(name), entity.key)
        for dem in entity.demonym:
            self.by_demonym.setdefault(normalise(dem), entity.key)

    def lookup(self, name: str) -> ReferenceEntity | None:
        key = self.by_alias.get(normalise(name))
        return self.entities.get(key) if key else None

    def state_of_demonym(self, word: str) -> str | None:
        return self.by_demonym.get(normalise(word))

    def names(self) -> list[tuple[str, str]]:
        """Every (surface name, key) pair, for the mention matcher."""
        out = []
        for e in self.entities.values():
            for name in {e.label, *e.aliases}:
                out.append((name, e.key))
        return out


def _key(iri: URIRef) -> str | None:
    text = str(iri)
    return text[len(ID_BASE) :] if text.startswith(ID_BASE) else None


def load_reference(path: Path | None = None) -> ReferenceKB:
    graph = Graph()
    graph.parse(path or ontology_dir() / REFERENCE_FILE, format="turtle")
    kb = ReferenceKB()
    for subject in sorted(set(graph.subjects(RDFS.label, None))):
        key = _key(subject)
        if key is None:
            continue
        types = tuple(
            sorted(
                str(t)[len(ONTOLOGY_IRI) :]
                for t in graph.objects(subject, RDF.type)
                if str(t).startswith(ONTOLOGY_IRI)
            )
        )
        country = graph.value(subject, SG.country)
        kb.add(
            ReferenceEntity(
                key=key,
                label=str(graph.value(subject, RDFS.label)),
                types=types,
                aliases=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))),
                demonym=tuple(sorted(str(d) for d in graph.objects(subject, SG.demonym))),
                country=_key(country) if isinstance(country, URIRef) else None,
            )
        )
    return kb


@lru_cache(maxsize=1)
def reference_kb() -> ReferenceKB:
    """The reference entities, read once per process."""
    return load_reference()
