"""Files and text in, Documents out.

An article is plain UTF-8 text: the first non-empty line is its headline, an
optional ``Published: YYYY-MM-DD`` line gives its date. Everything that is
not such an article is refused here with a message that says how to fix it,
before anything reaches the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import InputError
from .model import Document

MAX_ARTICLE_BYTES = 5_000_000
ARTICLE_SUFFIXES = (".txt",)

_PUBLISHED = re.compile(r"^\s*Published:\s*(\S+)\s*$", re.MULTILINE)
_DOC_ID = re.compile(r"[^A-Za-z0-9._-]+")


def document_id(name: str) -> str:
    """A stable id for an article from its file name (the stem, IRI-safe)."""
    stem = Path(name).stem if "." in name else name
    return _DOC_ID.sub("-", stem).strip("-") or "article"


def parse_published(value: str, *, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{where}: published date {value!r} is not a real date; write it as YYYY-MM-DD"
        ) from None


def document_from_text(
    text: str, *, doc_id: str, source: str = "", published: date | None = None
) -> Document:
    """Make a Document from article text, reading its headline and date line."""
    where = source or doc_id
    if "\x00" in text:
        raise InputError(f"{where}: looks like a binary file; give a plain-text article")
    if not text.strip():
        raise InputError(f"{where}: the article is empty; give a file with the article's text")
    if re.match(r"\s*(<!doctype html|<html)", text, re.IGNORECASE):
        raise InputError(
            f"{where}: is an HTML page, not article text; save the article as plain text first"
        )
    match = _PUBLISHED.search(text)
    if published is None and match:
        published = parse_published(match.group(1), where=where)
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Document(id=doc_id, text=text, source=source, title=title, published=published)


def read_document(path: str | Path, *, published: date | None = None) -> Document:
    """Read one article file; errors name the file and the fix."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give article files or use the folder's articles")
    if not path.is_file():
        # A FIFO or a device would block the read or never end.
        raise InputError(
            f"{path}: is not a regular file (a pipe or device); save the article to a file"
        )
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{path}: {size / 1e6:.1f} MB is too large for one article "
                f"(limit {MAX_ARTICLE_BYTES / 1e6:.0f} MB); split it into articles"
            )
        raw = path.read_bytes()
    except PermissionError:
        raise InputError(
            f"{path}: cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as error:
        raise InputError(
            f"{path}: cannot be read ({error.strerror or error}); check the file"
        ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: is UTF-16; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in raw:
        # Checked before decoding: most binary files are not valid UTF-8 either,
        # and "binary" says more than a byte offset.
        raise InputError(f"{path}: looks like a binary file; give a plain-text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid UTF-8 (byte {exc.start}); convert it to UTF-8"
        ) from None
    return document_from_text(
        text, doc_id=document_id(path.name), source=str(path), published=published
    )


def article_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their article files; keep files as given."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            inside = sorted(f for f in p.iterdir() if f.suffix in ARTICLE_SUFFIXES and f.is_file())
            if not inside:
                raise InputError(f"{p}: has no article files (*.txt); put articles there as .txt")
            found.extend(inside)
        else:
            found.append(p)
    ids: dict[str, Path] = {}
    for f in found:
        doc = document_id(f.name)
        if doc in ids and ids[doc] != f:
            raise InputError(
                f"{f} and {ids[doc]} would get the same article id {doc!r}; rename one of them"
            )
        ids[doc] = f
    return found


def read_documents(
    paths: Iterable[str | Path], *, published: date | None = None
) -> Iterator[Document]:
    for path in article_paths(paths):
        yield read_document(path, published=published)


def check_articles(paths: Iterable[str | Path], *, published: date | None = None) -> list[Path]:
    """Expand folders and read every article once; InputError on the first bad one.

    For callers that must refuse a batch before touching anything (the CLI
    checks before it even opens or creates the store).
    """
    files = article_paths(paths)
    for path in files:
        read_document(path, published=published)
    return files
