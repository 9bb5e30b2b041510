"""Score the extractor against gold annotations (format: shared/corpus/ANNOTATION.md).

Matching follows the annotation guide: an extracted entity matches a gold
entity when one of its names, folded (case, punctuation, a leading "the",
a possessive), equals one of the gold aliases; a relation matches when its
subject and object match (``alt_s``/``alt_o`` accepted, tradesWith in either
direction) with the same predicate; a measure matches on one imposer and one
target. Negated assertions are not relations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .documents import read_document
from .extract import extract_documents
from .model import RELATIONS, Extraction

MISSION_TYPES = {"Bank", "Government", "Official", "UNResolution"}
# Ontology classes that count as a mission type (the class hierarchy, flattened).
TYPE_CLOSURE = {"CentralBank": {"CentralBank", "Bank", "Government"}}


def fold(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace(".", "")
    text = re.sub(r"'s\b", "", text).replace("'", "")
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Counts:
    """Gold items found, gold total, system items right, system total."""

    found: int = 0
    gold: int = 0
    right: int = 0
    system: int = 0

    def add(self, other: Counts) -> None:
        self.found += other.found
        self.gold += other.gold
        self.right += other.right
        self.system += other.system

    @property
    def precision(self) -> float:
        return self.right / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    doc: str
    entities: Counts = field(default_factory=Counts)
    types: Counts = field(default_factory=Counts)
    relations: dict[str, Counts] = field(default_factory=lambda: {p: Counts() for p in RELATIONS})
    measures: Counts = field(default_factory=Counts)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.entities.add(other.entities)
        self.types.add(other.types)
        self.measures.add(other.measures)
        for p in RELATIONS:
            self.relations[p].add(other.relations[p])

    @property
    def relation_total(self) -> Counts:
        total = Counts()
        for c in self.relations.values():
            total.add(c)
        return total


def score(x: Extraction, gold: dict) -> Score:
    result = Score(x.document.id)
    alias_ids: dict[str, set[str]] = {}
    for e in gold["entities"]:
        for name in [e["label"], *e.get("aliases", [])]:
            alias_ids.setdefault(fold(name), set()).add(e["id"])

    ids_of: dict[str, set[str]] = {}
    for key, entity in x.entities.items():
        ids: set[str] = set()
        for name in {entity.label, *entity.aliases}:
            ids |= alias_ids.get(fold(name), set())
        ids_of[key] = ids

    found: dict[str, list[str]] = {}
    for key, ids in ids_of.items():
        for i in ids:
            found.setdefault(i, []).append(key)
    result.entities = Counts(
        found=sum(1 for e in gold["entities"] if e["id"] in found), gold=len(gold["entities"])
    )
    typed = [e for e in gold["entities"] if set(e["types"]) & MISSION_TYPES and e["id"] in found]
    right_types = 0
    for e in typed:
        for key in found[e["id"]]:
            mine = set().union(*(TYPE_CLOSURE.get(t, {t}) for t in x.entities[key].types))
            if mine & set(e["types"]):
                right_types += 1
                break
    result.types = Counts(found=right_types, gold=len(typed))

    def ids(key: str) -> set[str]:
        return ids_of.get(key) or {f"?{key}"}

    system = {
        (frozenset(ids(a.subject)), a.predicate, frozenset(ids(a.object)))
        for a in x.assertions
        if a.direct
    }

    def matches(s: tuple, g: dict) -> bool:
        if s[1] != g["p"]:
            return False
        subj = {g["s"], *g.get("alt_s", [])}
        obj = {g["o"], *g.get("alt_o", [])}
        if s[0] & subj and s[2] & obj:
            return True
        return g["p"] == "tradesWith" and bool(s[2] & subj and s[0] & obj)

    for p in RELATIONS:
        gold_p = [g for g in gold["relations"] if g["p"] == p]
        sys_p = [s for s in system if s[1] == p]
        result.relations[p] = Counts(
            found=sum(1 for g in gold_p if any(matches(s, g) for s in sys_p)),
            gold=len(gold_p),
            right=sum(1 for s in sys_p if any(matches(s, g) for g in gold_p)),
            system=len(sys_p),
        )
    result.missed = [
        f"{g['s']} {g['p']} {g['o']}"
        for g in gold["relations"]
        if not any(matches(s, g) for s in system)
    ]
    result.spurious = sorted(
        f"{'|'.join(sorted(s[0]))} {s[1]} {'|'.join(sorted(s[2]))}"
        for s in system
        if not any(matches(s, g) for g in gold["relations"])
    )

    pairs = [
        (
            set().union(*map(ids, m.imposed_by)) if m.imposed_by else set(),
            set().union(*map(ids, m.targets)) if m.targets else set(),
        )
        for m in x.measures
    ]
    gold_m = gold.get("measures", [])

    def m_match(pair: tuple[set, set], g: dict) -> bool:
        return bool(pair[0] & set(g["imposed_by"]) and pair[1] & set(g["targets"]))

    result.measures = Counts(
        found=sum(1 for g in gold_m if any(m_match(pm, g) for pm in pairs)),
        gold=len(gold_m),
        right=sum(1 for pm in pairs if any(m_match(pm, g) for g in gold_m)),
        system=len(pairs),
    )
    return result


def gold_pairs(folders: Iterable[Path], gold_dir: Path | None = None) -> list[tuple[Path, Path]]:
    """(article, gold file) pairs: NAME.txt with NAME.gold.json beside it or in gold_dir."""
    pairs = []
    for folder in folders:
        for text in sorted(Path(folder).glob("*.txt")):
            gold = (gold_dir or text.parent) / f"{text.stem}.gold.json"
            if gold.is_file():
                pairs.append((text, gold))
    return pairs


def evaluate(pairs: list[tuple[Path, Path]]) -> tuple[list[Score], Score]:
    docs = [read_document(text) for text, _ in pairs]
    golds = [json.loads(gold.read_text(encoding="utf-8")) for _, gold in pairs]
    scores = [score(x, g) for x, g in zip(extract_documents(docs), golds, strict=True)]
    pooled = Score("pooled")
    for s in scores:
        pooled.add(s)
    return scores, pooled


def report(scores: list[Score], pooled: Score, *, details: bool = False) -> str:
    lines = [
        f"{'doc':28} {'ent.rec':>7} {'type.acc':>8} {'rel.P':>6} {'rel.R':>6} "
        f"{'rel.F1':>6} {'meas.F1':>7}"
    ]
    for s in [*scores, pooled]:
        r = s.relation_total
        lines.append(
            f"{s.doc[:28]:28} {s.entities.recall:7.2f} {s.types.recall:8.2f} "
            f"{r.precision:6.2f} {r.recall:6.2f} {r.f1:6.2f} {s.measures.f1:7.2f}"
        )
        if details and s is not pooled:
            lines += [f"    missed:   {m}" for m in s.missed]
            lines += [f"    spurious: {m}" for m in s.spurious]
    lines.append("")
    for p, c in pooled.relations.items():
        lines.append(
            f"  {p:11} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}  "
            f"(gold {c.gold}, system {c.system})"
        )
    m = pooled.measures
    lines.append(f"measures P {m.precision:.2f} R {m.recall:.2f} F1 {m.f1:.2f}")
    return "\n".join(lines) + "\n"
