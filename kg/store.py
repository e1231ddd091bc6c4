"""Loading graphs and asking them SPARQL questions.

Queries are parsed with rdflib's SPARQL engine before they run, so a syntax
error is reported with its position instead of failing half-way.  Shipped
queries live in ontology/queries/ and are addressed by file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result, ResultRow

from kg.vocab import PREFIXES


class QueryError(Exception):
    """A query that cannot be parsed; the message says where and gives a hint."""


def load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def shipped_queries() -> dict[str, str]:
    """Name -> SPARQL text of every query in ontology/queries/."""
    folder = resources.files("kg._ontology").joinpath("queries")
    return {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }


def query_text(query: str) -> str:
    """SPARQL text for a query given as text, a .rq file, or a shipped query's name."""
    shipped = shipped_queries()
    if query in shipped:
        return shipped[query]
    if query.endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"no such query file: {query}")
        return path.read_text(encoding="utf-8")
    if query.strip() and " " not in query.strip() and "{" not in query:
        raise QueryError(f"unknown query {query!r}; shipped queries are: {', '.join(shipped)}")
    return query


def run(graph: Graph, text: str, **bindings: Any) -> Result:
    """Run a SELECT/ASK/CONSTRUCT query with the kg prefixes predeclared."""
    try:
        prepared = prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseException as err:
        raise QueryError(_syntax_message(text, err)) from err
    except Exception as err:  # rdflib raises assorted errors for unknown prefixes etc.
        raise QueryError(f"invalid query: {err}") from err
    return graph.query(prepared, initBindings=bindings)


def _syntax_message(text: str, err: ParseException) -> str:
    line = text.splitlines()[err.lineno - 1] if 0 < err.lineno <= len(text.splitlines()) else ""
    pointer = " " * (max(err.col, 1) - 1) + "^"
    hint = "check braces, dots between triple patterns, and that every prefix is declared"
    return f"SPARQL syntax error at line {err.lineno}, column {err.col}:\n  {line}\n  {pointer}\nhint: {hint}"


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]


def table(result: Result) -> Table:
    """A SELECT result as plain Python values (numbers, booleans, strings)."""
    if result.type == "ASK":
        return Table(["ask"], [[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries can be shown as a table")
    columns = [str(v) for v in result.vars or []]
    try:
        rows = [[python_value(row[i]) for i in range(len(columns))] for row in result if isinstance(row, ResultRow)]
    except Exception as err:  # rdflib evaluates lazily; its run-time errors have many types
        raise QueryError(f"query failed while running: {type(err).__name__}: {err}") from err
    return Table(columns, rows)


def compact(value: Any) -> Any:
    """An IRI in a known namespace as a prefixed name, for display: schema:Person."""
    if isinstance(value, str):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if value.startswith(str(namespace)) and len(value) > len(str(namespace)):
                return f"{prefix}:{value[len(str(namespace)):]}"
    return value


def python_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):  # unknown datatype: keep the lexical form
            return str(value)
        if hasattr(value, "isoformat") and not isinstance(value, str):
            return str(term)
        return value
    if isinstance(term, URIRef):
        return str(term)
    return str(term)
