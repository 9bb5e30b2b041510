"""Event dates: relative expressions resolved against the publication date.

News reports date events relative to the day they are published: "on
Friday" is the last Friday up to that day, "at the weekend" the Saturday
before it, "last week" the Monday of the week before, "Sept. 3" the last
September 3 up to it. An expression that cannot be pinned to a day gives no
date rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Span, Token

WEEKDAYS = {
    name: n
    for n, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")


def _last_weekday(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def resolve(text: str, published: date | None) -> date | None:
    """The day a date expression names, relative to the publication date."""
    low = text.lower().strip()
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        match = pattern.search(text)
        if not match:
            continue
        month_word, day_text = (
            (match.group(1), match.group(2)) if order == "md" else (match.group(2), match.group(1))
        )
        month = MONTHS.get(month_word.lower())
        if month is None:
            continue
        year = int(match.group(3)) if match.group(3) else None
        if year is None:
            if published is None:
                return None
            year = published.year
            if (month, int(day_text)) > (published.month, published.day):
                year -= 1  # "Sept. 3" in a January article is last year's
        try:
            return date(year, month, int(day_text))
        except ValueError:
            return None
    if published is None:
        return None
    if low in {"today", "on today"}:
        return published
    if low == "yesterday":
        return published - timedelta(days=1)
    if "weekend" in low:
        return _last_weekday(published - timedelta(days=1), WEEKDAYS["saturday"])
    if low in {"last week", "the previous week"}:
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7)
    words = re.findall(r"[a-z]+", low)
    for word in words:
        if word in WEEKDAYS and not {"next", "coming"} & set(words):
            return _last_weekday(published, WEEKDAYS[word])
    return None


def event_date(
    trigger: Token, published: date | None, dates: Sequence[Span] | None = None
) -> date | None:
    """The date of the event a trigger word reports, from a date phrase in its clause.

    ``dates`` are the DATE entities of the trigger's sentence when the caller has
    picked them already (every read of doc.ents makes new spans).
    """
    if dates is None:
        sent: Span = trigger.sent
        dates = [
            ent
            for ent in trigger.doc.ents
            if ent.start >= sent.start and ent.end <= sent.end and ent.label_ == "DATE"
        ]
    if not dates:
        return None  # most sentences name no date: no need for the clause
    clause = {t.i for t in trigger.subtree} | {trigger.i}
    # Dates on the governing verbs count too: "said on Thursday that X must close".
    for head in trigger.ancestors:
        clause |= {
            t.i
            for c in head.children
            if c.dep_ in {"prep", "npadvmod", "advmod", "tmod"}
            for t in c.subtree
        }
    for ent in dates:
        if not any(t.i in clause for t in ent):
            continue
        when = resolve(ent.text, published)
        if when is not None:
            return when
    return None
