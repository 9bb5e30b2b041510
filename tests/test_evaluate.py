"""The seed articles scored against their gold annotations, inside the test suite."""

from __future__ import annotations

from sanctions_graph.evaluate import Counts, evaluate, fold, gold_pairs

from .conftest import GOLD, SEEDS


def test_fold_matches_the_annotation_guide():
    assert fold("The Treasury Department") == "treasury department"
    assert fold("China\u2019s central bank") == "china central bank"
    assert fold("U.S.") == "us"


def test_counts_f1():
    c = Counts(found=9, gold=10, right=9, system=9)
    assert c.recall == 0.9 and c.precision == 1.0
    assert round(c.f1, 3) == 0.947


def test_seed_extraction_reaches_the_targets():
    pairs = gold_pairs([SEEDS], GOLD)
    assert len(pairs) == 3
    _, pooled = evaluate(pairs)
    relations = pooled.relation_total
    assert relations.f1 >= 0.90, relations
    assert pooled.measures.f1 >= 0.80, pooled.measures
    assert pooled.entities.recall >= 0.90, pooled.entities
    assert pooled.types.recall >= 0.90, pooled.types
