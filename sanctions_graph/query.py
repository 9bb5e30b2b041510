"""SPARQL for people: named queries from ontology/queries/*.rq and result formats.

A named query is a file ``ontology/queries/NAME.rq`` that starts with comment
lines ``# title: ...`` and ``# description: ...`` and may declare parameters
with ``# param: NAME DEFAULT`` (the query binds ``?NAME`` with exactly one
``VALUES ?NAME { DEFAULT }`` clause, which :meth:`NamedQuery.bind` rewrites).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError
from .paths import QUERIES_DIR, ontology_dir
from .store import Results, Store, serialize_triples, shorten

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
# The update forms are SPARQL too: recognised here so that check_query refuses
# them by name, instead of "unknown query 'LOAD <...>'".
_QUERY_START = re.compile(
    r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE"
    r"|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class NamedQuery:
    """One ``ontology/queries/*.rq`` file."""

    name: str
    title: str
    description: str
    sparql: str
    path: Path | None = None
    params: dict[str, str] = field(default_factory=dict)  # name -> default value

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with parameters replaced: ``{"entity": "id:iran"}``.

        Values are IRIs in angle brackets or prefixed names, as in SPARQL.
        """
        text = self.sparql
        for name, value in (values or {}).items():
            if name not in self.params:
                known = ", ".join(self.params) or "none"
                raise QueryError(
                    f"query {self.name!r} has no parameter {name!r}; its parameters: {known}"
                )
            if not re.fullmatch(r"<[^<>\"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w.:/%-]*", value):
                raise QueryError(
                    f"parameter {name}={value!r} is not an IRI; "
                    "write <https://...> or a prefixed name like id:china"
                )
            pattern = re.compile(
                rf"(VALUES\s+\?{re.escape(name)}\s*\{{)\s*[^}}]*?\s*(\}})", re.IGNORECASE
            )
            text, count = pattern.subn(lambda m, v=value: f"{m.group(1)} {v} {m.group(2)}", text)
            if count != 1:
                raise QueryError(
                    f"query {self.name!r} does not bind ?{name} with one VALUES clause; "
                    f"fix {self.path}"
                )
        return text


def parse_named_query(path: Path) -> NamedQuery:
    """Read one .rq file: its leading comment lines give title, description and parameters."""
    text = path.read_text(encoding="utf-8")
    title = description = ""
    params: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            name, _, default = value.partition(" ")
            params[name.lstrip("?")] = default.strip()
    return NamedQuery(
        name=path.stem,
        title=title or path.stem.replace("-", " ").capitalize(),
        description=description or path.stem,
        sparql=text,
        path=path,
        params=params,
    )


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries, by file stem, sorted by name."""
    folder = folder if folder is not None else ontology_dir() / QUERIES_DIR
    return {p.stem: parse_named_query(p) for p in sorted(folder.glob("*.rq"))}


def resolve_query(text_or_path_or_name: str, folder: Path | None = None) -> str:
    """SPARQL text from a named query, a .rq/.sparql file or the SPARQL itself."""
    value = text_or_path_or_name.strip()
    if not value:
        raise QueryError(
            "the query is empty; pass SPARQL text, a .rq file or the name of a named query"
        )
    queries = named_queries(folder)
    if value in queries:
        return queries[value].sparql
    if "\n" not in value and "{" not in value:
        path = Path(value).expanduser()
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if _QUERY_START.search(value) or "{" in value:
        return value
    names = ", ".join(queries) or "none"
    raise QueryError(
        f"unknown query {value!r}; named queries: {names}; or pass a .rq file or SPARQL text"
    )


# ---------------------------------------------------------------- formats


def _iri_or_label(term: Node | None, width: int) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = shorten(str(term))
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    text = " ".join(text.split())  # one line per row
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(results: Results, max_width: int = 80) -> str:
    """Aligned columns for reading in a terminal; IRIs shortened (sg:, id:), long values clipped."""
    if results.kind == "ask":
        return "true\n" if results.boolean else "false\n"
    if results.kind == "graph":
        return format_turtle(results)
    header = results.variables
    cells = [[_iri_or_label(term, max_width) for term in row] for row in results.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    count = len(results.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_csv(results: Results) -> str:
    """SPARQL 1.1 CSV: plain values (IRI, lexical form, _:label), CRLF line ends."""
    if results.kind != "select":
        return _non_select(results, "csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        )
    return buffer.getvalue()


def format_tsv(results: Results) -> str:
    """SPARQL 1.1 TSV: ?var header, terms in N-Triples syntax."""
    if results.kind != "select":
        return _non_select(results, "tsv")
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    lines += ["\t".join("" if t is None else _nt(t) for t in row) for row in results.rows]
    return "\n".join(lines) + "\n"


def format_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if results.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(results.boolean)}) + "\n"
    if results.kind == "graph":
        return format_turtle(results)
    bindings = [
        {v: _json_term(t) for v, t in zip(results.variables, row, strict=True) if t is not None}
        for row in results.rows
    ]
    document = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def format_turtle(results: Results) -> str:
    """CONSTRUCT and DESCRIBE results, as Turtle with the project's prefixes."""
    return serialize_triples(results.triples, "turtle").decode("utf-8")


# The registry the CLI builds its --format choice from. CONSTRUCT and DESCRIBE
# results always come out as Turtle.
FORMATS: dict[str, Callable[[Results], str]] = {
    "table": format_table,
    "csv": format_csv,
    "tsv": format_tsv,
    "json": format_json,
}


def run(
    store: Store,
    sparql: str,
    fmt: str = "table",
    *,
    timeout: float | None = None,
    allow_network: bool = False,
    max_rows: int | None = None,
) -> str:
    """Run ``sparql`` on the store and format the answer as text (see FORMATS).

    ``max_rows`` refuses answers with more rows (or triples) than that.
    """
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise QueryError(
            f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    return formatter(
        store.results(sparql, timeout=timeout, allow_network=allow_network, max_rows=max_rows)
    )


def _non_select(results: Results, fmt: str) -> str:
    if results.kind == "ask":
        return "true\n" if results.boolean else "false\n"
    return format_turtle(results)


def _nt(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    escaped = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        value["datatype"] = str(term.datatype)
    return value
