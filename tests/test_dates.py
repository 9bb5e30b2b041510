"""Relative dates resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from sanctions_graph.documents import document_from_text
from sanctions_graph.extract import extract_document
from sanctions_graph.extract.dates import resolve

FRIDAY = date(2017, 9, 22)  # a Friday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Friday", date(2017, 9, 22)),
        ("on Thursday", date(2017, 9, 21)),
        ("Monday", date(2017, 9, 18)),
        ("at the weekend", date(2017, 9, 16)),
        ("last week", date(2017, 9, 11)),
        ("yesterday", date(2017, 9, 21)),
        ("Sept. 3", date(2017, 9, 3)),
        ("Dec. 22", date(2016, 12, 22)),
        ("Aug. 5, 2016", date(2016, 8, 5)),
        ("22 February", date(2017, 2, 22)),
        ("next Monday", None),
        ("the past few months", None),
    ],
)
def test_resolve(text, expected):
    assert resolve(text, FRIDAY) == expected


def test_no_publication_date_gives_only_absolute_dates():
    assert resolve("Friday", None) is None
    assert resolve("Aug. 5, 2016", None) == date(2016, 8, 5)


def test_event_date_on_an_assertion():
    text = (
        "Headline\nPublished: 2017-09-22\n\nOn Thursday, the Treasury sanctioned Bank of Dandong."
    )
    x = extract_document(document_from_text(text, doc_id="t"))
    (a,) = [a for a in x.assertions if a.object == "bank-of-dandong"]
    assert a.event_date == date(2017, 9, 21)
    assert x.document.published == date(2017, 9, 22)


def test_deadline_and_legal_basis_on_a_measure():
    text = (
        "China's commerce ministry banned imports of North Korean coal under "
        "resolution 2371 and said North Korean firms in China must close within 120 days."
    )
    x = extract_document(document_from_text(text, doc_id="t"))
    assert any("unsc-2371" in m.legal_basis for m in x.measures)
    assert any(m.deadline == "within 120 days" for m in x.measures)
