"""Articles to graphs, in batches: the work behind `extract`, `ingest` and `build`.

Extraction runs in worker processes when there are enough articles to pay
for starting them; each worker loads spaCy once and parses with nlp.pipe.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from .build import extraction_ntriples
from .documents import read_document
from .errors import SanctionsGraphError
from .model import Document, Extraction

Progress = Callable[[int, int, str], None]

# Below this many articles one process is faster than starting workers.
PARALLEL_THRESHOLD = 24


def _extractions(docs: list[Document]) -> Iterator[Extraction]:
    """extract_documents, with a crash of the extractor named after its article.

    The extractor is rules over a statistical parse, and some text will find a
    case a rule did not foresee. That is a bug to report, not the user's
    input error, but it should still read as one line that names the article
    rather than as a traceback. extract_documents yields in order, so the
    article that failed is the next one.
    """
    # spaCy loads here, on the first extraction, not with the command line:
    # half a second that export, query and the rest do not need.
    from .extract import extract_documents

    extractions = extract_documents(docs)
    for doc in docs:
        try:
            yield next(extractions)
        except SanctionsGraphError:
            raise
        except Exception as error:
            raise SanctionsGraphError(
                f"{doc.source or doc.id}: the extractor failed on this article "
                f"({type(error).__name__}: {' '.join(str(error).split())}); "
                "nothing was written for it. "
                "This is a bug: please report it with the article"
            ) from error


def _extract_chunk(paths: list[str], published: date | None) -> list[tuple[str, bytes]]:
    return list(ntriples_for_documents([read_document(p, published=published) for p in paths]))


def ntriples_for_documents(docs: Iterable[Document]) -> Iterator[tuple[str, bytes]]:
    """(article id, N-Triples of its graph) per document, in the order given (one process)."""
    for x in _extractions(list(docs)):
        yield x.document.id, extraction_ntriples(x)


def extract_paths(
    paths: list[Path],
    *,
    published: date | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(article id, N-Triples of its graph) for each path.

    All files are read and checked before any extraction starts, so a bad
    file stops the run before anything is written.
    """
    total = len(paths)
    workers = workers or (os.cpu_count() or 1)
    if workers <= 1 or total < PARALLEL_THRESHOLD:
        docs = [read_document(p, published=published) for p in paths]
        for n, (doc_id, data) in enumerate(ntriples_for_documents(docs), start=1):
            if progress:
                progress(n, total, doc_id)
            yield doc_id, data
        return
    for p in paths:  # checked here, read again by the workers: no batch held in memory
        read_document(p, published=published)
    size = max(8, total // (workers * 4))
    chunks = [[str(p) for p in paths[i : i + size]] for i in range(0, total, size)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_extract_chunk, chunks, [published] * len(chunks)):
            for doc_id, data in result:
                done += 1
                if progress:
                    progress(done, total, doc_id)
                yield doc_id, data
