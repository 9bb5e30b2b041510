"""Turtle written straight from sorted N-Triples lines.

Exports hold the store's triples as N-Triples lines, sorted (see store.py).
Turning them into Turtle only needs three things per line: is the subject
the one before, is the predicate, and how is each term abbreviated. This
module does that on the bytes, abbreviating each distinct term once, instead
of parsing every line back into objects for pyoxigraph's serializer: 0.7 s
against 1.2 s for the 770k lines of the 1M-quad benchmark store. Large
documents are written by two processes at once (:class:`TurtleHalves`).

The output is pyoxigraph's, byte for byte, for the same triples in the same
order (tests/test_turtle_writer.py compares them on generated graphs), so
that what an export looks like does not depend on which writer wrote it:

- ``@prefix`` lines in the order given, a blank line, then the triples;
- a subject's triples joined with `` ;`` and a tab, a predicate's objects
  with `` , ``; ``a`` for rdf:type;
- an IRI as ``prefix:local`` under the longest matching prefix whose local
  part can be written (escaping what Turtle lets a local name escape),
  otherwise ``<iri>``;
- xsd:integer, xsd:decimal, xsd:double and xsd:boolean literals bare when
  their lexical form is Turtle's own syntax for them, other typed literals
  with an abbreviated datatype, plain and language-tagged literals as in
  N-Triples (their escapes are the same in both).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"

# Turtle's own syntax for some literals ([19]-[21] and "true"/"false").
_BARE = {
    f"<{_XSD}integer>".encode(): re.compile(rb"[+-]?[0-9]+"),
    f"<{_XSD}decimal>".encode(): re.compile(rb"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD}double>".encode(): re.compile(
        rb"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"
    ),
    f"<{_XSD}boolean>".encode(): re.compile(rb"true|false"),
}

# PN_LOCAL ([168s]) as pyoxigraph writes it: characters of PN_CHARS (and
# ":") as they are, the punctuation of PLX's backslash escapes with a
# backslash; "." as it is only inside the name. pyoxigraph writes no %XX
# escapes: a "%" is backslashed too.
_PN_CHARS_U = (
    "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_ESCAPED = "~!$&'()*+,;=/?#@%"  # and "." at either end, "-" first
_ESCAPES = {ord(c): "\\" + c for c in _ESCAPED}  # for str.translate
_ESCAPABLE = re.escape(_ESCAPED + ".-")
_LOCAL = re.compile(f"[{_PN_CHARS_U}:0-9{_ESCAPABLE}][{_PN_CHARS}:{_ESCAPABLE}]*")
# The common case, nothing to escape: ASCII letters, digits, "_", "-", ":"
# and inner dots, not starting with "-" or ".".
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_:](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_:-])?")
_PLAIN_LOCAL_BYTES = re.compile(_PLAIN_LOCAL.pattern.encode())


def local_name(value: str) -> str | None:
    """``value`` as a Turtle local name (PN_LOCAL), escaped; None if it cannot be one."""
    if _PLAIN_LOCAL.fullmatch(value):
        return value
    if not _LOCAL.fullmatch(value):
        return None
    name = value.translate(_ESCAPES)
    if name[0] in "-.":
        name = "\\" + name
    if len(value) > 1 and name.endswith("."):
        name = name[:-1] + "\\."
    return name


class _Iris(dict[bytes, bytes]):
    """N-Triples IRIs (``<...>``) to their Turtle form, each worked out once."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        super().__init__()
        # Longest namespace first: the most specific prefix wins.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self._names = {ns.encode(): f"{p}:".encode() for p, ns in self._prefixes}
        # Alternatives are tried in order: the longest matching namespace is
        # found. Without prefixes, a pattern that matches nothing.
        alternatives = b"|".join(re.escape(ns.encode()) for _, ns in self._prefixes)
        self._namespace = re.compile(
            b"<(" + alternatives + rb")(.*)>" if prefixes else rb"(?!)", re.DOTALL
        )

    def __missing__(self, term: bytes) -> bytes:
        form = self._prefixed(term) or term
        self[term] = form
        return form

    def _prefixed(self, term: bytes) -> bytes | None:
        match = self._namespace.fullmatch(term)
        if match is None:
            return None
        namespace, local = match.groups()
        if _PLAIN_LOCAL_BYTES.fullmatch(local) or not local:
            return self._names[namespace] + local
        name = local_name(local.decode())  # something to escape
        if name is not None:
            return self._names[namespace] + name.encode()
        # Not a local name under this prefix: maybe under a shorter one.
        iri = term[1:-1].decode()
        for prefix, namespace_text in self._prefixes:
            if iri.startswith(namespace_text):
                name = local_name(iri[len(namespace_text) :]) if iri != namespace_text else ""
                if name is not None:
                    return f"{prefix}:{name}".encode()
        return None


class _TypedLiterals(dict[bytes, bytes]):
    """N-Triples typed literals (``"..."^^<...>``) to their Turtle form."""

    def __init__(self, iris: _Iris) -> None:
        super().__init__()
        self._iris = iris

    def __missing__(self, term: bytes) -> bytes:
        cut = term.rindex(b'"^^<')
        value, datatype = term[1:cut], term[cut + 3 :]
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(value):
            form = value
        else:
            form = term[: cut + 3] + self._iris[datatype]
        self[term] = form
        return form


class _Predicates(dict[bytes, bytes]):
    """Predicates to their Turtle form (an IRI's, or "a" for rdf:type) between
    ``prefix`` and ``suffix``."""

    def __init__(self, iris: _Iris, prefix: bytes, suffix: bytes) -> None:
        super().__init__()
        self._iris = iris
        self.prefix = prefix
        self.suffix = suffix

    def __missing__(self, term: bytes) -> bytes:
        form = self[term] = self.prefix + self._iris[term] + self.suffix
        return form


def turtle_body(
    lines: Sequence[bytes], prefixes: Mapping[str, str], *, type_key: bytes = _RDF_TYPE
) -> Iterator[bytes]:
    """The Turtle statements for ``lines``, a few thousand lines at a time.

    ``lines`` are N-Triples statements without their `` .``, in the order
    they are to be written (sorted, so that a subject's lines are together),
    with rdf:type written as ``type_key``. The text starts with the first
    subject and ends with `` .\\n``: the statements of consecutive runs of
    lines, written apart, join into those of all the lines.
    """
    iris = _Iris(prefixes)
    typed = _TypedLiterals(iris)
    # A predicate's text after a subject, and after another predicate of it.
    first_predicate = _Predicates(iris, b" ", b" ")
    next_predicate = _Predicates(iris, b" ;\n\t", b" ")
    for forms in (first_predicate, next_predicate):
        forms[type_key] = forms[_RDF_TYPE] = forms.prefix + b"a" + forms.suffix
    subject = predicate = None
    for start in range(0, len(lines), _CHUNK):
        parts: list[bytes] = []
        append = parts.append
        for line in lines[start : start + _CHUNK]:
            s, p, o = line.split(b" ", 2)
            first = o[0]
            if first == 0x3C:  # "<"
                o = iris[o]
            elif first == 0x22 and o[-1] == 0x3E:  # '"' ... '>': a typed literal
                o = typed[o]
            if s != subject:
                if subject is not None:
                    append(b" .\n")
                subject, predicate = s, p
                append(iris[s] if s[0] == 0x3C else s)
                append(first_predicate[p])
            elif p != predicate:
                predicate = p
                append(next_predicate[p])
            else:
                append(b" , ")
            append(o)
        yield b"".join(parts)
    if subject is not None:
        yield b" .\n"


def write_turtle(
    lines: Sequence[bytes],
    out: IO[bytes],
    prefixes: Mapping[str, str],
    *,
    type_key: bytes = _RDF_TYPE,
) -> None:
    """Write ``lines`` (as :func:`turtle_body` takes them) as a Turtle document."""
    out.write(prefix_header(prefixes))
    if lines:
        out.write(b"\n")
        for chunk in turtle_body(lines, prefixes, type_key=type_key):
            out.write(chunk)


def prefix_header(prefixes: Mapping[str, str]) -> bytes:
    """The ``@prefix`` lines of ``prefixes``, in their order."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode()


def _drop_subjects(lines: list[bytes], subjects: Iterable[bytes]) -> list[bytes]:
    """Sorted lines less those of ``subjects`` (N-Triples terms).

    A subject's lines are the ones that begin with it and a space, so in
    sorted lines they are one run, found by bisection: no pass over the lines.
    """
    runs = []
    for subject in sorted(set(subjects)):
        start = bisect.bisect_left(lines, subject + b" ")
        end = bisect.bisect_left(lines, subject + b" \xff", start)  # UTF-8 has no 0xff byte
        if start < end:
            runs.append((start, end))
    if not runs:
        return lines
    kept: list[bytes] = []
    previous = 0
    for start, end in runs:
        kept += lines[previous:start]
        previous = end
    kept += lines[previous:]
    return kept


def sorted_less(
    lines: list[bytes], skip_subjects: Iterable[bytes], hidden: set[bytes]
) -> list[bytes]:
    """Lines sorted, less the subjects and lines to leave out."""
    lines.sort()
    lines = _drop_subjects(lines, skip_subjects)
    return [line for line in lines if line not in hidden] if hidden else lines


class TurtleHalves:
    """One Turtle document written by two processes, the store read meanwhile.

    Reading the store takes both cores; sorting the lines and writing them
    as Turtle then took one, for a third of an export at a million triples.
    Here the lines arrive as sorted runs while the store is read (:meth:`add`);
    the subjects are cut in two at the middle subject of the rdf:type run,
    and the runs' upper parts go on to a worker process (this file run as a
    script) as they come. At the end (:meth:`write`) each side sorts its
    half, leaves out what is to be left out and writes its Turtle, at the
    same time; the worker writes to a temporary file, whose text follows
    this side's. The two texts join into the bytes one process would write
    (statements end with " ." at a subject change, and no subject is on
    both sides).

    The worker starts only once an rdf:type run of :data:`PARALLEL_RUN`
    lines shows that the document is large; without one, one process
    writes. If the worker cannot start, or fails, its half is written here
    from the lines this side kept: the bytes are the same.
    """

    def __init__(self, prefixes: Mapping[str, str], *, type_key: bytes = _RDF_TYPE) -> None:
        self._prefixes = dict(prefixes)
        self._type_key = type_key
        self._pivot: bytes | None = None  # the first upper subject, and a space
        self._tried = False  # to start the worker
        self._lower: list[bytes] = []
        self._upper: list[bytes] = []  # sent to the worker, and kept for a fallback
        self._worker: _Worker | None = None

    @property
    def parallel(self) -> bool:
        """Whether a worker is writing the upper half."""
        return self._worker is not None and not self._worker.failed

    def add(self, run: list[bytes]) -> None:
        """Take a sorted run of lines (the runs together may come in any order)."""
        if self._pivot is None and not self._tried and self._is_types(run):
            self._tried = True
            self._worker = _Worker.start(self._prefixes, self._type_key)
            if self._worker is not None:
                middle = run[len(run) // 2]
                self._pivot = middle[: middle.index(b" ") + 1]
                early, self._lower = self._lower, []
                early.sort()
                self._route(early)
        if self._pivot is None:
            self._lower += run
        else:
            self._route(run)

    def _is_types(self, run: list[bytes]) -> bool:
        """Whether ``run`` is a large run of rdf:type lines, from which to cut.

        A typed subject has one such line, whatever else it has: its middle
        subject cuts the subjects, and so far as their lines are alike, the
        lines, in two. (A label run, say, would cut the entities only.)
        """
        return len(run) >= PARALLEL_RUN and run[0].split(b" ", 2)[1] == self._type_key

    def _route(self, run: list[bytes]) -> None:
        assert self._pivot is not None and self._worker is not None
        cut = bisect.bisect_left(run, self._pivot)
        self._lower += run[:cut]
        upper = run[cut:]
        if upper:
            self._upper += upper
            self._worker.send(b"L", upper)

    def lines(self) -> list[bytes]:
        """Every line, for writing some other way (the worker, if any, is stopped)."""
        self.close()
        return self._lower + self._upper

    def close(self) -> None:
        """Stop the worker, if it still runs, and remove its file."""
        if self._worker is not None:
            self._worker.stop()

    def write(
        self,
        out: IO[bytes],
        *,
        skip_subjects: Iterable[bytes] = (),
        hidden: Iterable[bytes] = (),
    ) -> None:
        """Write the document: every line added, less the lines of ``skip_subjects``
        (N-Triples terms) and the ``hidden`` lines."""
        skip, hide = sorted(set(skip_subjects)), set(hidden)
        worker = self._worker
        try:
            if worker is not None:
                worker.send(b"S", skip)
                worker.send(b"H", hide)
                worker.send(b"E", ())
            lower = sorted_less(self._lower, skip, hide)
            out.write(prefix_header(self._prefixes))
            if lower:
                out.write(b"\n")
                for chunk in turtle_body(lower, self._prefixes, type_key=self._type_key):
                    out.write(chunk)
            text = worker.text() if worker is not None else None
            chunks: Iterable[bytes]
            if text is not None:
                chunks = [text]
            else:  # no worker, or it failed: its half is written here
                upper = sorted_less(self._upper, skip, hide)
                chunks = turtle_body(upper, self._prefixes, type_key=self._type_key)
            started = bool(lower)
            for chunk in chunks:
                if chunk and not started:
                    out.write(b"\n")
                    started = True
                out.write(chunk)
        finally:
            if worker is not None:
                worker.stop()


class _Worker:
    """A worker process that writes the Turtle of the lines sent to it to a temporary file.

    Messages go through its stdin from a thread of their own, so that the
    reading of the store does not wait on the pipe.
    """

    def __init__(self, proc: subprocess.Popen[bytes], path: str) -> None:
        self._proc = proc
        self._path = path
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self.failed = False
        self._sender = threading.Thread(target=self._send_all, name="turtle-worker", daemon=True)
        self._sender.start()

    @classmethod
    def start(cls, prefixes: Mapping[str, str], type_key: bytes) -> _Worker | None:
        if not sys.executable or (os.cpu_count() or 1) < 2:
            return None
        try:
            fd, path = tempfile.mkstemp(prefix="sanctions-graph-", suffix=".ttl.part")
            os.close(fd)
        except OSError:
            return None
        options = {"prefixes": dict(prefixes), "type_key": type_key.hex(), "out": path}
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", __file__, json.dumps(options)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            os.unlink(path)
            return None
        return cls(proc, path)

    def send(self, kind: bytes, lines: Iterable[bytes]) -> None:
        payload = b"\n".join(lines)
        self._queue.put(kind + len(payload).to_bytes(8, "big") + payload)

    def _send_all(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        while (message := self._queue.get()) is not None:
            if self.failed:
                continue
            try:
                stdin.write(message)
                if message[:1] == b"E":
                    stdin.close()
            except OSError:
                self.failed = True

    def text(self) -> bytes | None:
        """The worker's Turtle, once it is done; None if it failed."""
        self._queue.put(None)
        self._sender.join()
        if self.failed or self._proc.wait() != 0:
            return None
        try:
            with open(self._path, "rb") as file:
                text = file.read()
        except OSError:
            return None
        if not text.endswith(_DONE):
            return None
        return text[: -len(_DONE)]

    def stop(self) -> None:
        """End the worker (if it still runs) and remove its file."""
        self.failed = self.failed or self._proc.poll() is None
        self._queue.put(None)
        if self._proc.poll() is None:
            self._proc.kill()
        self._sender.join()
        self._proc.wait()
        if self._proc.stdin is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
        with contextlib.suppress(OSError):
            os.unlink(self._path)


# An rdf:type run at least this long starts a worker: 20k typed subjects come
# with some 200k lines in all, a tenth of a second of writing per half, and
# the worker's start (0.03 s) is lost in the reading.
PARALLEL_RUN = 20_000
_CHUNK = 16384
# The worker's last line: its text is whole.
_DONE = b"# done\n"


def _work() -> None:
    """The worker: messages on stdin, the Turtle statements of its lines to a file.

    A message is a kind (one byte), a length (8 bytes) and newline-separated
    lines: L lines to write, S subjects to leave out, H lines to leave out,
    E the end. The text is followed by :data:`_DONE`, so that a worker that
    died half way is told from one that wrote everything.
    """
    options = json.loads(sys.argv[1])
    read = sys.stdin.buffer.read
    lines: list[bytes] = []
    skip: list[bytes] = []
    hidden: set[bytes] = set()
    while True:
        head = read(9)
        if len(head) < 9:
            sys.exit(1)  # the writer went away
        payload = read(int.from_bytes(head[1:], "big"))
        kind = head[:1]
        if kind == b"E":
            break
        found = payload.split(b"\n") if payload else []
        if kind == b"L":
            lines += found
        elif kind == b"S":
            skip = found
        elif kind == b"H":
            hidden = set(found)
    body = sorted_less(lines, skip, hidden)
    with open(options["out"], "wb") as out:
        for chunk in turtle_body(
            body, options["prefixes"], type_key=bytes.fromhex(options["type_key"])
        ):
            out.write(chunk)
        out.write(_DONE)


if __name__ == "__main__":
    _work()
