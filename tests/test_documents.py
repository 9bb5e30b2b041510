"""Reading articles: ids, headlines, dates, and refusals that say how to fix them."""

from __future__ import annotations

from datetime import date

import pytest

from sanctions_graph.documents import article_paths, document_id, read_document
from sanctions_graph.errors import InputError


def test_headline_and_published_line(tmp_path):
    f = tmp_path / "a b.txt"
    f.write_text("Banks told to stop\nPublished: 2017-09-21\n\nChina told banks to stop.\n")
    doc = read_document(f)
    assert doc.id == "a-b"
    assert doc.title == "Banks told to stop"
    assert doc.published == date(2017, 9, 21)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"caf\xe9 au lait", "UTF-8"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML"),
        (b"Title\nPublished: 2017-02-30\n\nText.", "not a real date"),
    ],
)
def test_bad_files_are_refused_with_the_fix(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(f)


def test_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no article files"):
        article_paths([tmp_path])


def test_document_id_is_iri_safe():
    assert document_id("Reuters: 2017-09 story.txt") == "Reuters-2017-09-story"
